;; Checks: rethrowing from catch, wrapping with a cause, finally runs during unwinding.
(defn risky [] (throw (ex-info "low-level" {:layer :db})))
(defn middle []
  (try (risky)
       (catch clojure.lang.ExceptionInfo e
         (throw (ex-info "mid-level" {:layer :service} e)))
       (finally (println "middle cleanup"))))
(try (middle)
     (catch Exception e
       (println (ex-message e) (ex-data e))
       (println "cause:" (ex-message (ex-cause e)) (ex-data (ex-cause e)))))
(try
  (try (throw (Exception. "again"))
       (catch Exception e (println "first handler") (throw e)))
  (catch Exception e (println "second handler:" (.getMessage e))))
