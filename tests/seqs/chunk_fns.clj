;; The chunk functions themselves, as clojure.core has them.
(let [b (chunk-buffer 4)]
  (chunk-append b 1)
  (chunk-append b 2)
  (chunk-append b 3)
  (let [c (chunk b)
        s (chunk-cons c (list 4 5))]
    (println (count c) (nth c 0) (nth c 2))
    (println s (first s) (next s) (rest s) (count s))
    (println (chunked-seq? s) (count (chunk-first s)))
    (println (chunk-rest s) (chunk-next s))
    (println (count (chunk-first (next s))) (nth (chunk-first (next s)) 0))))
(println (chunk-cons (chunk (chunk-buffer 2)) (list :only-rest)))
(let [s (seq (vec (range 70)))]
  (println (count (chunk-first s)) (first (chunk-rest s)) (count (chunk-first (chunk-rest s))))
  (println (count (chunk-first (nthnext s 40))) (first (chunk-next (nthnext s 40))))
  (println (chunk-next (nthnext s 69))))
(let [r (range 0 100 3)]
  (println (count (chunk-first r)) (first (chunk-rest r)) (chunk-rest (chunk-rest r))))
(println (try (chunk-first '(1 2)) (catch ClassCastException _ :cce)))
(println (try (let [b (chunk-buffer 1)] (chunk-append b 1) (chunk-append b 2))
              (catch IndexOutOfBoundsException _ :ioobe)))
