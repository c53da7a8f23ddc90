;; Checks: throw and try/catch/finally as special forms; value of try; finally runs for effect only.
(println (try 1 (finally (println "finally runs"))))
(println (try (throw (Exception. "bad")) (catch Exception e (str "caught " (.getMessage e)))))
(println (try (throw (ex-info "info" {:a 1})) (catch Exception e (ex-data e))))
(println (try :no-throw (catch Exception e :caught)))
(println (try (try (throw (RuntimeException. "inner"))
                   (finally (println "inner finally")))
              (catch RuntimeException e (.getMessage e))))
