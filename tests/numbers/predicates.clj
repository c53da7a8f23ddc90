;; Checks: numeric type predicates.
(prn (number? 1) (number? 1.0) (number? 1/2) (number? "1"))
(prn (integer? 1) (integer? 1N) (integer? 1.0))
(prn (int? 1) (int? 1N) (float? 1.0) (double? 1.0) (float? 1))
(prn (ratio? 1/2) (rational? 1) (rational? 1.0) (decimal? 1.0))
(prn (nat-int? 0) (nat-int? -1) (pos-int? 5) (neg-int? -5))
