;; Checks: apply with leading args, identity, constantly, complement, every-pred, some-fn.
(prn (apply + [1 2 3]) (apply + 1 2 [3 4]) (apply max [5 9 2]) (apply str "a" ["b" "c"]))
(prn (apply list []) (apply vector 1 [2]))
(prn (map identity [1 2]) ((constantly :c) 1 2))
(prn ((complement even?) 3))
(prn ((every-pred pos? even?) 2 4) ((every-pred pos? even?) 2 3) ((every-pred pos?)))
(prn ((some-fn even? neg?) 1 3) ((some-fn even? neg?) 1 -3) ((some-fn :a :b) {:b 5}))
(prn ((some-fn nil?) 1))
