;; Checks: #() reader fn literal with %, %1 %2, %&.
(println (map #(* % %) [1 2 3]))
(println (#(+ %1 %2) 3 4))
(println (#(apply + %&) 1 2 3 4))
(println (#(vector %1 %&) 1 2 3))
(println ((fn [] (#(str "x" %) 1))))
