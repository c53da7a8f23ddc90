;; Checks: divide by zero and long overflow throw ArithmeticException with Clojure 1.11's
;; messages ("Divide by zero", "long overflow"). The operands come from vars so that
;; JVM Clojure takes its generic path rather than a compile-time intrinsic.
(def big 9223372036854775807)
(def small -9223372036854775808)
(def zero 0)
(println (try (/ 1 zero) (catch ArithmeticException e (.getMessage e))))
(println (try (quot 1 zero) (catch ArithmeticException e (.getMessage e))))
(println (try (rem 1 zero) (catch ArithmeticException e (.getMessage e))))
(println (try (mod 1 zero) (catch ArithmeticException e (.getMessage e))))
(println (try (+ big 1) (catch ArithmeticException e (.getMessage e))))
(println (try (* big 2) (catch ArithmeticException e (.getMessage e))))
(println (try (- small 1) (catch ArithmeticException e (.getMessage e))))
(println (try (inc big) (catch ArithmeticException e (.getMessage e))))
(println (try (dec small) (catch ArithmeticException e (.getMessage e))))
(println (try (- small) (catch ArithmeticException e (.getMessage e))))
(println (/ 1.0 zero))
