;; Checks: destructuring in loop bindings, recur re-destructures.
(println (loop [[x & xs] [1 2 3 4 5] acc 0]
  (if x (recur xs (+ acc x)) acc)))
(println (loop [{:keys [n acc]} {:n 5 :acc 1}]
  (if (zero? n) acc (recur {:n (dec n) :acc (* acc n)}))))
(println (loop [[a b] [0 1] i 0]
  (if (= i 10) a (recur [b (+ a b)] (inc i)))))
