;; A lazy seq or delay forced by two actors at once runs its body once:
;; the second waits for the first (it is not "realized recursively").
(require '[genera.actors :as a])
(def runs (atom 0))
(def s (lazy-seq (swap! runs inc) (cons (reduce + (range 3000000)) nil)))
(def d (delay (swap! runs inc) (reduce + (range 3000000))))
(def me (a/self))
(doseq [tag [:a :b]] (a/spawn (fn [] (a/! me [tag (first s)]))))
(doseq [tag [:c :d]] (a/spawn (fn [] (a/! me [tag @d]))))
(prn (sort (repeatedly 4 #(a/receive [tag v] [tag v]))))
(prn @runs)
;; The actor that is forcing a thunk and reaches it again still gets the error.
(def r (lazy-seq (cons 1 (first r))))
(a/spawn (fn [] (a/! me (try (first r) (catch Exception e (ex-message e))))))
(prn (a/receive m m))
