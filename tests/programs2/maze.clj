(def maze ["S.#......."
           ".##.####.."
           "....#..#.#"
           "#.#.#.##.."
           "..#...#..E"])
(def grid (mapv vec maze))
(defn find-char [c] (first (for [r (range (count grid)) col (range (count (grid r))) :when (= c (get-in grid [r col]))] [r col])))
(def start (find-char \S)) (def end (find-char \E))
(defn open? [[r c]] (let [ch (get-in grid [r c])] (and ch (not= ch \#))))
(defn nbrs [[r c]] (filter open? [[(dec r) c] [(inc r) c] [r (dec c)] [r (inc c)]]))
(defn bfs [start goal]
  (loop [frontier [start] prev {start nil}]
    (cond (empty? frontier) nil
          (contains? prev goal) (reverse (take-while some? (iterate prev goal)))
          :else (let [step (for [p frontier n (nbrs p) :when (not (contains? prev n))] [n p])
                      prev' (reduce (fn [m [n p]] (if (contains? m n) m (assoc m n p))) prev step)]
                  (recur (vec (distinct (map first step))) prev')))))
(def path (bfs start end))
(println start end (count path))
(def path-set (set path))
(doseq [r (range (count grid))]
  (println (apply str (map-indexed (fn [c ch] (if (and (path-set [r c]) (= ch \.)) \* ch)) (grid r)))))
(println (bfs start [0 2]))
