;; Checks: counted? is true only where count is O(1): finite long ranges yes; (range), zero steps, double ranges and lazy seqs no.
(prn (counted? (range)) (counted? (range 10)) (counted? (range 0 10 2)) (counted? (range 10 0 -3)))
(prn (counted? (range 1.0 5.0)) (counted? (range 0 10 0)) (counted? (range 5 5)) (counted? (range 0 1/2 1/8)))
(prn (counted? (lazy-seq [1])) (counted? (map inc [1 2])) (counted? (iterate inc 1)) (counted? (repeat 1)))
(prn (counted? '(1 2)) (counted? ()) (counted? [1]) (counted? {:a 1}) (counted? #{1}) (counted? nil) (counted? "abc"))
(prn (count (range 10)) (count (range 0 10 3)) (count (range 1.0 5.0)) (count (range 10 0 -3)))
(prn (take 3 (range)) (take 3 (range 0 10 0)))
