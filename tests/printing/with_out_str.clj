;; Checks: with-out-str captures print output, nests, and restores output after an exception.
(def s (with-out-str (print "hello") (print " ") (println "world")))
(prn s)
(prn (with-out-str))
(prn (with-out-str (prn {:a 1}) (print 1 2)))
(prn (with-out-str (print "outer ") (print (with-out-str (print "inner"))) (print " end")))
(try (with-out-str (print "lost") (throw (Exception. "x")))
     (catch Exception e (println "after exception, output goes to stdout again")))
