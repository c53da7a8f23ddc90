;; Checks: resolve, ns-resolve, intern, var-get, alter-var-root, find-ns.
(def x 1)
(prn (resolve 'x) (resolve 'map) (resolve 'no-such-thing))
(intern 'user 'y 2)
(prn y)
(alter-var-root #'x + 10)
(prn x (var-get #'x))
(prn (some? (find-ns 'clojure.core)) (find-ns 'no.such.ns))
(prn (ns-resolve 'clojure.core 'inc))
