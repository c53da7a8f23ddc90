;; Checks: an exception thrown deep in nested calls and left uncaught exits with code 1;
;; finally blocks on the way out still run (their output appears on stdout).
(defn level3 [] (throw (IllegalStateException. "deep failure")))
(defn level2 [] (try (level3) (finally (println "cleanup level2"))))
(defn level1 [] (level2))
(level1)
