;; Checks: seq on every collection type (maps give entries), count, empty, sequential? etc.
(prn (seq [1 2]) (seq '()) (seq {}) (seq nil) (seq "ab") (seq {:a 1}))
(prn (count "abc") (count nil) (count {:a 1 :b 2}) (count #{1}))
(prn (empty [1 2]) (empty {:a 1}) (empty '(1)) (empty nil))
(prn (sequential? [1]) (sequential? '(1)) (sequential? {:a 1}) (sequential? #{1}))
(prn (coll? []) (coll? "s") (map? {}) (set? #{}) (vector? []) (associative? [])  (counted? []))
(prn (not-empty []) (not-empty [1]))
(prn (seqable? nil) (seqable? "s") (seqable? 1))
