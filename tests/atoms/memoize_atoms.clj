;; Checks: memoize caches results (side effect runs once per argument list).
(def calls (atom 0))
(def slow-square (memoize (fn [x] (swap! calls inc) (* x x))))
(prn (slow-square 4) (slow-square 4) (slow-square 5) @calls)
(def memo-nil (memoize (fn [x] (swap! calls inc) nil)))
(memo-nil 1) (memo-nil 1)
(prn @calls)
