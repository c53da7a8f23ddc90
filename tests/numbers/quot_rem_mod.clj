;; Checks: quot, rem, mod with negative operands and doubles.
(prn (quot 7 2) (quot -7 2) (quot 7 -2) (quot -7 -2))
(prn (rem 7 2) (rem -7 2) (rem 7 -2) (rem -7 -2))
(prn (mod 7 2) (mod -7 2) (mod 7 -2) (mod -7 -2))
(prn (mod 10 5) (mod -10 5) (rem 0 3))
(prn (quot 7.5 2) (rem 7.5 2) (mod -7.5 2))
(prn (mod 5 3) (mod -5 3))
