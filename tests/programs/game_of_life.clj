;; Checks: Conway's life on a small set of live cells (sets sorted before printing).
(defn neighbours [[x y]] (for [dx [-1 0 1] dy [-1 0 1] :when (not= 0 dx dy)] [(+ x dx) (+ y dy)]))
(defn step [cells]
  (set (for [[loc n] (frequencies (mapcat neighbours cells))
             :when (or (= n 3) (and (= n 2) (cells loc)))]
         loc)))
(def glider #{[1 0] [2 1] [0 2] [1 2] [2 2]})
(doseq [g (take 5 (iterate step glider))] (prn (sort g)))
