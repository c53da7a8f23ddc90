;; Checks: comp (0..n fns, multi-arg innermost), partial (many args), juxt.
(prn ((comp) 5) ((comp inc) 5) ((comp str inc) 5) ((comp inc inc inc inc) 0))
(prn ((comp - +) 1 2 3) ((comp vector +) 1 2 3 4 5))
(prn ((partial + 1) 2) ((partial + 1 2 3 4) 5 6) ((partial vector :a :b) :c))
(prn ((juxt :a :b) {:a 1 :b 2}) ((juxt inc dec identity) 5) ((juxt +) 1 2))
(prn (map (juxt identity #(* % %)) [1 2 3]))
