;; Checks: lazy-seq body runs once, on first use, and the result is cached.
(def s (lazy-seq (println "computing") (list 1 2 3)))
(println "before")
(let [x (first s)] (println x))
(println (count s))
(println (seq s))
(defn nums [n] (lazy-seq (println "cell" n) (cons n (nums (inc n)))))
(let [xs (doall (take 3 (nums 0)))] (println xs))
(prn (lazy-seq nil) (seq (lazy-seq nil)))
