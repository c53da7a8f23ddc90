;; *print-length* and *print-level*, as pr/prn/print/str honour them.
(binding [*print-length* 2]
  (prn [1 2 3] [1 2] [] '(1 2 3) {:a 1 :b 2 :c 3} #{1})
  (prn (range) (iterate inc 0) (map inc (range 10)))
  (println [1 "a" 3] (str [1 2 3 4]) (pr-str '(a b c)))
  (println (with-out-str (pr (repeat 1)))))
(binding [*print-length* 0] (prn [1] [] '(1)))
(binding [*print-level* 1] (prn [1 [2 [3]]] {:a {:b 1}} :x [] '(1 (2))))
(binding [*print-level* 2] (prn [1 [2 [3 [4]]]] (list 1 (list 2 (list 3)))))
(binding [*print-level* 0] (prn [1] 5 "s"))
(binding [*print-level* 2 *print-length* 1] (prn [[1 2] [3 4]] {:a [1 2] :b 2}))
(prn [1 2 3])
