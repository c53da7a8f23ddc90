;; Okasaki's red-black tree, nodes as vectors [color left key right]: ins
;; rebuilds the node it destructured (a functional update of an unshared
;; node) and balance rebuilds its argument; with drop-reuse those happen in
;; place (crates/cli/tests/reuse_stats.rs counts the hits).
(defn balance [node]
  (let [[c l k r] node]
    (if (= c :black)
      (cond
        (and (vector? l) (= (l 0) :red) (vector? (l 1)) (= ((l 1) 0) :red))
        (let [[_ [_ a x b] y cc] l]
          [:red [:black a x b] y [:black cc k r]])
        (and (vector? l) (= (l 0) :red) (vector? (l 3)) (= ((l 3) 0) :red))
        (let [[_ a x [_ b y cc]] l]
          [:red [:black a x b] y [:black cc k r]])
        (and (vector? r) (= (r 0) :red) (vector? (r 1)) (= ((r 1) 0) :red))
        (let [[_ [_ b y cc] z d] r]
          [:red [:black l k b] y [:black cc z d]])
        (and (vector? r) (= (r 0) :red) (vector? (r 3)) (= ((r 3) 0) :red))
        (let [[_ b y [_ cc z d]] r]
          [:red [:black l k b] y [:black cc z d]])
        :else [c l k r])
      [c l k r])))

(defn ins [t k]
  (if (nil? t)
    [:red nil k nil]
    (let [[c l y r] t]
      (cond
        (< k y) (balance [c (ins l k) y r])
        (> k y) (balance [c l y (ins r k)])
        :else t))))

(defn insert [t k]
  (let [[_ l y r] (ins t k)]
    [:black l y r]))

(defn depth [t] (if (nil? t) 0 (inc (max (depth (t 1)) (depth (t 3))))))
(defn tree-count [t] (if (nil? t) 0 (+ 1 (tree-count (t 1)) (tree-count (t 3)))))
(defn in-order [t] (if (nil? t) [] (concat (in-order (t 1)) [(t 2)] (in-order (t 3)))))

(def n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 1000))

;; Keys in a scrambled order, so both rotations and both sides are exercised.
(let [ks (map #(mod (* 7919 %) n) (range n))
      t (reduce insert nil ks)]
  (println (tree-count t) (depth t) (= (in-order t) (range n)) (take 5 (in-order t))))
