;; Checks: closures capture values; each closure has its own captured atom.
(defn make-counter []
  (let [n (atom 0)]
    (fn [] (swap! n inc))))
(def c1 (make-counter))
(def c2 (make-counter))
(c1) (c1) (c1)
(c2)
(println (c1) (c2))
