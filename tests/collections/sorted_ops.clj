;; Checks: sort and sort-by: default compare, custom comparators, stability, reverse order.
(prn (sort [3 1 2]) (sort > [3 1 2]) (sort []) (sort nil))
(prn (sort ["pear" "apple" "fig"]) (sort [:b :a :c]))
(prn (sort-by count ["ccc" "a" "bb" "dd" "e"]))
(prn (sort-by first [[2 :a] [1 :b] [2 :c] [1 :d]]))
(prn (sort-by - [1 3 2]))
(prn (sort (fn [a b] (compare b a)) [1 3 2]))
(prn (sort [[1 2] [1 1] [0 5]]))
(prn (sort-by :k #(compare %2 %1) [{:k 1} {:k 3} {:k 2}]))
