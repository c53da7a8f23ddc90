;; Checks: loop*/recur, recur in fn* tail position, multiple bindings, accumulators.
(println (loop* [i 0 acc []]
  (if (< i 5)
    (recur (inc i) (conj acc (* i i)))
    acc)))
(def fact (fn* [n] (loop* [n n acc 1] (if (zero? n) acc (recur (dec n) (* acc n))))))
(println (fact 20))
(def count-down (fn* [n] (if (pos? n) (recur (dec n)) :done)))
(println (count-down 100000))
(println (loop [[x & xs] [1 2 3 4] sum 0]
  (if x (recur xs (+ sum x)) sum)))
(def variadic-recur (fn* [acc & xs] (if (seq xs) (recur (+ acc (first xs)) (next xs)) acc)))
(println (variadic-recur 0 1 2 3 4 5))
