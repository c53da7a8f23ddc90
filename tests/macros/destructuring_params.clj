;; Checks: defmacro with destructured parameters and multiple arities.
(defmacro my-let1 [[name value] & body] `(let [~name ~value] ~@body))
(println (my-let1 [x 5] (* x x)))
(defmacro opt ([a] `(opt ~a 10)) ([a b] `(+ ~a ~b)))
(println (opt 1) (opt 1 2))
(defmacro with-keys [{:keys [a b]}] `(list ~a ~b))
(println (with-keys {:a 1 :b 2}))
