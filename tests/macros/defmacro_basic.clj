;; Checks: defmacro with syntax-quote, unquote, unquote-splicing; macro runs at expansion.
(defmacro unless [test & body]
  `(if ~test nil (do ~@body)))
(println (unless false :ran))
(prn (unless true :ran))
(defmacro my-inc [x] `(+ ~x 1))
(println (my-inc 41))
(defmacro swap-args [[f a b]] (list f b a))
(println (swap-args (- 10 3)))
(defmacro square-all [& xs] `[~@(map (fn [x] `(* ~x ~x)) xs)])
(println (square-all 1 2 3))
