;; Symbolic differentiation, after the deriv benchmark of the Perceus papers
;; (Reinking, Xie, de Moura, Leijen: "Perceus: Garbage Free Reference Counting
;; with Reuse", 2021). Expressions are keyword-tagged vectors:
;;   [:val n] [:var "x"] [:add f g] [:mul f g] [:pow f g] [:ln f]
;; so the work is small-vector construction, vectors and keywords called as
;; functions, and keyword comparison. Differentiates x^x nine times, printing
;; the size of each derivative.

(defn pown [a n]
  (cond (zero? n) 1
        (= n 1) a
        :else (let [b (pown a (quot n 2))]
                (if (even? n) (* b b) (* b b a)))))

(defn val? [e] (identical? :val (e 0)))
(defn val-is? [e n] (and (val? e) (== n (e 1))))

(defn add [x y]
  (cond
    (and (val? x) (val? y)) [:val (+ (x 1) (y 1))]
    (val-is? x 0) y
    (val-is? y 0) x
    (val? y) (add y x)
    (and (val? x) (identical? :add (y 0)) (val? (y 1))) (add [:val (+ (x 1) ((y 1) 1))] (y 2))
    (and (identical? :add (y 0)) (val? (y 1))) (add (y 1) (add x (y 2)))
    (identical? :add (x 0)) (add (x 1) (add (x 2) y))
    :else [:add x y]))

(defn mul [x y]
  (cond
    (and (val? x) (val? y)) [:val (* (x 1) (y 1))]
    (val-is? x 0) [:val 0]
    (val-is? y 0) [:val 0]
    (val-is? x 1) y
    (val-is? y 1) x
    (val? y) (mul y x)
    (and (val? x) (identical? :mul (y 0)) (val? (y 1))) (mul [:val (* (x 1) ((y 1) 1))] (y 2))
    (and (identical? :mul (y 0)) (val? (y 1))) (mul (y 1) (mul x (y 2)))
    (identical? :mul (x 0)) (mul (x 1) (mul (x 2) y))
    :else [:mul x y]))

(defn pow [x y]
  (cond
    (and (val? x) (val? y)) [:val (pown (x 1) (y 1))]
    (val-is? y 0) [:val 1]
    (val-is? y 1) x
    (val-is? x 0) [:val 0]
    :else [:pow x y]))

(defn ln [x]
  (if (val-is? x 1) [:val 0] [:ln x]))

(defn d [x e]
  (case (e 0)
    :val [:val 0]
    :var (if (= x (e 1)) [:val 1] [:val 0])
    :add (add (d x (e 1)) (d x (e 2)))
    :mul (let [f (e 1) g (e 2)]
           (add (mul f (d x g)) (mul g (d x f))))
    :pow (let [f (e 1) g (e 2)]
           (mul (pow f g)
                (add (mul (mul g (d x f)) (pow f [:val -1]))
                     (mul (ln f) (d x g)))))
    :ln (let [f (e 1)]
          (mul (d x f) (pow f [:val -1])))))

(defn node-count [e]
  (case (e 0)
    (:val :var) 1
    (:add :mul :pow) (+ (node-count (e 1)) (node-count (e 2)))
    :ln (node-count (e 1))))

(loop [i 1 f (pow [:var "x"] [:var "x"])]
  (when (<= i 9)
    (let [df (d "x" f)]
      (println i "count:" (node-count df))
      (recur (inc i) df))))
