;; Seqs over sorted collections behave as Clojure's PersistentTreeMap$Seq.
(require 'clojure.walk)
(def sm (sorted-map 3 :c 1 :a 2 :b))
(def ss (sorted-set 5 4 6))
(def s (seq sm))
(println s (seq? s) (sequential? s) (counted? s) (count s) (count (rest s)) (count (rseq sm)))
(println (= s [[1 :a] [2 :b] [3 :c]]) (= (seq ss) '(4 5 6)) (= (hash (seq ss)) (hash [4 5 6])))
(println (meta (with-meta s {:m 1})) (with-meta s {:m 1}) (empty s) (conj s 0) (cons 0 (seq ss)))
(println (nth s 2) (nth (seq ss) 0) (nth (seq ss) 5 :none) (nthnext s 1) (drop 2 ss) (take-last 2 ss))
(println (map (fn [[k v]] (str k v)) sm) (apply str (rseq ss)) (interpose :x ss) (zipmap ss (rseq ss)))
(println (let [{:keys [x]} (sorted-map :x 1)] x))
(println (clojure.walk/postwalk identity sm) (sorted? (clojure.walk/postwalk identity sm))
         (clojure.walk/prewalk-replace {:a :z} sm))
(println (frequencies (vals (sorted-map 1 :a 2 :b 3 :a))) (group-by odd? ss) (distinct (concat ss ss)))
(println (type sm) (type ss) (instance? clojure.lang.Sorted sm) (instance? java.util.Map sm) (instance? java.util.Set ss))
(loop [q (seq (into (sorted-set) (range 1000))) n 0]
  (if q (recur (next q) (+ n (first q))) (println n)))
(println (reduce + (rseq (into (sorted-set) (range 100000)))))
;; A seq taken before an unshared map is updated (in place) still sees the
;; entries it was taken over.
(let [m (into (sorted-map) (map vector (range 20) (range 100 120)))
      s (seq m)
      r (rseq m)
      m2 (reduce dissoc m (range 0 20 2))
      m3 (reduce #(assoc %1 %2 :new) m2 (range 1 20 4))]
  (println (count s) (take 3 s) (take 3 r) (count r))
  (println m3))
(let [ss (into (sorted-set) (range 10))
      s (subseq ss > 4)
      ss2 (into (disj ss 5 6 7) [100 -1])]
  (println s ss2))
(println (meta (with-meta [1] (sorted-map :a 1))) (ex-data (ex-info "x" (sorted-map :b 2 :a 1))))
