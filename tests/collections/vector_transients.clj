;; Checks: transient vectors: conj!, assoc!, pop!, persistent!, count, nth,
;; get, invoking, across trie boundaries; the source vector is unchanged;
;; errors (use after persistent!, bad index, empty pop!, wrong kinds).
(defn build! [n] (loop [t (transient []) i 0] (if (< i n) (recur (conj! t i) (inc i)) t)))
(doseq [n [0 1 31 32 33 1024 1025 1057 33000]]
  (let [t (build! n)]
    (prn n (count t) (if (pos? n) [(nth t (dec n)) (get t 0) (t (quot n 2))] :empty)
         (get t n :nf) (nth t n :nf) (= (persistent! t) (range n)))))
(def v [1 2 3])
(def t (transient v))
(conj! t 4)
(assoc! t 0 :a)
(prn v (count t) (nth t 0) (persistent! (conj! t 5)) v)
(prn (persistent! (pop! (pop! (transient (vec (range 34)))))))
(prn (let [t (build! 1100)] (dotimes [_ 1090] (pop! t)) (persistent! t)))
(prn (persistent! (assoc! (transient [1 2]) 2 3 0 :z)))
(prn (let [t (build! 2000)] (dotimes [i 2000] (assoc! t i (* 2 i))) (reduce + (persistent! t))))
(prn (persistent! (conj!)) (persistent! (conj! (transient [1]))) (meta (persistent! (transient (with-meta [1] {:a 1})))))
(prn (vector? (transient [])) (coll? (transient [])) (counted? (transient [])))
(prn (contains? (transient [1 2]) 1) (contains? (transient [1 2]) 2))
(defn err [f] (try (f) (catch Throwable e [(.getMessage e)])))
(let [t (transient [1])]
  (persistent! t)
  (prn (err #(conj! t 2)) (err #(count t)) (err #(persistent! t)) (err #(nth t 0)) (err #(pop! t))))
(prn (err #(pop! (transient [])))
     (try (assoc! (transient [1]) 5 0) (catch IndexOutOfBoundsException e :oob))
     (try (nth (transient [1]) 3) (catch IndexOutOfBoundsException e :oob)))
(prn (err #(assoc! (transient [1]) :k 0)))
(prn (try (conj! [1] 2) (catch ClassCastException e :cce))
     (try (transient '(1)) (catch ClassCastException e :cce))
     (try (persistent! [1]) (catch ClassCastException e :cce))
     (try (pop! [1]) (catch ClassCastException e :cce))
     (try (dissoc! (transient [1]) 0) (catch ClassCastException e :cce)))
;; maps and sets keep working through the transient functions
(prn (persistent! (assoc! (transient {:a 1}) :b 2)) (persistent! (conj! (transient #{}) 1)))
