;; Checks: auto-gensyms x# avoid capture; the same x# in one syntax-quote is one symbol.
(defmacro with-double [expr & body]
  `(let [v# ~expr] (* 2 v#)))
(let [v# 100] (println (with-double 21)))
(defmacro my-or2 [a b]
  `(let [t# ~a] (if t# t# ~b)))
(let [t 5] (println (my-or2 nil t)))
(println (my-or2 false :fallback))
(defmacro same-sym [] (let [form `(x# x#)] (= (first form) (second form))))
(println (same-sym))
(println (symbol? (gensym)) (not= (gensym) (gensym)))
(println (subs (str (gensym "foo")) 0 3))
