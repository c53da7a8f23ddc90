;; Checks: an exception thrown in a catch clause is not caught by sibling catches; finally still runs.
(println
 (try
   (try (throw (IllegalArgumentException. "first"))
        (catch IllegalArgumentException e (throw (IllegalStateException. "second")))
        (catch IllegalStateException e :sibling-caught)
        (finally (println "inner finally")))
   (catch IllegalStateException e (str "outer caught " (.getMessage e)))))
