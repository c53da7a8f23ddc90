;; Checks: a long lazy pipeline over a large range produces the right aggregate.
(prn (->> (range 1000000)
          (map #(* % 3))
          (filter even?)
          (remove #(zero? (mod % 5)))
          (take 10000)
          (reduce +)))
(prn (count (filter odd? (range 200000))))
(prn (apply + (take 1000 (iterate inc 1))))
