;; Checks: collection equality: list = vector, maps by content, nested, different types unequal.
(prn (= [1 2 3] '(1 2 3)) (= [1 2] [1 2 3]) (= {:a 1} {:a 1}) (= {:a 1} {:a 2}))
(prn (= [1 [2 {:a #{3}}]] [1 [2 {:a #{3}}]]))
(prn (= (range 3) [0 1 2]) (= (map inc [0 1]) '(1 2)))
(prn (= [] '()) (= {} []) (= #{} []) (= nil []))
(prn (= "abc" "abc") (= :a :a) (= 'a 'a) (= \a \a) (= "a" \a))
(prn (= [1 2] (seq [1 2])) (= (lazy-seq [1]) [1]))
(prn (identical? :a :a) (= [nil] [nil]))
