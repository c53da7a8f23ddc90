;; Checks: volatile!, vreset!, vswap!, deref of volatiles.
(def v (volatile! 1))
(prn @v)
(vswap! v + 10)
(prn @v)
(vreset! v :x)
(prn @v)
(prn (let [cnt (volatile! 0)] (dotimes [_ 5] (vswap! cnt inc)) @cnt))
