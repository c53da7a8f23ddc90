;; Checks: a case whose lazy-seq scrutinee throws while being hashed unwinds the frame's live values (run with --check-leaks); int-only cases do not hash non-numbers (JVM :int mode).
(let [v [1 2 3]]
  (try (case (lazy-seq (throw (ex-info "boom" {}))) "x" :a [1] :b :c)
       (catch Exception e (println (ex-message e))))
  (prn v))
(defn classify [n]
  (let [v (vec (range n))
        w (str "w" n)
        s (lazy-seq (cons n (throw (ex-info "deep" {:n n}))))]
    (try
      (case s [1] :one "two" (count v) (3 4) w :other)
      (catch Exception e [(ex-message e) (:n (ex-data e)) (count v)]))))
(prn (classify 3))
(defn keyworded [x]
  (let [m {:x x}]
    (try (case x :a 1 :b (:x m) :none)
         (catch Exception e (str "caught " (ex-message e) " " (count m))))))
(prn (keyworded :b) (keyworded (lazy-seq (throw (ex-info "kw" {})))))
(prn (try (case (lazy-seq (throw (ex-info "boom" {}))) 1 :a 2 :b :default)
          (catch Exception e (ex-message e))))
(prn (case 1.0 1 :one :default) (case 1N 1 :one :default) (case (list 1 2) [1 2] :vec :default))
(defn nested [xs]
  (let [acc (atom [])]
    (doseq [x xs]
      (try (swap! acc conj (case x "a" 1 [2] 2 :k 3 (x) :other))
           (catch Exception e (swap! acc conj (ex-message e)))))
    @acc))
(prn (nested ["a" [2] :k (lazy-seq (throw (ex-info "lazy" {}))) (list 2) 5]))
