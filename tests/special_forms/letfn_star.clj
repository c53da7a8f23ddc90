;; Checks: letfn* mutually recursive local functions.
(letfn* [ev? (fn* ev? [n] (if (zero? n) true (od? (dec n))))
         od? (fn* od? [n] (if (zero? n) false (ev? (dec n))))]
  (println (ev? 10) (od? 7) (ev? 3)))
(println (letfn [(sq [x] (* x x)) (sum-sq [a b] (+ (sq a) (sq b)))] (sum-sq 3 4)))
