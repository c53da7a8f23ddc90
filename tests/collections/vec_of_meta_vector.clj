;; Checks: vec of a vector with metadata gives a vector without it and releases the metadata map (run with --check-leaks: nothing stays live); vec of other collections with metadata.
(dotimes [i 100000] (vec (with-meta [1] {:x i})))
(let [v (with-meta [1 2] {:x 1})
      w (vec v)]
  (prn w (meta w) (meta v) (= v w)))
(prn (meta (vec (with-meta (list 1 2) {:y 2}))))
(prn (meta (vec (with-meta {:a 1} {:z 3}))))
(prn (vec (with-meta [] {:e 1})) (meta (vec (with-meta [] {:e 1}))))
(let [v [1 2 3]] (prn (identical? v (vec v))))
(prn (count (map (fn [i] (vec (with-meta [i] {:i i}))) (range 1000))))
