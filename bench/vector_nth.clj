;; Reading a 1,000,000-item vector: nth by index (O(log32 n) per read) and
;; reduce (a leaf at a time).
(def v (vec (range 1000000)))
(defn sum-nth [v]
  (loop [i 0 acc 0]
    (if (< i (count v))
      (recur (inc i) (+ acc (nth v i)))
      acc)))
(println (sum-nth v) (reduce + v))
