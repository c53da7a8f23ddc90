;; Checks: and/or short-circuit and return the deciding value.
(prn (and))
(prn (or))
(prn (and 1 2 3))
(prn (and 1 nil 3))
(prn (and 1 false (println "not printed")))
(prn (or nil false 7))
(prn (or nil false))
(prn (or 1 (println "not printed")))
(prn (and true (or false :x)))
(let [calls (atom 0)]
  (or (do (swap! calls inc) nil) (do (swap! calls inc) :b) (do (swap! calls inc) :c))
  (println @calls))
