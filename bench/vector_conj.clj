;; 1,000,000 conj into [] with persistent conj: the vector is unshared, so
;; Perceus updates its tail (and every 32 items the path to it) in place.
(defn build [n]
  (loop [v [] i 0]
    (if (< i n)
      (recur (conj v i) (inc i))
      v)))

(let [v (build 1000000)]
  (println (count v) (nth v 999999) (nth v 500000)))
