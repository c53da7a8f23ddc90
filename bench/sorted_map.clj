;; A sorted map (persistent red-black tree): 200,000 long keys inserted in a
;; scrambled order, then every key looked up and the values summed.
(def n 200000)

(defn build [n]
  (loop [i 0 m (sorted-map)]
    (if (< i n)
      (recur (inc i) (assoc m (mod (* i 7919) n) i))
      m)))

(defn sum-lookups [m n]
  (loop [i 0 acc 0]
    (if (< i n)
      (recur (inc i) (+ acc (get m i)))
      acc)))

(let [m (build n)]
  (println (count m) (sum-lookups m n)))
