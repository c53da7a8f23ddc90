;; Checks: order of evaluation across try, catch and finally; finally on normal and error paths.
(defn attempt [fail?]
  (try
    (println "body start")
    (when fail? (throw (Exception. "failure")))
    (println "body end")
    :normal
    (catch Exception e
      (println "catch:" (.getMessage e))
      :caught)
    (finally
      (println "finally"))))
(println (attempt false))
(println (attempt true))
