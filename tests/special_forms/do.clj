;; Checks: do evaluates in order, returns the last value; empty do is nil.
(println (do (println "one") (println "two") 3))
(prn (do))
(prn (do nil))
(def counter (atom 0))
(do (swap! counter inc) (swap! counter inc) (swap! counter inc))
(println @counter)
