;; Checks: declare for forward references; defonce does not re-evaluate.
(declare helper)
(defn caller [x] (helper x))
(defn helper [x] (* x 100))
(println (caller 2))
(defonce once (do (println "evaluated once") 1))
(defonce once (do (println "evaluated twice?!") 2))
(println once)
