;; Checks: set operations with sorted output: conj, disj, contains?, set as fn, set from coll.
(def s #{1 2 3})
(prn (sort (conj s 4)) (sort (disj s 1)) (contains? s 2) (contains? s 9))
(prn (s 2) (s 9) (count s) (sort (set [3 1 2 3 1])))
(prn (= #{1 2} #{2 1}) (= #{1} #{1 2}))
(prn (#{:a :b} :a) (get #{:a} :a) (get #{:a} :b))
(prn (sort (into #{} [5 4 5 4])))
(prn (set nil) (hash-set 1) (disj #{1} 1))
(prn (filter #{2 3} [1 2 3 4]))
