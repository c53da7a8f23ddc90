;; Checks: comp/partial/complement closures with captured state; fnil; constantly.
(def inc-then-double (comp (partial * 2) inc))
(println (inc-then-double 4))
(def not-empty? (complement empty?))
(println (not-empty? []) (not-empty? [1]))
(def safe-inc (fnil inc 0))
(println (safe-inc nil) (safe-inc 5))
(def always-7 (constantly 7))
(println (always-7) (always-7 1 2 3))
(println (update {:count nil} :count (fnil inc 0)))
(let [greeting "hi"
      greet (partial str greeting ", ")]
  (println (greet "ann") (greet "bo")))
