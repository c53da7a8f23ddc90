;; Checks: frequencies, group-by, partition-by results (small maps, insertion order).
(prn (frequencies [:a :b :a :c :a :b]))
(prn (group-by even? [1 2 3 4 5 6]))
(prn (group-by count ["a" "bb" "c" "dd" "eee"]))
(prn (frequencies "hello"))
(prn (sort-by val > (frequencies [1 1 1 2 2 3])))
