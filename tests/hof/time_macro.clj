;; Checks: time returns the value of its expression and prints an "Elapsed time" line
;; (only the fixed prefix is checked, since the duration varies).
(def printed (with-out-str (def result (time (reduce + (range 1000))))))
(println result)
(println (subs printed 0 15))
