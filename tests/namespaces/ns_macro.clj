;; Checks: the ns macro creates and switches namespace; *ns*; ::kw resolves to the current ns.
(ns my.app)
(defn hello [] "hello from my.app")
(println (hello))
(println (str *ns*))
(prn ::local)
(prn #'hello)
(println (ns-name *ns*))
