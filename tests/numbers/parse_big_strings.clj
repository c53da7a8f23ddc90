;; bigint and bigdec of a string parse it as new BigInteger / new BigDecimal
;; do; contains? on strings and arrays takes numeric keys only.
(println (bigint "123") (bigint "-42") (bigint "+7") (class (bigint "5")))
(println (bigdec "1.5") (bigdec "-0.25") (bigdec "12.50") (bigdec "12"))
(doseq [s ["" "1.5" "abc" "12x"]]
  (println (pr-str s) (try (bigint s) (catch NumberFormatException _ :nfe))))
(doseq [s ["1.2.3" "x" "1e" "."]]
  (println (pr-str s) (try (bigdec s) (catch NumberFormatException _ :nfe))))
(println (contains? "abc" 0) (contains? "abc" 2) (contains? "abc" 3) (contains? "abc" -1))
(println (contains? (object-array 2) 1) (contains? (long-array 2) 2) (contains? "abc" 1.5))
(println (try (contains? "abc" :a) (catch IllegalArgumentException e (.getMessage e))))
