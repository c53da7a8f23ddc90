;; Checks: distinct, dedupe, distinct?, reverse, flatten, tree-seq.
(prn (distinct [1 2 1 3 2 4]) (distinct []) (take 3 (distinct (cycle [1 2 3 4]))))
(prn (dedupe [1 1 2 2 2 3 1 1]) (dedupe []))
(prn (distinct? 1 2 3) (distinct? 1 2 1))
(prn (reverse [1 2 3]) (reverse nil))
(prn (flatten [1 [2 [3 [4]]] '(5 (6))]) (flatten nil) (flatten 5))
(prn (tree-seq vector? seq [1 [2 3]]))
