;; The main program waiting for a message that nothing can send is an error.
(require '[genera.actors :as a])
(println "waiting")
(a/receive :never :x)
(println "not reached")
