;; The seq-walking natives and primitives (count, nth, into, vec, set,
;; reverse, reduce, apply, clojure.string/join) take their seq argument over
;; and release each cell as they walk it. These check that they still
;; compute the same results, on every kind of seqable, through every way of
;; calling them (intrinsic, direct, as a value, through apply), and that
;; errors on the way leave nothing behind (the harness runs --check-leaks).

(defn lazy [n] (map inc (range n)))

;; count
(println (count (lazy 100000)) (count (filter odd? (lazy 1001))))
(let [s (lazy 10)] (println (count s) (first s) (count s)))
(let [c count] (println (c (lazy 1000)) (c [1 2 3]) (c "héllo") (c nil) (c {:a 1})))
(println (map count [(lazy 3) '(1 2) [1] #{1 2 3} (range 5) (seq [1 2]) ()]))
(println (try (count 5) (catch Exception e (.getMessage e))))
(println (try (count (map (fn [x] (if (= x 5) (throw (ex-info "boom" {})) x)) (range 10)))
              (catch Exception e (.getMessage e))))

;; nth
(println (nth (lazy 100000) 99999) (nth (lazy 10) 0) (nth (lazy 10) 20 :none))
(let [s (lazy 10)] (println (nth s 3) (nth s 9) (count s)))
(let [n nth] (println (n (lazy 1000) 999) (n (lazy 5) 7 :nf) (n [1 2 3] 1) (n "abc" 2) (n nil 3)))
(println (nth nil 0) (nth nil 5 :nf) (nth '(1 2 3) 2) (nth (range 10) 4) (nth (seq [1 2 3]) 1))
(println (nth (lazy 3) -1 :neg) (nth [1 2] -1 :neg) (nth (range) 5))
(println (try (nth (lazy 3) 5) (catch IndexOutOfBoundsException e :oob)))
(println (try (nth (lazy 3) -1) (catch IndexOutOfBoundsException e :oob)))
(println (try (nth [1 2 3] 3) (catch IndexOutOfBoundsException e :oob)))
(println (try (nth (lazy 3) :x) (catch ClassCastException e :cce)))
(println (try (nth 5 0) (catch UnsupportedOperationException e :unsupported)))

;; into, vec, set, reverse
(println (count (into [] (lazy 100000))) (into [0] (lazy 3)) (sort (into #{} (lazy 3))) (into '() (lazy 3)))
(println (into {} (map (fn [i] [i (* i i)]) (range 4))) (into [1] nil) (into nil (lazy 2)))
(let [v [1 2]] (println (into v (lazy 2)) v))
(println (count (vec (lazy 100000))) (vec (lazy 3)) (vec [1 2]) (vec nil) (vec "ab") (vec {:a 1}))
(println (sort (set (lazy 5))) (set nil) (count (set (map #(mod % 7) (range 1000)))))
(let [s #{1 2}] (println (identical? s (set s))))
(println (first (reverse (lazy 100000))) (reverse (lazy 3)) (reverse nil) (reverse [1 2 3]))
(println (try (into [] (map (fn [x] (if (= x 3) (throw (ex-info "bad" {})) x)) (range 5)))
              (catch Exception e (ex-message e))))
(println (try (vec 5) (catch Exception e :not-seqable)))

;; reduce
(println (reduce + (lazy 100000)) (reduce + 0 (lazy 100000)) (reduce + []) (reduce + 5 nil))
(println (reduce conj [] (lazy 5)) (reduce (fn [a x] (if (> x 3) (reduced a) (+ a x))) 0 (lazy 10)))
(let [r reduce] (println (r + (lazy 1000)) (r max [3 1 4 1 5]) (r str "" "abc")))

;; apply
(println (apply + (lazy 100000)) (apply + 1 2 (lazy 3)) (apply str (lazy 5)) (apply max [3 9 2]))
(println (apply (fn [& xs] (count xs)) (lazy 10000)) (apply (fn [a b & r] [a b r]) (lazy 5)))
(println (apply list (lazy 3)) (apply vector 1 (lazy 2)) (apply count [(lazy 7)]))
(println (try (apply + (map (fn [x] (if (= x 2) (throw (ex-info "no" {})) x)) (range 5)))
              (catch Exception e (ex-message e))))

;; clojure.string/join
(println (count (clojure.string/join "," (lazy 100000))) (clojure.string/join (lazy 5))
         (clojure.string/join "-" (lazy 3)) (clojure.string/join ", " []) (clojure.string/join "," nil))
