;; Checks: shuffle keeps the same elements; rand-nth picks a member; rand-int stays in range.
(def v (vec (range 20)))
(println (= (sort (shuffle v)) v) (count (shuffle v)))
(println (contains? (set v) (rand-nth v)))
(println (every? #(< -1 % 10) (repeatedly 100 #(rand-int 10))))
(println (every? #(and (<= 0 %) (< % 1)) (repeatedly 100 rand)))
(println (replace {1 :one 3 :three} [1 2 3 1]) (replace {:a 1} '(:a :b)))
