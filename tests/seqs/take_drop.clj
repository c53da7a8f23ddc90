;; Checks: take, drop, take-last, drop-last, take-nth, take-while, drop-while, split-at, split-with, nthrest, nthnext.
(def r (range 10))
(prn (take 3 r) (drop 7 r) (take-last 2 r) (drop-last 8 r) (drop-last r))
(prn (take-nth 3 r) (take-while #(< % 4) r) (drop-while #(< % 8) r))
(prn (split-at 3 [1 2 3 4 5]) (split-with odd? [1 3 4 5]))
(prn (nthrest r 8) (nthnext r 8) (nthnext r 20) (nthrest [] 3))
(prn (take 0 r) (take -1 r) (drop 0 [1]) (drop 5 [1]) (take-last 5 [1 2]))
(prn (take 10 [1 2]) (take-last 0 [1 2]))
