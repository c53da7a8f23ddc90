;; Actors in infinite loops do not starve the others or the main program;
;; they are stopped when the main program returns.
(require '[genera.actors :as a])

(defn step [i] (inc i))
(def spinners (doall (for [_ (range 3)]
                       (a/spawn (fn [] (loop [i 0] (recur (step i))))))))
(def me (a/self))
(def workers
  (doall (for [k (range 4)]
           (a/spawn (fn [] (a/! me [:sum k (reduce + (range (* (inc k) 100000)))]))))))
(println (sort (for [_ workers] (a/receive [:sum k s] [k s] (after 10000 :starved)))))
(println (every? #(> (:reductions (a/info %) 0) 0) spinners)
         (every? a/alive? spinners))
;; main's own loop is preempted as well, so the spinners keep running
(let [before (mapv #(:reductions (a/info %)) spinners)]
  (loop [i 0] (when (< i 300000) (recur (step i))))
  (println (every? true? (map < before (map #(:reductions (a/info %)) spinners)))))
(def ping (a/spawn (fn [] (loop [] (a/receive [:ping from] (do (a/! from :pong) (recur)))))))
(println (frequencies (for [_ (range 100)] (do (a/! ping [:ping me]) (a/receive :pong :pong (after 5000 :lost))))))
(a/kill (first spinners))
(a/receive (after 1 nil))
(println (map a/alive? spinners))
