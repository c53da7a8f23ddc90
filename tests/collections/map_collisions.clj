;; Checks: keys with equal hashes ("Aa" and "BB" have the same hash, so do
;; longer strings built from them) keep insertion order within their
;; collision node, as on the JVM, through assoc, dissoc, lookups and printing.
(defn words [n]
  (if (zero? n) [""] (for [w (words (dec n)) p ["Aa" "BB"]] (str w p))))
(prn (map hash (words 2)))
(def ks (concat (words 3) (map str (range 20))))
(def m (zipmap ks (range)))
(prn m)
(prn (zipmap (reverse ks) (range)))
(prn (count m) (map #(get m %) (words 3)) (get m "AaAa" :nf))
(prn (dissoc m "AaAaAa" "BBBBBB" "AaBBAa"))
(prn (reduce dissoc m (words 3)))
(prn (apply hash-set (words 3)))
(prn (disj (apply hash-set (words 3)) "AaBBAa" "BBAaBB"))
(prn (into #{} (reverse (words 3))))
(prn (= (zipmap ks (range)) (zipmap (reverse ks) (reverse (range (count ks))))))
(prn (assoc (hash-map "Aa" 1) "BB" 2) (assoc (hash-map "BB" 1) "Aa" 2))
(prn (dissoc (hash-map "Aa" 1 "BB" 2) "Aa") (dissoc (hash-map "Aa" 1 "BB" 2) "BB" "Aa"))
