;; Checks: set! on a dynamically bound var changes the binding, not the root.
(def ^:dynamic *depth* 0)
(binding [*depth* 1]
  (println "bound" *depth*)
  (set! *depth* 5)
  (println "after set!" *depth*))
(println "root" *depth*)
