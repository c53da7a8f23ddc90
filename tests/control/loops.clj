;; Checks: several loop styles computing the same sums: loop/recur, reduce, dotimes with atom, while.
(println (loop [i 1 s 0] (if (> i 100) s (recur (inc i) (+ s i)))))
(println (reduce + (range 1 101)))
(let [s (atom 0)] (dotimes [i 101] (swap! s + i)) (println @s))
(let [s (atom 0) i (atom 1)] (while (<= @i 100) (swap! s + @i) (swap! i inc)) (println @s))
(println (apply + (for [i (range 1 101)] i)))
