;; Checks: mutual recursion 1,000,000 deep via trampoline without stack overflow.
(declare my-odd?)
(defn my-even? [n] (if (zero? n) true #(my-odd? (dec n))))
(defn my-odd? [n] (if (zero? n) false #(my-even? (dec n))))
(println (trampoline my-even? 1000000))
(println (trampoline my-odd? 1000001))
(println (trampoline my-even? 7))
(println (trampoline (fn [] 42)))
