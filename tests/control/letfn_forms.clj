;; Checks: letfn with multi-arity local fns, mutual recursion, closures over outer locals.
(let [base 100]
  (letfn [(add-base ([x] (+ x base)) ([x y] (+ x y base)))
          (twice [x] (add-base (add-base x)))]
    (println (add-base 1) (add-base 1 2) (twice 0))))
(letfn [(collatz [n steps] (cond (= n 1) steps (even? n) (halve n steps) :else (triple n steps)))
        (halve [n steps] (collatz (quot n 2) (inc steps)))
        (triple [n steps] (collatz (inc (* 3 n)) (inc steps)))]
  (println (collatz 27 0)))
(println (letfn [(f [[a b]] (+ a b))] (f [1 2])))
