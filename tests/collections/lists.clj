;; Checks: lists: conj at front, peek/pop, first/rest, list*, cons.
(def l '(1 2 3))
(prn (conj l 0) (peek l) (pop l) (first l) (rest l) (next '(1)))
(prn (list* 1 2 [3 4]) (list* []) (cons 1 nil) (cons 1 '(2)))
(prn (count l) (nth l 2) (list? l) (list? [1]) (seq? l))
(prn (conj '() 1 2 3) (into '() [1 2 3]))
(prn (rest []) (next []) (first nil) (rest nil))
