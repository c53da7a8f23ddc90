(def graph {:a {:b 7 :c 9 :f 14} :b {:a 7 :c 10 :d 15} :c {:a 9 :b 10 :d 11 :f 2}
            :d {:b 15 :c 11 :e 6} :e {:d 6 :f 9} :f {:a 14 :c 2 :e 9}})
(defn dijkstra [g src]
  (loop [dist {src 0} prev {} unvisited (set (keys g))]
    (let [cands (filter #(contains? dist %) unvisited)]
      (if (empty? cands) [dist prev]
        (let [u (first (sort-by (juxt dist name) cands))]
          (let [[dist prev] (reduce (fn [[d p] [v w]]
                                      (let [alt (+ (d u) w)]
                                        (if (< alt (get d v 9223372036854775807)) [(assoc d v alt) (assoc p v u)] [d p])))
                                    [dist prev] (g u))]
            (recur dist prev (disj unvisited u))))))))
(defn path [prev t] (reverse (take-while some? (iterate prev t))))
(let [[dist prev] (dijkstra graph :a)]
  (doseq [n (sort (keys dist))] (println n (dist n) (path prev n))))
(defn min-by [f coll] (reduce (fn [a b] (if (<= (f a) (f b)) a b)) coll))
(println (min-by count ["abc" "d" "ef" "g"]))
(defn floyd [nodes g]
  (let [init (into {} (for [i nodes j nodes] [[i j] (cond (= i j) 0 :else (get-in g [i j] 1000000))]))]
    (reduce (fn [d [k i j]] (let [via (+ (d [i k]) (d [k j]))] (if (< via (d [i j])) (assoc d [i j] via) d)))
            init (for [k nodes i nodes j nodes] [k i j]))))
(let [d (floyd (sort (keys graph)) graph)] (println (d [:a :e]) (d [:b :f]) (map #(d [:a %]) (sort (keys graph)))))
