;; Checks: reduce with functions as data: a list of update fns applied in order, reduce-kv.
(def steps [inc #(* 3 %) #(- % 2)])
(prn (reduce (fn [acc f] (f acc)) 1 steps))
(prn (reduce-kv (fn [m k v] (assoc m v k)) {} {:a 1 :b 2}))
(prn (reduce-kv (fn [acc i x] (+ acc (* i x))) 0 [10 20 30]))
(prn (run! println [:x :y]))
