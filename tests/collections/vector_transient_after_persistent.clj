;; Checks: a transient used after persistent! dies with the JVM message.
(def t (transient [1 2]))
(println (persistent! t))
(conj! t 3)
