;; Checks: case with grouped constants, default clause, keyword/string/number/char dispatch.
(defn kind [x]
  (case x
    (1 2 3) :small
    (10 20) :round
    "str" :string
    :k :keyword
    \c :char
    (a b) :symbol
    :default))
(prn (map kind [1 2 3 10 20 "str" :k \c 'a 'b 99 nil]))
(prn (case 2 1 :one 2 :two))
(prn (case :x :x "x!" :y "y!"))
(prn (case 'sym sym :matched :no))
