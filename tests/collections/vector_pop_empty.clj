;; Checks: pop of an empty vector dies with the JVM message.
(println "popping")
(pop (pop [1]))
