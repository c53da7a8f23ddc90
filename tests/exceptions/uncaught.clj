;; Checks: an uncaught exception ends the program with exit code 1 and its message on stderr,
;; after the output printed before it.
(println "before")
(defn fail [] (throw (ex-info "boom" {:reason :test})))
(fail)
(println "never printed")
