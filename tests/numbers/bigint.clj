;; Checks: BigInt literals, arithmetic, printing, comparisons with longs.
(prn 1N (+ 1N 1) (* 10000000000N 10000000000N))
(prn (bigint 5) (= 5N 5) (< 1N 2))
(prn (- 100000000000000000000N 1))
(prn (quot 100000000000000000000N 3) (rem 100000000000000000000N 7))
(prn (+ 1N 0.5))
(prn (integer? 1N) (number? 1N))
