;; Checks: comment yields nil; assert passes silently or throws AssertionError with the form.
(prn (comment (this is ignored) 1 2))
(assert (= 1 1))
(println "assert passed")
(try (assert (= 1 2))
     (catch AssertionError e (println (.getMessage e))))
(try (assert (pos? -1) "must be positive")
     (catch AssertionError e (println (.getMessage e))))
