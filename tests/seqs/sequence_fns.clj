;; Checks: first/second/last/butlast/ffirst/nfirst/fnext/nnext, count of lazy seqs, nth on seqs.
(def s '(1 2 3 4))
(prn (first s) (second s) (last s) (butlast s) (last []) (butlast [1]))
(prn (ffirst [[1 2] [3]]) (nfirst [[1 2] [3]]) (fnext [1 2 3]) (nnext [1 2 3]))
(prn (count (map inc (range 100))) (nth (map inc (range)) 50))
(prn (second []) (last nil))
