;; Checks: a hash-map-sized literal with a repeated (computed) key throws.
(let [x 1] (prn {x 1 1 2 3 3 4 4 5 5 6 6 7 7 8 8 9 9}))
