;; Checks: recur in tail positions of if, do, let, cond, case, when inside loop and fn bodies.
(println (loop [i 0] (if (< i 3) (do (print i "") (recur (inc i))) (println "|"))))
(println (loop [i 0 acc 0] (let [j (inc i)] (if (> j 5) acc (recur j (+ acc j))))))
(println (loop [i 0] (cond (= i 5) :five (odd? i) (recur (+ i 1)) :else (recur (+ i 1)))))
(println (loop [k :a n 0] (case k :a (recur :b (inc n)) :b (recur :c (inc n)) :c n)))
(println (loop [xs [1 2 3] acc 1] (when-let [[x & r] (seq xs)] (if r (recur r (* acc x)) (* acc x)))))
(defn f [n] (when (pos? n) (if (even? n) (recur (dec n)) (recur (dec n)))))
(prn (f 10))
