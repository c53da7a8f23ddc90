;; The first genera program: a greeting and a small computation.
;; Run with: genera run examples/hello.clj
(defn greet [name] (str "Hello, " name "!"))

(println (greet "genera"))

;; The first ten Fibonacci numbers, from a lazy infinite sequence.
(def fibs (map first (iterate (fn [[a b]] [b (+ a b)]) [0 1])))
(println "Fibonacci:" (take 10 fibs))

;; Squares of the odd numbers below 10, and their sum.
(let [squares (for [n (range 10) :when (odd? n)] (* n n))]
  (println "Odd squares:" squares "sum:" (reduce + squares)))
