(declare zz)
(defn f [x] (zz (inc x)))
(println "before")
(f 1)
