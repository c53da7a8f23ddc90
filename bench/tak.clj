;; Takeuchi's function: deep non-tail recursion with three arguments.
(defn tak [x y z]
  (if (not (< y x))
    z
    (tak (tak (dec x) y z)
         (tak (dec y) z x)
         (tak (dec z) x y))))

(println (tak 24 16 8))
