;; Okasaki's red-black tree with defrecord nodes, fields read with keywords
;; and nodes rebuilt with the positional factory: (->Node ...) expands inline
;; to an allocation the compiler sees, so a node taken apart and rebuilt
;; reuses its memory in place (crates/cli/tests/reuse_stats.rs counts it).
(defrecord Node [color left key right])

(defn red? [t] (and (some? t) (identical? :red (:color t))))

(defn balance [t]
  (let [l (:left t) r (:right t)]
    (cond
      (and (red? l) (red? (:left l)))
      (let [ll (:left l)]
        (->Node :red (->Node :black (:left ll) (:key ll) (:right ll)) (:key l)
                (->Node :black (:right l) (:key t) r)))
      (and (red? l) (red? (:right l)))
      (let [lr (:right l)]
        (->Node :red (->Node :black (:left l) (:key l) (:left lr)) (:key lr)
                (->Node :black (:right lr) (:key t) r)))
      (and (red? r) (red? (:left r)))
      (let [rl (:left r)]
        (->Node :red (->Node :black l (:key t) (:left rl)) (:key rl)
                (->Node :black (:right rl) (:key r) (:right r))))
      (and (red? r) (red? (:right r)))
      (let [rr (:right r)]
        (->Node :red (->Node :black l (:key t) (:left r)) (:key r)
                (->Node :black (:left rr) (:key rr) (:right rr))))
      :else t)))

(defn ins [t k]
  (if (nil? t)
    (->Node :red nil k nil)
    (let [c (:color t) l (:left t) y (:key t) r (:right t)]
      (cond
        (< k y) (let [t (->Node c (ins l k) y r)] (if (identical? c :black) (balance t) t))
        (> k y) (let [t (->Node c l y (ins r k))] (if (identical? c :black) (balance t) t))
        :else (->Node c l y r)))))

(defn insert [t k]
  (let [t (ins t k)]
    (->Node :black (:left t) (:key t) (:right t))))

(defn depth [t] (if (nil? t) 0 (inc (max (depth (:left t)) (depth (:right t))))))
(defn in-order [t] (if (nil? t) [] (concat (in-order (:left t)) [(:key t)] (in-order (:right t)))))

(def n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 1000))

(let [ks (map #(mod (* 7919 %) n) (range n))
      t (reduce insert nil ks)]
  (println (count (in-order t)) (depth t) (= (in-order t) (range n)) (take 5 (in-order t)))
  (println (->Node :red nil 1 nil) (= (->Node :red nil 1 nil) (map->Node {:color :red :key 1}))
           (record? t) (map->Node {:color :black :key 2 :extra 3})))
(println (try (->Node 1 2) (catch Exception _ :wrong-arity)))
(println (map ->Node [:a] [nil] [1] [nil]))
