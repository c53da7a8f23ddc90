;; Checks: building big collections by repeated conj/assoc and checking size and samples.
(def big-v (reduce conj [] (range 100000)))
(prn (count big-v) (nth big-v 99999) (big-v 12345))
(def big-m (reduce (fn [m i] (assoc m i (* i i))) {} (range 10000)))
(prn (count big-m) (get big-m 9999) (get big-m 10000))
(def big-s (into #{} (map #(mod % 1000) (range 100000))))
(prn (count big-s) (contains? big-s 999))
(prn (count (reduce dissoc big-m (range 5000))))
(prn (reduce + (vals big-m)))
