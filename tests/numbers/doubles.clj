;; Checks: double arithmetic and printing: rounding artifacts, negative zero, large and small magnitudes.
(prn (+ 0.1 0.2) (* 1.1 1.1) (/ 1.0 3) (- 0.0) (* -1 0.0))
(prn (double 1/3) (/ 22 7.0) 1e100 1.7976931348623157E308 4.9E-324)
(prn (= 0.0 -0.0) (== 0.0 -0.0) (< 1e-300 1e-299))
(prn (long 1e18) (double 123456789012))
(prn (mod 5.5 2) (quot -5.5 2) (rem -5.5 2))
