;; A comparator error escapes as a ClassCastException.
(println (sorted-set 1 2))
(println (conj (sorted-set 1 2) :three))
