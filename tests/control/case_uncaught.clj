;; Checks: an unmatched case left uncaught ends the program with the message on stderr.
(println "matching 5")
(case 5 1 :one 2 :two)
