;; Checks: letfn functions capture outer locals and each other; returned closures stay valid.
(defn make-ops [k]
  (letfn [(scale [x] (* k x))
          (shift [x] (+ (scale x) k))]
    {:scale scale :shift shift}))
(let [{:keys [scale shift]} (make-ops 3)]
  (println (scale 2) (shift 2)))
(let [ops (map make-ops [1 10])]
  (println (map #((:shift %) 1) ops)))
