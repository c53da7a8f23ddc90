;; A lazy seq pipeline: chunked range -> map -> filter -> map -> take -> reduce.
(println (->> (range 10000000)
              (map inc)
              (filter even?)
              (map #(* 3 %))
              (take 4000000)
              (reduce +)))
