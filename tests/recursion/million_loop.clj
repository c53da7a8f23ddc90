;; Checks: a 1,000,000-iteration loop/recur summing without growing the stack.
(println (loop [i 0 sum 0]
  (if (< i 1000000)
    (recur (inc i) (+ sum i))
    sum)))
(defn count-up [n] (loop [i 0] (if (< i n) (recur (inc i)) i)))
(println (count-up 1000000))
