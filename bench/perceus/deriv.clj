;; Symbolic differentiation, after the deriv benchmark of the Perceus papers:
;; x^x differentiated ten times, expressions as records (Val, Var, Add, Mul,
;; Pow, Ln), simplified as they are built. Subexpressions are shared (d of a
;; product uses both factors twice), so this measures cheap sharing more than
;; reuse. Prints the size of each derivative.
;; Usage: genera run deriv.clj [N]

(defrecord Val [n])
(defrecord Var [name])
(defrecord Add [l r])
(defrecord Mul [l r])
(defrecord Pow [l r])
(defrecord Ln [e])

(defn val? [e] (instance? Val e))
(defn val-is? [e n] (and (val? e) (== n (:n e))))

(defn pown [a n]
  (cond (zero? n) 1
        (== n 1) a
        :else (let [b (pown a (quot n 2))]
                (if (even? n) (* b b) (* b b a)))))

(defn add [x y]
  (cond
    (and (val? x) (val? y)) (->Val (+ (:n x) (:n y)))
    (val-is? x 0) y
    (val-is? y 0) x
    (val? y) (add y x)
    (and (val? x) (instance? Add y) (val? (:l y))) (add (->Val (+ (:n x) (:n (:l y)))) (:r y))
    (and (instance? Add y) (val? (:l y))) (add (:l y) (add x (:r y)))
    (instance? Add x) (add (:l x) (add (:r x) y))
    :else (->Add x y)))

(defn mul [x y]
  (cond
    (and (val? x) (val? y)) (->Val (* (:n x) (:n y)))
    (val-is? x 0) (->Val 0)
    (val-is? y 0) (->Val 0)
    (val-is? x 1) y
    (val-is? y 1) x
    (val? y) (mul y x)
    (and (val? x) (instance? Mul y) (val? (:l y))) (mul (->Val (* (:n x) (:n (:l y)))) (:r y))
    (and (instance? Mul y) (val? (:l y))) (mul (:l y) (mul x (:r y)))
    (instance? Mul x) (mul (:l x) (mul (:r x) y))
    :else (->Mul x y)))

(defn pow [x y]
  (cond
    (and (val? x) (val? y)) (->Val (pown (:n x) (:n y)))
    (val-is? y 0) (->Val 1)
    (val-is? y 1) x
    (val-is? x 0) (->Val 0)
    :else (->Pow x y)))

(defn ln [x]
  (if (val-is? x 1) (->Val 0) (->Ln x)))

(defn d [x e]
  (condp instance? e
    Val (->Val 0)
    Var (if (= x (:name e)) (->Val 1) (->Val 0))
    Add (add (d x (:l e)) (d x (:r e)))
    Mul (add (mul (:l e) (d x (:r e))) (mul (:r e) (d x (:l e))))
    Pow (let [f (:l e) g (:r e)]
          (mul (pow f g)
               (add (mul (mul g (d x f)) (pow f (->Val -1)))
                    (mul (ln f) (d x g)))))
    Ln (mul (d x (:e e)) (pow (:e e) (->Val -1)))))

(defn size [e]
  (condp instance? e
    Val 1
    Var 1
    Ln (size (:e e))
    (+ (size (:l e)) (size (:r e)))))

(let [n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 10)
      x (->Var "x")]
  (loop [i 0 e (pow x x)]
    (when (< i n)
      (let [e (d "x" e)]
        (println (inc i) "count:" (size e))
        (recur (inc i) e)))))
