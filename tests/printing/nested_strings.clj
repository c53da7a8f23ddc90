;; Checks: strings and chars nested in collections print readably with prn and str, raw with println.
(def data {:name "Ann \"A\"" :tags ["x\ny" \z] :nested {:s "t\tu"}})
(prn data)
(println data)
(println (str data))
(println (pr-str [\a "b" 'c :d 1.5 nil]))
(print [\a "b"]) (newline)
