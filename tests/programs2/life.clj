(defn neighbors [[x y]] (for [dx [-1 0 1] dy [-1 0 1] :when (not= 0 dx dy)] [(+ x dx) (+ y dy)]))
(defn step [cells]
  (set (for [[loc n] (frequencies (mapcat neighbors cells))
             :when (or (= n 3) (and (= n 2) (cells loc)))]
         loc)))
(defn render [cells w h]
  (doseq [y (range h)] (println (apply str (for [x (range w)] (if (cells [x y]) "#" "."))))))
(def glider #{[1 0] [2 1] [0 2] [1 2] [2 2]})
(doseq [g (take 4 (iterate step glider))] (render g 5 5) (println "--"))
(println (sort (nth (iterate step glider) 8)))
(def blinker #{[1 0] [1 1] [1 2]})
(println (= blinker (step (step blinker))) (sort (step blinker)))
