(defn qsort [[p & xs]]
  (when p
    (concat (qsort (filter #(< % p) xs)) [p] (qsort (remove #(< % p) xs)))))
(println (qsort [3 1 4 1 5 9 2 6 5 3 5]))
(defn msort [xs]
  (if (<= (count xs) 1) xs
    (let [[l r] (split-at (quot (count xs) 2) xs)]
      (loop [a (msort l) b (msort r) acc []]
        (cond (empty? a) (into acc b)
              (empty? b) (into acc a)
              (<= (first a) (first b)) (recur (rest a) b (conj acc (first a)))
              :else (recur a (rest b) (conj acc (first b))))))))
(println (msort [38 27 43 3 9 82 10]))
(println (sort > [3 1 2]) (sort-by count ["ccc" "a" "bb"]) (sort-by - [1 3 2]))
(println (sort [[1 2] [1 1] [0 5]]) (sort ["b" "a" "C"]) (sort [:b :a :c]))
(println (sort-by :age [{:n "a" :age 30} {:n "b" :age 20}]))
(println (sort compare [3.5 1 2/3]))
(println (reverse (sort (map #(* % %) (range -3 4)))))
(defn bsearch [v x]
  (loop [lo 0 hi (dec (count v))]
    (if (> lo hi) -1
      (let [mid (quot (+ lo hi) 2) m (v mid)]
        (cond (= m x) mid (< m x) (recur (inc mid) hi) :else (recur lo (dec mid)))))))
(let [v (vec (range 0 100 3))] (println (map #(bsearch v %) [0 3 4 99 51 100])))
