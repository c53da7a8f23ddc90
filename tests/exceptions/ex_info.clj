;; Checks: ex-info, ex-data, ex-message, ex-cause and catching ExceptionInfo.
(def e (ex-info "Something failed" {:code 42 :reason :test}))
(println (ex-message e))
(println (ex-data e))
(prn (ex-cause e))
(def wrapped (ex-info "outer" {:level 2} e))
(println (ex-message (ex-cause wrapped)))
(println (:code (ex-data (ex-cause wrapped))))
(try (throw (ex-info "boom" {:x 1}))
     (catch clojure.lang.ExceptionInfo ex
       (println "caught" (ex-message ex) (ex-data ex))))
(prn (ex-data (Exception. "plain")))
(prn (ex-message "not an exception"))
