;; Checks: recur targets the fn arity (with varargs counted as one), and gcd via recur.
(defn gcd [a b] (if (zero? b) a (recur b (mod a b))))
(println (gcd 1071 462))
(defn sum-all [acc & xs] (if xs (recur (+ acc (first xs)) (next xs)) acc))
(println (sum-all 0 1 2 3 4 5 6 7 8 9 10))
(defn collatz-steps [n] (loop [n n steps 0] (cond (= n 1) steps (even? n) (recur (quot n 2) (inc steps)) :else (recur (inc (* 3 n)) (inc steps)))))
(println (collatz-steps 27))
