(defn fizzbuzz [n]
  (cond
    (zero? (mod n 15)) "FizzBuzz"
    (zero? (mod n 3)) "Fizz"
    (zero? (mod n 5)) "Buzz"
    :else n))
(doseq [x (map fizzbuzz (range 1 31))] (println x))
(println (->> (range 1 101) (map fizzbuzz) (filter string?) frequencies (sort-by key)))
(println (apply str (interpose ", " (take 15 (map fizzbuzz (iterate inc 1))))))
