;; Checks: an uncaught RuntimeException from a native (divide by zero) exits with code 1.
(println "start")
(println (/ 10 0))
