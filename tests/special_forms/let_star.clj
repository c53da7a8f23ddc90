;; Checks: let* binds sequentially, shadows, nests; empty body is nil.
(let* [a 1 b (+ a 1) c (* b 10)]
  (println a b c))
(let* [x 1]
  (let* [x (+ x 1)]
    (println "inner" x))
  (println "outer" x))
(let* [x 1 x (inc x) x (* x 3)]
  (println x))
(prn (let* [a 1]))
(println (let* [f (fn* [n] (* n n))] (f 12)))
