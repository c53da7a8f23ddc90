;; Checks: matrix operations with nested vectors: transpose, multiply, identity.
(defn transpose [m] (apply mapv vector m))
(defn mmul [a b] (let [bt (transpose b)] (mapv (fn [row] (mapv #(reduce + (map * row %)) bt)) a)))
(def a [[1 2] [3 4]])
(prn (transpose [[1 2 3] [4 5 6]]))
(prn (mmul a a))
(prn (mmul a [[1 0] [0 1]]))
(prn (nth (iterate #(mmul % [[1 1] [1 0]]) [[1 1] [1 0]]) 10))
