(defn abs* [x] (if (neg? x) (- x) x))
(defn safe? [qs col]
  (let [row (count qs)]
    (every? (fn [[r c]] (and (not= c col) (not= (abs* (- r row)) (abs* (- c col)))))
            (map-indexed vector qs))))
(defn queens [n]
  (letfn [(place [qs]
            (if (= (count qs) n) [qs]
                (mapcat #(place (conj qs %)) (filter #(safe? qs %) (range n)))))]
    (place [])))
(doseq [n (range 1 9)] (println n (count (queens n))))
(println (first (queens 8)))
(defn show [qs] (doseq [c qs] (println (apply str (for [i (range (count qs))] (if (= i c) "Q " ". "))))))
(show (first (queens 6)))
