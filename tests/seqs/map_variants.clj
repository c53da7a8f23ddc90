;; Checks: map with 1, 2, 3 and 4+ collections, stopping at the shortest.
(prn (map inc [1 2 3]))
(prn (map + [1 2 3] [10 20]))
(prn (map vector [1 2] [:a :b] ["x" "y"]))
(prn (map list [1 2] [3 4] [5 6] [7 8] [9 10]))
(prn (map str "abc" "xyz"))
(prn (map inc nil) (map + [] [1]))
(prn (mapv + [1 2] [3 4]))
