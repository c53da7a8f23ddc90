;; Checks: classic recursive functions: fib, factorial with BigInt promotion via *', ackermann.
(defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(println (map fib (range 15)))
(defn fact [n] (if (zero? n) 1 (*' n (fact (dec n)))))
(println (fact 25))
(defn ack [m n]
  (cond (zero? m) (inc n)
        (zero? n) (ack (dec m) 1)
        :else (ack (dec m) (ack m (dec n)))))
(println (ack 2 3))
