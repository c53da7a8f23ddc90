;; Checks: (Class. msg) and (Class. msg cause) constructors for exception classes.
(let [e (IllegalArgumentException. "bad arg")]
  (println (.getMessage e))
  (println (instance? IllegalArgumentException e) (instance? RuntimeException e)))
(let [cause (Exception. "root")
      e (RuntimeException. "wrapper" cause)]
  (println (.getMessage e) "<-" (.getMessage (ex-cause e))))
(println (try (throw (ArithmeticException. "math")) (catch ArithmeticException e (ex-message e))))
(println (try (throw (IllegalStateException. "state")) (catch RuntimeException e (ex-message e))))
