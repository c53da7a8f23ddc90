;; Checks: closures over arguments, closures returned from closures, partial application.
(defn adder [n] (fn [x] (+ x n)))
(def add10 (adder 10))
(println (add10 5) ((adder 1) 1))
(defn curry3 [f] (fn [a] (fn [b] (fn [c] (f a b c)))))
(println ((((curry3 +) 1) 2) 3))
(def fns (map (fn [i] (fn [] (* i i))) (range 5)))
(println (map (fn [f] (f)) fns))
(let [x 1
      f (fn [] x)
      x 2]
  (println (f) x))
