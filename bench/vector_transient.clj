;; 1,000,000 conj! into (transient []), then persistent!: the transient
;; counterpart of vector_conj.clj.
(defn build [n]
  (loop [v (transient []) i 0]
    (if (< i n)
      (recur (conj! v i) (inc i))
      (persistent! v))))

(let [v (build 1000000)]
  (println (count v) (nth v 999999) (nth v 500000)))
