;; Checks: macroexpand-1 and macroexpand on user macros; non-macro forms come back unchanged.
(defmacro twice [x] `(do ~x ~x))
(defmacro twice-twice [x] `(twice (twice ~x)))
(prn (macroexpand-1 '(twice (println 1))))
(prn (macroexpand-1 '(twice-twice y)))
(prn (macroexpand '(twice-twice y)))
(prn (macroexpand-1 '(+ 1 2)))
(prn (macroexpand-1 'sym))
(prn (macroexpand-1 '(when a b c)))
