;; read+string and ->Eduction.
(with-in-str "  (+ 1 2)  [a b]\n:k" 
  (prn (read+string))
  (prn (read+string *in*))
  (prn (read+string *in* false :eof))
  (prn (read+string *in* false :eof)))
(prn (into [] (->Eduction (map inc) [1 2 3])))
