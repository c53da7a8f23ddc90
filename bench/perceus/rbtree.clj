;; Red-black tree insertion, after the rbtree benchmark of the Perceus papers
;; (Reinking, Xie, de Moura, Leijen 2021; Okasaki's balance): 4,200,000
;; integer keys inserted in descending order into one tree, then a fold
;; counts the keys whose value is true (every tenth). The tree is never
;; shared, so every node ins takes apart can be rebuilt in place (drop-reuse).
;; Usage: genera run rbtree.clj [N]

(defrecord Node [color left key val right])

(defn red? [t] (and (some? t) (identical? :red (:color t))))

(defn balance-left [l k v r]
  (let [ll (:left l) lr (:right l)]
    (cond
      (red? ll) (->Node :red (->Node :black (:left ll) (:key ll) (:val ll) (:right ll))
                        (:key l) (:val l) (->Node :black lr k v r))
      (red? lr) (->Node :red (->Node :black ll (:key l) (:val l) (:left lr))
                        (:key lr) (:val lr) (->Node :black (:right lr) k v r))
      :else (->Node :black (->Node :red ll (:key l) (:val l) lr) k v r))))

(defn balance-right [l k v r]
  (let [rl (:left r) rr (:right r)]
    (cond
      (red? rl) (->Node :red (->Node :black l k v (:left rl))
                        (:key rl) (:val rl) (->Node :black (:right rl) (:key r) (:val r) rr))
      (red? rr) (->Node :red (->Node :black l k v rl)
                        (:key r) (:val r) (->Node :black (:left rr) (:key rr) (:val rr) (:right rr)))
      :else (->Node :black l k v (->Node :red rl (:key r) (:val r) rr)))))

(defn ins [t k v]
  (if (nil? t)
    (->Node :red nil k v nil)
    (let [c (:color t) l (:left t) kx (:key t) vx (:val t) r (:right t)]
      (if (identical? c :red)
        (cond
          (< k kx) (->Node :red (ins l k v) kx vx r)
          (== k kx) (->Node :red l k v r)
          :else (->Node :red l kx vx (ins r k v)))
        (cond
          (< k kx) (if (red? l)
                     (balance-left (ins l k v) kx vx r)
                     (->Node :black (ins l k v) kx vx r))
          (== k kx) (->Node :black l k v r)
          :else (if (red? r)
                  (balance-right l kx vx (ins r k v))
                  (->Node :black l kx vx (ins r k v))))))))

(defn set-black [t]
  (->Node :black (:left t) (:key t) (:val t) (:right t)))

(defn insert [t k v]
  (if (red? t)
    (set-black (ins t k v))
    (ins t k v)))

(defn fold [t acc f]
  (if (nil? t)
    acc
    (recur (:right t) (f (:key t) (:val t) (fold (:left t) acc f)) f)))

(defn make-tree [n]
  (loop [i n t nil]
    (if (<= i 0)
      t
      (let [k (dec i)]
        (recur k (insert t k (zero? (rem k 10))))))))

(let [n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 4200000)
      t (make-tree n)]
  (println (fold t 0 (fn [_ v acc] (if v (inc acc) acc)))))
