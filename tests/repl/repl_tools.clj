(require '[clojure.repl :refer [doc source dir apropos find-doc pst root-cause]])
(defn square
  "Squares x."
  [x]
  (* x x))
(defmacro twice
  "Evaluates body twice."
  [& body]
  `(do ~@body ~@body))
(doc square)
(doc twice)
(doc if)
(doc quote)
(prn (clojure.repl/source-fn 'no-such-thing))
(require 'clojure.set)
(dir clojure.set)
(prn (apropos "interpos"))
(prn (apropos #"^squar"))
(find-doc "Squares x")
(prn (ex-data (root-cause (ex-info "outer" {} (ex-info "inner" {:x 1})))))
(prn (ex-message (root-cause (ex-info "outer" {} (ex-info "inner" {:x 1})))))
(try (/ 1 0) (catch ArithmeticException e (println (ex-message (root-cause e)))))
(prn (clojure.repl/demunge "clojure.core$seq_QMARK_"))
