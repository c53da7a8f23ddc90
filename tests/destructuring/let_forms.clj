;; Checks: let shadowing with destructuring, let in let, binding uses earlier names.
(let [x 1 [y z] [x (inc x)] {w :w} {:w (+ y z)}] (println x y z w))
(let [v [1 2 3] [a] v [_ b] v] (println a b))
(let [m {:a 1} {:keys [a]} m a (* a 10)] (println a))
