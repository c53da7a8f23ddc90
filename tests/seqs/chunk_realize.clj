;; Chunked seqs realize 32 items at a time, exactly where JVM Clojure chunks.
(defn realized-by [f coll]
  (let [n (atom 0)]
    (f (map (fn [x] (swap! n inc) x) coll))
    @n))

(println "range" (realized-by first (range 100)))
(println "vector" (realized-by first (vec (range 100))))
(println "vector tail" (realized-by first (next (seq (vec (range 100))))))
(println "list" (realized-by first (apply list (range 100))))
(println "iterate" (realized-by first (iterate inc 0)))
(println "infinite range" (realized-by first (range)))
(println "second chunk" (realized-by #(nth % 40) (range 100)))
(println "short range" (realized-by first (range 5)))
(println "take" (realized-by #(doall (take 3 %)) (range 100)))
(println "filter" (let [n (atom 0)]
                    (first (filter (fn [x] (swap! n inc) (odd? x)) (range 100)))
                    @n))
(println "keep" (let [n (atom 0)]
                  (first (keep (fn [x] (swap! n inc) (when (odd? x) x)) (range 100)))
                  @n))
(println "remove" (let [n (atom 0)]
                    (first (remove (fn [x] (swap! n inc) (odd? x)) (vec (range 100))))
                    @n))
(println "mapcat" (realized-by first (mapcat list (range 100))))
(println "destructure" (let [n (atom 0)
                             [a b] (map (fn [x] (swap! n inc) x) (range 100))]
                         [a b @n]))
(println "map2" (realized-by first (map + (range 100) (range 100))))

;; The values themselves.
(println (map inc (range 70)))
(println (filter even? (vec (range 70))))
(println (keep #(when (zero? (mod % 7)) (* % %)) (range 0 200 3)))
(println (remove odd? (range 10 -30 -3)))
(println (take 40 (map str (range 0.5 50))))
(println (concat (range 40) [:a :b] nil (vec (range 33)) (list 'x)))
(println (mapcat (fn [x] [x x]) (range 20)))
(println (take 5 (drop 60 (map - (range 100)))))
(println (= (map inc (range 100)) (map inc (vec (range 100))) (range 1 101)))
(println (reduce + (filter odd? (map inc (range 1000)))))
(println (count (map inc (range 1000))) (last (map inc (range 1000))))
(println (seq? (map inc (range 3))) (chunked-seq? (seq (map inc (range 3))))
         (chunked-seq? (seq (range 3))) (chunked-seq? (range)) (chunked-seq? (seq [1 2]))
         (chunked-seq? (seq '(1 2))) (chunked-seq? (range 0 10 0)))
(println (into [] (map inc) (range 5)) (vec (filter odd? (range 40))))
(let [[a b & more] (map inc (range 50))]
  (println a b (count more) (first more)))
