;; Checks: closures created in a loop capture each iteration's binding.
(def thunks (loop [i 0 acc []]
  (if (< i 4) (recur (inc i) (conj acc (fn [] i))) acc)))
(println (mapv (fn [t] (t)) thunks))
(def fs (for [x [:a :b :c]] (fn [suffix] (str (name x) suffix))))
(println (map (fn [f] (f "!")) fs))
