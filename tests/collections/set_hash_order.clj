;; Checks: sets are always hash sets: literals, hash-set, set, into, conj and
;; disj iterate in JVM Clojure's hash order at every size, with nil first.
(doseq [n [0 1 2 3 8 9 16 17 32 33 100 300]]
  (prn n (set (range n))))
(prn (set (range 100)))
(prn #{"a" "b" "c"} #{:c :b :a} #{1 2} #{2 1} (hash-set 3 2 1) (hash-set))
(prn (set (map str (range 40))) (set (map keyword (map str (range 20)))))
(prn (conj #{1 2 3} nil) (set [nil false true]) (disj #{nil 1} nil))
(prn (into #{} (range 20 0 -1)) (reduce disj (set (range 50)) (range 0 50 3)))
(prn (set [1.5 -2 3N 4/3 \x "y" 'z :w [1] '(2) {:a 1} #{0}]))
(prn (seq #{1 2 3 4 5 6 7 8 9 10}) (first #{:q :r :s}) (rest #{:q :r :s}))
(prn (count (set (range 5000))) (contains? (set (range 5000)) 4999) (get #{[1 2]} '(1 2)) (#{:a} :b))
(prn (= #{1 2 3} (set [3 2 1])) (= (set (range 100)) (set (reverse (range 100)))))
(prn (hash #{}) (hash #{1 2 3}) (hash (set (range 100))) (hash #{nil}))
(prn (type #{}) (type (set [1])) (empty #{1 2}) (meta (empty (with-meta #{1} {:m 1}))))
(prn (map (set (range 10)) [3 30]) (filter #{2 4} (range 6)))
