;; Checks: long lazy chains realize iteratively (no stack overflow) for 1,000,000 elements.
(prn (count (filter even? (map inc (range 1000000)))))
(prn (last (take 1000000 (iterate inc 0))))
(prn (nth (drop 500000 (range)) 10))
(prn (reduce + (take-while #(< % 1000000) (iterate inc 0))))
(prn (count (mapcat (fn [x] [x x]) (range 100000))))
(prn (count (concat (range 500000) (range 500000))))
