;; BigDecimal division is exact or throws, as BigDecimal.divide; with-precision rounds.
(prn (/ 1M 4) (/ 1.00M 4) (/ 10M 4) (/ 6M 2) (/ 1M 0.25M) (/ 1.00M 0.5M) (/ -3M 8))
(prn (try (/ 1M 3) (catch ArithmeticException e (ex-message e))))
(prn (with-precision 10 (/ 1M 3)) (with-precision 3 (/ 2M 3)) (with-precision 5 (+ 1.23456789M 1)))
(prn (with-precision 2 :rounding DOWN (/ 2M 3)) (with-precision 2 :rounding CEILING (/ 1M 3))
     (with-precision 4 (/ 10M 4)) (with-precision 4 (* 1.2345M 1.2345M)))
(prn (with-precision 10 (/ 1M 8)) (with-precision 3 (/ 100M 3)))
