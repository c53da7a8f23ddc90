;; Checks: case with many integer and keyword clauses (a dispatch table), evaluated once.
(defn day [n]
  (case n
    0 "sun" 1 "mon" 2 "tue" 3 "wed" 4 "thu" 5 "fri" 6 "sat"
    "??"))
(println (map day (range 8)))
(def evaluated (atom 0))
(case (do (swap! evaluated inc) :b) :a 1 :b 2 3)
(println @evaluated)
(defn op [k a b] (case k :add (+ a b) :sub (- a b) :mul (* a b) :div (/ a b)))
(println (map #(op % 12 4) [:add :sub :mul :div]))
