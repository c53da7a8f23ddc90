;; Checks: recursively defined lazy sequences (fibs, primes sieve) consumed with take.
(defn fibs ([] (fibs 0 1)) ([a b] (lazy-seq (cons a (fibs b (+ a b))))))
(println (take 15 (fibs)))
(defn sieve [s] (lazy-seq (cons (first s) (sieve (remove #(zero? (mod % (first s))) (rest s))))))
(println (take 12 (sieve (iterate inc 2))))
(println (nth (fibs) 90))
