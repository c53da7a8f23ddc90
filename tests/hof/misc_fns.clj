;; Checks: comparator, bounded-count, pmap/pcalls/pvalues (same results as map), random-sample bounds.
(prn (sort (comparator >) [1 3 2]) (sort-by identity (comparator <) [3 1 2]))
(prn (bounded-count 5 (iterate inc 0)) (bounded-count 5 [1 2]))
(prn (pmap inc [1 2 3]) (pmap + [1 2] [10 20]) (pcalls (fn [] 1) (fn [] 2)) (pvalues (+ 1 1) 3))
(prn (count (random-sample 1.0 (range 10))) (count (random-sample 0.0 (range 10))))
