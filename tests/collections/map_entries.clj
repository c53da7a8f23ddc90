;; Checks: map entries: key, val, as vectors, destructured, conj'ed back into maps.
(def e (first {:k "v"}))
(prn (key e) (val e) (vector? e) (map-entry? e) (nth e 0) (count e))
(prn (map key {:a 1 :b 2}) (map val {:a 1 :b 2}))
(prn (into {} (map (fn [[k v]] [v k]) {:a 1 :b 2})))
(prn (= e [:k "v"]))
