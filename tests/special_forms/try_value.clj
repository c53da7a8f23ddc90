;; Checks: try is an expression: its value in let bindings, as a function argument, in loops.
(let [x (try (/ 10 2) (catch ArithmeticException e -1))
      y (try (/ 10 0) (catch ArithmeticException e -1))]
  (println x y))
(println (+ 1 (try 2 (finally nil))))
(println (loop [i 0 acc []]
  (if (< i 3)
    (recur (inc i) (conj acc (try (if (odd? i) (throw (Exception. "odd")) i) (catch Exception e :odd))))
    acc)))
(defn safe-div [a b] (try (/ a b) (catch ArithmeticException _ nil)))
(println (map #(safe-div 12 %) [1 0 4]))
