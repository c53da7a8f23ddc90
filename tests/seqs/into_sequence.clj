;; Checks: into for vectors/lists/maps/sets, sequence, vec/set conversions.
(prn (into [1] [2 3]) (into '(1) [2 3]) (into {:a 1} {:b 2}) (sort (into #{1} [2 1])))
(prn (into [] nil) (into nil [1 2]))
(prn (sequence [1 2]) (sequence nil) (sequence '(1)))
(prn (vec (range 3)) (vec nil) (vec {:a 1}))
