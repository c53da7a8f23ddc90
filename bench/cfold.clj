;; Constant folding, after the cfold benchmark of the Perceus papers:
;; expression nodes are vectors [:var n] [:val n] [:add l r] [:mul l r]. Builds
;; trees of 2^10 leaves, reassociates each to the right, folds constants and
;; evaluates it before and after: the work is building and taking apart small
;; vectors, mostly unshared (where drop-reuse can recycle a node). (The papers
;; use one tree of 2^20 leaves; its right spine would overflow the JVM's stack.)

(defn mk-expr [n v]
  (if (zero? n)
    (if (zero? v) [:var 1] [:val v])
    [:add (mk-expr (dec n) (inc v)) (mk-expr (dec n) (max (dec v) 0))]))

(defn append-add [e1 e2]
  (if (identical? :add (e1 0))
    [:add (e1 1) (append-add (e1 2) e2)]
    [:add e1 e2]))

(defn append-mul [e1 e2]
  (if (identical? :mul (e1 0))
    [:mul (e1 1) (append-mul (e1 2) e2)]
    [:mul e1 e2]))

(defn reassoc [e]
  (case (e 0)
    :add (append-add (reassoc (e 1)) (reassoc (e 2)))
    :mul (append-mul (reassoc (e 1)) (reassoc (e 2)))
    e))

(defn fold-op [op f a b]
  (cond
    (and (identical? :val (a 0)) (identical? :val (b 0))) [:val (f (a 1) (b 1))]
    (and (identical? :val (a 0)) (identical? op (b 0)) (identical? :val ((b 1) 0)))
    [op [:val (f (a 1) ((b 1) 1))] (b 2)]
    (and (identical? :val (a 0)) (identical? op (b 0)) (identical? :val ((b 2) 0)))
    [op [:val (f (a 1) ((b 2) 1))] (b 1)]
    :else [op a b]))

(defn cfold [e]
  (case (e 0)
    :add (fold-op :add + (cfold (e 1)) (cfold (e 2)))
    :mul (fold-op :mul * (cfold (e 1)) (cfold (e 2)))
    e))

(defn evaluate [e]
  (case (e 0)
    :var 0
    :val (e 1)
    :add (+ (evaluate (e 1)) (evaluate (e 2)))
    :mul (* (evaluate (e 1)) (evaluate (e 2)))))

(loop [v 0 before 0 after 0]
  (if (< v 400)
    (let [e (mk-expr 10 v)]
      (recur (inc v) (+ before (evaluate e)) (+ after (evaluate (cfold (reassoc e))))))
    (println before after)))
