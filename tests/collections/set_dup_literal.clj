;; Checks: a set literal with a repeated (computed) member throws.
(let [x 1] (prn #{x 1}))
