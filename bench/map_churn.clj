;; Map churn: assoc 1,000,000 long keys into a map, look each up, dissoc
;; each, and print a checksum. Exercises the hash array mapped trie's
;; insert, lookup and removal paths (in place when the map is unshared).

(def n 1000000)

(defn build [n]
  (loop [m {} i 0]
    (if (< i n)
      (recur (assoc m i (* 2 i)) (inc i))
      m)))

(defn sum-lookups [m n]
  (loop [i 0 acc 0]
    (if (< i n)
      (recur (inc i) (+ acc (get m i)))
      acc)))

(defn drain [m n]
  (loop [m m i 0]
    (if (< i n)
      (recur (dissoc m i) (inc i))
      m)))

(let [m (build n)
      c (count m)
      s (sum-lookups m n)
      e (drain m n)]
  (println c s (count e)))
