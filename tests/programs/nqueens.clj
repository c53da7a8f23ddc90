;; Checks: an n-queens solver (for comprehension, recursion, every?) counts solutions for n = 1..7.
(defn safe? [queens col]
  (let [row (count queens)]
    (every? (fn [[r c]] (and (not= c col) (not= (- row r) (abs (- col c)))))
            (map-indexed vector queens))))
(defn solve [n]
  (loop [row 0 partials [[]]]
    (if (= row n)
      partials
      (recur (inc row)
             (for [qs partials c (range n) :when (safe? qs c)] (conj qs c))))))
(println (map (comp count solve) (range 1 8)))
(println (first (solve 6)))
