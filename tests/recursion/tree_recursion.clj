;; Checks: recursion over nested data: tree depth, sum of leaves, flatten by hand.
(def tree [1 [2 [3 4] 5] [[6]] 7])
(defn leaves-sum [t] (if (vector? t) (reduce + (map leaves-sum t)) t))
(println (leaves-sum tree))
(defn depth [t] (if (vector? t) (inc (reduce max 0 (map depth t))) 0))
(println (depth tree))
(defn my-flatten [t] (if (vector? t) (mapcat my-flatten t) [t]))
(println (my-flatten tree))
(defn hanoi [n from to via]
  (if (zero? n) []
      (concat (hanoi (dec n) from via to) [[from to]] (hanoi (dec n) via to from))))
(println (count (hanoi 10 :a :c :b)))
(println (take 3 (hanoi 3 :a :c :b)))
