;; Checks: clojure.template apply-template and do-template.
(require '[clojure.template :as temp])
(prn (temp/apply-template '[x y] '(+ x (* y x)) [2 3]))
(prn (macroexpand '(clojure.template/do-template [x y] (+ y x) 2 4 3 5)))
(temp/do-template [a b] (prn (str a "-" b)) 1 2 :x :y)
