;; Left-nested concat, 100,000 deep: realizing the first item realizes every
;; level. JVM Clojure overflows its (default) machine stack here, so this
;; .out is written by hand (`gen-expected.sh` cannot produce it); genera
;; runs each level's body as a VM frame, not a Rust one. Smaller depths agree
;; with JVM Clojure.
(println (first (reduce concat (map list (range 100000)))))
(println (count (reduce concat (map list (range 2000)))))
(println (first (reduce concat (map list (range 1000)))))
(println (take 3 (reduce (fn [s x] (concat s [x])) () (range 50000))))
