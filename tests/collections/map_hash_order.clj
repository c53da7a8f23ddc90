;; Checks: hash maps iterate (print, seq, keys, vals) in JVM Clojure's order at
;; many sizes; array maps (up to 8 entries) keep insertion order; the literal,
;; assoc, into, zipmap, hash-map and array-map shapes match the JVM's.
(doseq [n [0 1 2 7 8 9 10 16 17 31 32 33 50 64 100 257]]
  (prn n (zipmap (range n) (range n))))
(doseq [n [1 5 8 9 20 40]]
  (prn (zipmap (map keyword (map str (range n))) (range))))
(prn (zipmap (map keyword (map str (range 50))) (range)))
(prn (apply hash-map (interleave (map str (range 30)) (range))))
(prn (hash-map :a 1 :b 2) (hash-map) (hash-map nil 1 :x 2))
(prn {:h 1 :g 2 :f 3 :e 4 :d 5 :c 6 :b 7 :a 8})
(prn {:i 0 :h 1 :g 2 :f 3 :e 4 :d 5 :c 6 :b 7 :a 8})
(prn (assoc {:h 1 :g 2 :f 3 :e 4 :d 5 :c 6 :b 7 :a 8} :z 9))
(prn (into {} (map vector (map char (range 97 110)) (range))))
(prn (into {} (map vector (map char (range 97 105)) (range))))
(prn (array-map :z 1 :y 2 :x 3 :w 4 :v 5 :u 6 :t 7 :s 8 :r 9 :q 10))
(prn (assoc (array-map :z 1 :y 2 :x 3 :w 4 :v 5 :u 6 :t 7 :s 8 :r 9 :q 10) :p 11))
(prn (dissoc (zipmap (range 20) (range 20)) 3 5 7 11 13 17 19))
(prn (reduce dissoc (zipmap (range 20) (range 20)) (range 12)))
(prn (keys (zipmap (range 40) (range 40))))
(prn (vals (zipmap (map str (range 40)) (range 40))))
(prn (seq (zipmap [1.0 2.5 -1 :k "s" 'sym \c nil true [1 2] #{3}] (range))))
(prn (type {}) (type {:a 1}) (type (hash-map :a 1)) (type (zipmap (range 9) (range 9)))
     (type (dissoc (zipmap (range 9) (range 9)) 1 2 3 4 5 6 7 8)) (type (array-map)))
(let [m (zipmap (range 1000) (range 1000))]
  (prn (count m) (get m 999) (get m 1000 :nf) (find m 500) (contains? m 0) (m 7) (reduce + (vals m))))
(prn (merge (zipmap (range 10) (range 10)) {100 100 :a 1}))
(prn (frequencies (map #(mod % 13) (range 100))))
(prn (group-by #(mod % 11) (range 30)))
(prn (= (zipmap (range 100) (range 100)) (into {} (map vector (reverse (range 100)) (reverse (range 100))))))
(prn (hash (zipmap (range 100) (range 100))) (hash {}) (hash {:a 1}) (hash {nil nil}))
