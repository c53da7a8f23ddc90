;; An actor can wait inside a native that called back into genera code
;; (reduce, swap!, a lazy seq being realized), and keeps its own dynamic
;; bindings.
(require '[genera.actors :as a])

(def me (a/self))
(def ^:dynamic *who* :root)
(def total (atom 0))
(def summer
  (a/spawn (fn []
             (binding [*who* :summer]
               (let [s (reduce (fn [acc _] (+ acc (a/receive [:n n] n))) 0 (range 3))
                     xs (doall (map (fn [_] (a/receive [:x x] [x *who*])) (range 2)))]
                 (swap! total (fn [t] (+ t (a/receive [:add k] k))))
                 (a/! me [:done s xs *who*]))))))
(doseq [m [[:n 1] [:x :a] [:n 2] [:n 3] [:add 10] [:x :b]]]
  (a/receive (after 1 nil))
  (println "main sees" *who*)
  (a/! summer m))
(println (a/receive [:done s xs who] [s xs who]))
(println @total)
