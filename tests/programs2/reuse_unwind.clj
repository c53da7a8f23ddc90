;; Reuse tokens held across a call that throws are freed by unwinding: the
;; recursive calls below hold the memory of the cells and nodes they took
;; apart when the exception passes through them (run with --check-leaks).
(defn my-map [f xs]
  (if (seq xs)
    (cons (f (first xs)) (my-map f (rest xs)))
    nil))

(defn build [n]
  (loop [i n acc nil]
    (if (zero? i) acc (recur (dec i) (cons i acc)))))

(defn boom [limit]
  (fn [x] (if (= x limit) (throw (ex-info "boom" {:at x})) (* 10 x))))

(println (try (doall (my-map (boom 500) (build 1000)))
              (catch Exception e [(ex-message e) (ex-data e)])))
(println (take 3 (my-map (boom -1) (build 1000))))

;; A node update whose recursive call throws half-way down.
(defn path-set [node depth f]
  (let [[tag l v r] node]
    (if (zero? depth)
      [tag l (f v) r]
      [tag (path-set l (dec depth) f) v r])))

(defn deep [n] (if (zero? n) [:leaf nil 0 nil] [:node (deep (dec n)) n nil]))

(println (try (path-set (deep 50) 50 (fn [v] (throw (ex-info "leaf" {:v v}))))
              (catch Exception e (ex-message e))))
(let [t (path-set (deep 50) 50 inc)]
  (println (loop [t t d 0] (if (= (t 0) :leaf) [d (t 2)] (recur (t 1) (inc d))))))
;; A throw inside a try in the middle of the rebuilt path.
(defn guarded-set [node depth]
  (let [[tag l v r] node]
    (if (zero? depth)
      (throw (ex-info "bottom" {}))
      [tag (try (guarded-set l (dec depth)) (catch Exception _ :caught)) v r])))
(println (take 3 (guarded-set (deep 5) 3)))
