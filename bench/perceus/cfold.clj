;; Constant folding, after the cfold benchmark of the Perceus papers: one
;; expression tree of 2^18 leaves (records Var, Val, Add, Mul), reassociated
;; to the right, its constants folded, evaluated before and after. The nodes
;; are unshared, so reassociation and folding can rebuild them in place; the
;; reassociated right spine recurses about 2^18 deep. (The papers use depth
;; 20: its 2^20-deep recursion overflows genera's VM register stack, 64 MiB
;; per thread, as it would JVM Clojure's default stack.)
;; Usage: genera run cfold.clj [DEPTH]

(defrecord Var [name])
(defrecord Val [n])
(defrecord Add [l r])
(defrecord Mul [l r])

(defn mk-expr [n v]
  (if (zero? n)
    (if (zero? v) (->Var 1) (->Val v))
    (->Add (mk-expr (dec n) (inc v)) (mk-expr (dec n) (max (dec v) 0)))))

(defn append-add [e1 e2]
  (if (instance? Add e1)
    (->Add (:l e1) (append-add (:r e1) e2))
    (->Add e1 e2)))

(defn append-mul [e1 e2]
  (if (instance? Mul e1)
    (->Mul (:l e1) (append-mul (:r e1) e2))
    (->Mul e1 e2)))

(defn reassoc [e]
  (condp instance? e
    Add (append-add (reassoc (:l e)) (reassoc (:r e)))
    Mul (append-mul (reassoc (:l e)) (reassoc (:r e)))
    e))

(defn fold-add [a b]
  (cond
    (and (instance? Val a) (instance? Val b)) (->Val (+ (:n a) (:n b)))
    (and (instance? Val a) (instance? Add b) (instance? Val (:r b)))
    (->Add (->Val (+ (:n a) (:n (:r b)))) (:l b))
    (and (instance? Val a) (instance? Add b) (instance? Val (:l b)))
    (->Add (->Val (+ (:n a) (:n (:l b)))) (:r b))
    :else (->Add a b)))

(defn fold-mul [a b]
  (cond
    (and (instance? Val a) (instance? Val b)) (->Val (* (:n a) (:n b)))
    (and (instance? Val a) (instance? Mul b) (instance? Val (:r b)))
    (->Mul (->Val (* (:n a) (:n (:r b)))) (:l b))
    (and (instance? Val a) (instance? Mul b) (instance? Val (:l b)))
    (->Mul (->Val (* (:n a) (:n (:l b)))) (:r b))
    :else (->Mul a b)))

(defn cfold [e]
  (condp instance? e
    Add (fold-add (cfold (:l e)) (cfold (:r e)))
    Mul (fold-mul (cfold (:l e)) (cfold (:r e)))
    e))

(defn evaluate [e]
  (condp instance? e
    Var 0
    Val (:n e)
    Add (+ (evaluate (:l e)) (evaluate (:r e)))
    Mul (* (evaluate (:l e)) (evaluate (:r e)))))

(let [depth (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 18)
      e (mk-expr depth 1)
      before (evaluate e)]
  (println before (evaluate (cfold (reassoc e)))))
