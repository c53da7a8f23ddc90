;; Checks: syntax-quote qualifies symbols, keeps keywords and literals, nests collections.
(prn `foo)
(prn `map)
(prn `(a b c))
(prn `[1 :k "s" \c nil true])
(prn `{:a ~(+ 1 2)})
(let [xs [1 2 3]]
  (prn `(list ~@xs))
  (prn `[~@xs 4])
  (prn `(+ ~(first xs) ~@(rest xs))))
(prn `~'unqualified)
(prn `if)
(prn `(let* [x 1] x))
