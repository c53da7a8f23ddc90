;; Checks: fnil with 1-3 defaults, trampoline with args, max-key/min-key ties.
(def f (fnil + 1 2 3))
(prn (f nil nil nil) (f 10 nil nil) (f 10 20 30))
(prn ((fnil conj []) nil 1))
(prn (trampoline (fn step [n] (if (pos? n) #(step (dec n)) :landed)) 5))
(prn (max-key count "a" "bbb" "cc") (min-key count "aa" "b" "c") (max-key - 1 2 3))
(prn (max-key count "ab" "cd"))
