;; Checks: catching Throwable catches errors and exceptions; ex-info as a value.
(println (try (throw (AssertionError. "assert")) (catch Throwable t (.getMessage t))))
(println (try (assert false) (catch Throwable t (.getMessage t))))
(println (try (throw (ex-info "info" {})) (catch Throwable t (.getMessage t))))
(let [e (ex-info "value" {:n 1})]
  (println (instance? clojure.lang.ExceptionInfo e) (:n (ex-data e))))
