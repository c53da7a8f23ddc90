;; Checks: a recursive macro (expands into itself) and a macro defining functions.
(defmacro my-cond [& clauses]
  (when (seq clauses)
    `(if ~(first clauses) ~(second clauses) (my-cond ~@(nnext clauses)))))
(println (my-cond false 1 nil 2 :else 3))
(defmacro defadder [name n] `(defn ~name [x#] (+ x# ~n)))
(defadder add5 5)
(println (add5 10))
(defmacro infix [[a op b]] (list op a b))
(println (infix (3 * 4)))
