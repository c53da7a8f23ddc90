;; Checks: -> ->> as-> some-> some->> cond-> cond->> doto.
(println (-> 5 inc (* 2) (- 1)))
(println (->> [1 2 3 4] (map inc) (filter even?) (reduce +)))
(println (-> {:a {:b 3}} :a :b))
(println (as-> 3 x (* x x) (+ x 1) (vector x x)))
(prn (some-> {:a {:b nil}} :a :b inc))
(prn (some-> {:a {:b 1}} :a :b inc))
(prn (some->> [1 2 3] (map inc) first))
(prn (some->> nil (map inc)))
(println (cond-> 1 true inc false (* 100) (= 1 1) (* 10)))
(println (cond->> [1 2 3] true (map inc) false (map -) true (reduce +)))
(let [a (doto (atom []) (swap! conj 1) (swap! conj 2))]
  (println @a))
(println (-> [] (conj 1) (conj 2) count))
