;; Checks: map and filter are lazy: side effects happen only for realized elements.
;; (The source is iterate, which is not chunked on the JVM either. Results are
;; forced with doall before printing, so that realization never interleaves
;; with printing.)
(def xs (map (fn [x] (println "realizing" x) (* x 10)) (iterate inc 0)))
(println "defined")
(println (first xs))
(let [two (doall (take 2 xs))] (println two))
(let [x (nth xs 3)] (println x))
(def evens (filter (fn [x] (println "testing" x) (even? x)) (iterate inc 1)))
(let [x (first evens)] (println x))
