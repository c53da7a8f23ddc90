;; Checks: deep non-tail recursion throws StackOverflowError, which can be caught.
(defn deep [n] (+ 1 (deep (inc n))))
(println (try (deep 0)
              (catch StackOverflowError e "caught stack overflow")))
(println "still running")
(defn depth [n] (if (zero? n) 0 (inc (depth (dec n)))))
(println (depth 1000))
