;; Checks: dotimes, while with an atom, doseq return value nil.
(dotimes [i 3] (println "i =" i))
(def n (atom 3))
(while (pos? @n)
  (println "n =" @n)
  (swap! n dec))
(prn (dotimes [i 0] (println "never")))
(prn (doseq [x [1]] x))
