;; Checks: vectors across trie node boundaries (0, 1, 31, 32, 33, 1024, 1025,
;; 32768+ items): conj, nth, assoc (incl. at count), pop, peek, seq, =, hash.
(defn build [n] (loop [v [] i 0] (if (< i n) (recur (conj v i) (inc i)) v)))
(defn check [n]
  (let [v (build n)]
    [n (count v) (= v (range n)) (= (seq v) (seq (range n)))
     (if (pos? n) [(nth v 0) (nth v (dec n)) (peek v) (v (quot n 2))] :empty)
     (= (hash v) (hash (vec (range n))) (hash (range n)))
     (reduce + v)]))
(doseq [n [0 1 31 32 33 63 64 65 1023 1024 1025 1056 1057 32768 32769 33824 33825 40000]]
  (prn (check n)))
;; pop back down across every boundary
(defn pop-to [v k] (loop [v v] (if (> (count v) k) (recur (pop v)) v)))
(let [big (build 40000)]
  (doseq [k [33825 33824 32769 32768 1057 1056 1025 1024 33 32 31 1 0]]
    (let [p (pop-to big k)]
      (prn k (count p) (= p (range k)) (peek p))))
  (prn (= big (build 40000)) (count big)))
;; assoc across the trie, on a shared vector (the original unchanged)
(let [v (build 2000)
      w (reduce (fn [w i] (assoc w i (- i))) v (range 0 2000 7))]
  (prn (take 5 v) (take 8 w) (nth w 1995) (nth v 1995))
  (prn (assoc v 2000 :end) (count (assoc v 2000 :end)) (peek (assoc v 2000 :end))))
(prn (assoc [] 0 :a) (assoc [1] 1 2) (conj [1 2] 3 4))
;; interleaved conj/pop at the 32 and 1056 boundaries
(prn (-> (build 32) (conj :a) pop (conj :b) peek))
(prn (-> (build 1056) (conj :a) pop pop (conj :b) (conj :c) (subvec 1053)))
;; JVM hashes of vectors (hash-ordered-coll) and equality with lists
(prn (hash []) (hash [1 2 3]) (hash [[1] [2 3] "a" :k]) (hash (build 100)))
(prn (= [1 2 3] '(1 2 3)) (= '(1 2 3) [1 2 3]) (= [1 2] [1 2 3]) (= [] ()) (= [nil] [nil]))
(prn (compare [1 2 3] [1 2 4]) (compare [1 2] [1 2 3]) (compare (build 40) (build 40)))
(prn (nth [1 2 3] 5 :nf) (nth (build 100) -1 :nf) (get (build 100) 99) (get [1 2] 5) (get [1 2] :a))
(prn (contains? (build 50) 49) (contains? (build 50) 50) (find [:a :b] 1) (find [:a :b] 2))
(let [[a b & more] (build 100)] (prn a b (count more) (first more)))
(prn (assoc-in [[1 2] [3 [4 5]]] [1 1 0] :x) (update-in (vec (repeat 3 (build 40))) [2 39] inc))
(prn (mapv inc (build 40)) (filterv even? (build 70)))
(prn (into [] (map inc) (build 35)) (vec (build 33)) (vector 1 2 3) (vector))
(prn (empty (with-meta (build 40) {:m 1})) (meta (empty (with-meta (build 40) {:m 1}))))
(prn (meta (conj (with-meta (build 40) {:m 1}) 1)) (meta (pop (with-meta (build 40) {:m 1}))))
(prn (rseq (build 40)) (rseq []) (rseq [1]))
(prn (str (build 5)) (pr-str (build 3)) (vector? (build 40)) (coll? (build 1)))
