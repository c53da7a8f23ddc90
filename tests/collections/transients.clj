;; Checks: transient/persistent! with conj!, assoc!, dissoc!, disj!, pop! (using returned values).
(prn (persistent! (reduce conj! (transient []) (range 5))))
(prn (sort (persistent! (-> (transient {}) (assoc! :a 1) (assoc! :b 2 :c 3) (dissoc! :a)))))
(prn (sort (persistent! (disj! (conj! (conj! (transient #{}) 1) 2) 2))))
(prn (persistent! (pop! (transient [1 2 3]))))
(prn (count (transient [1 2])) (get (transient {:k :v}) :k) (nth (transient [7 8]) 1))
(defn build [n] (loop [i 0 v (transient [])] (if (< i n) (recur (inc i) (conj! v (* i i))) (persistent! v))))
(prn (build 6))
