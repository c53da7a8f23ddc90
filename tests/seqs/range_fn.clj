;; Checks: range arities, negative steps, empty ranges, counting.
(prn (range 5) (range 2 6) (range 0 10 3) (range 5 0 -1) (range 0))
(prn (range 3 3) (range 5 2) (count (range 1000)) (reduce + (range 101)))
(prn (range 0 1 0.25))
(prn (nth (range 10 20) 5))
