;; Checks: named fn recursion inside closures, fn returned with its own name in scope.
(defn make-fact []
  (fn fact [n] (if (<= n 1) 1 (* n (fact (dec n))))))
(println ((make-fact) 10))
(def memo-fib
  (let [cache (atom {})]
    (fn mfib [n]
      (if-let [v (get @cache n)]
        v
        (let [v (if (< n 2) n (+ (mfib (- n 1)) (mfib (- n 2))))]
          (swap! cache assoc n v)
          v)))))
(println (memo-fib 80))
