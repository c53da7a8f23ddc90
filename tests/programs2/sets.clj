(require '[clojure.set :as set])
(def a #{1 2 3 4}) (def b #{3 4 5})
(println (sort (set/union a b)) (sort (set/intersection a b)) (sort (set/difference a b)))
(println (set/subset? #{1 2} a) (set/superset? a #{1 5}) (contains? a 3) (a 9) (get a 2) (disj #{1} 1))
(def people #{{:name "ann" :dept 1} {:name "bob" :dept 2} {:name "cy" :dept 1}})
(def depts #{{:dept 1 :dname "eng"} {:dept 2 :dname "ops"}})
(println (sort-by :name (set/join people depts)))
(println (->> (set/index people [:dept]) (map (fn [[k v]] [k (sort (map :name v))])) (sort-by (comp :dept first))))
(println (set/rename-keys {:a 1 :b 2} {:a :x}) (set/map-invert {:a 1 :b 2}) (sort-by :n (set/project #{{:n 1 :m 2} {:n 3 :m 4}} [:n])))
(println (sort-by :name (set/select #(= 1 (:dept %)) people)))
(println (set/rename #{{:a 1}} {:a :b}))
(println (= #{1 2} #{2 1}) (= #{} (set [])) (count (into #{} [1 1 2])) (set? #{}) (sort (conj #{1} 2 3)))
(println (sort (reduce set/union [#{1} #{2} #{3 1}])) (set/union) (set/intersection #{1}))
(println (some #{:x} [:a :x]) (filter #{1 2} [0 1 2 3 2]) (remove #{:a} [:a :b]))
(def graph {:a [:b :c] :b [:d] :c [:d :e] :d [] :e [:a]})
(defn reachable [g start]
  (loop [seen #{} frontier [start]]
    (if (empty? frontier) seen
      (let [n (peek frontier)]
        (if (seen n) (recur seen (pop frontier))
          (recur (conj seen n) (into (pop frontier) (g n))))))))
(println (sort (reachable graph :b)) (count (reachable graph :a)))
(defn bfs [g s]
  (loop [q [s] seen #{s} order []]
    (if (empty? q) order
      (let [[n & rest] q nbrs (remove seen (g n))]
        (recur (into (vec rest) nbrs) (into seen nbrs) (conj order n))))))
(println (bfs graph :a))
(defn topo [g]
  (let [indeg (reduce (fn [m [_ vs]] (reduce #(update %1 %2 (fnil inc 0)) m vs)) (zipmap (keys g) (repeat 0)) g)]
    (loop [q (sort (filter #(zero? (indeg %)) (keys g))) indeg indeg out []]
      (if (empty? q) out
        (let [n (first q) [indeg q2] (reduce (fn [[d q] m] (let [d (update d m dec)] [d (if (zero? (d m)) (conj q m) q)])) [indeg (vec (rest q))] (g n))]
          (recur (sort q2) indeg (conj out n)))))))
(println (topo {:shirt [:tie :belt] :tie [:jacket] :pants [:shoes :belt] :belt [:jacket] :socks [:shoes] :shoes [] :jacket []}))
