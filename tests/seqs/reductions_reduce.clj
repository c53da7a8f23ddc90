;; Checks: reduce with and without init, reduced for early exit, reductions, reduce over maps.
(prn (reduce + [1 2 3 4]) (reduce + 10 [1 2 3]) (reduce + []) (reduce + 5 []))
(prn (reduce (fn [acc x] (if (> acc 10) (reduced acc) (+ acc x))) (range)))
(prn (reductions + [1 2 3 4]) (reductions + 100 [1 2]) (reductions + []))
(prn (reduce (fn [acc [k v]] (+ acc v)) 0 {:a 1 :b 2}))
(prn (reduce conj [] '(3 2 1)))
(prn (reduce max [3 9 2]))
(prn (take 5 (reductions + (range))))
