(defn sieve [n]
  (loop [i 2 composite #{} primes []]
    (cond (> i n) primes
          (composite i) (recur (inc i) composite primes)
          :else (recur (inc i) (into composite (range (* i i) (inc n) i)) (conj primes i)))))
(println (sieve 100))
(defn lazy-primes
  ([] (lazy-primes (iterate inc 2)))
  ([s] (lazy-seq (cons (first s) (lazy-primes (remove #(zero? (mod % (first s))) (rest s)))))))
(println (take 20 (lazy-primes)))
(defn prime? [n] (and (> n 1) (not-any? #(zero? (rem n %)) (take-while #(<= (* % %) n) (iterate inc 2)))))
(println (filter prime? (range 50)))
(println (count (filter prime? (range 10000))))
(println (reduce + (take-while #(< % 1000) (filter prime? (iterate inc 2)))))
(println (->> (range 2 60) (filter prime?) (partition 2 1) (filter (fn [[a b]] (= 2 (- b a)))) (map vec)))
