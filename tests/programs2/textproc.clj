(require '[clojure.string :as str])
(def doc "It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair.")
(def tokens (re-seq #"[a-z]+" (str/lower-case doc)))
(def stop #{"it" "was" "the" "of"})
(println (->> tokens (remove stop) frequencies (sort-by (fn [[w c]] [(- c) w])) (take 6)))
(defn bigrams [ws] (map vector ws (rest ws)))
(println (->> tokens bigrams frequencies (filter #(> (val %) 2)) (sort-by (comp - val)) (map first) (take 3)))
(defn wrap [width text]
  (loop [ws (str/split text #"\s+") line "" out []]
    (if-let [w (first ws)]
      (let [cand (if (empty? line) w (str line " " w))]
        (if (> (count cand) width) (recur (rest ws) w (conj out line)) (recur (rest ws) cand out)))
      (conj out line))))
(doseq [l (wrap 30 doc)] (println (str "|" l (apply str (repeat (- 30 (count l)) " ")) "|")))
(println (->> (str/split-lines doc) (map-indexed (fn [i l] (str (inc i) ": " (count (str/split l #"\s+"))))) (str/join "; ")))
(defn title-case [s] (str/join " " (map str/capitalize (str/split s #" "))))
(println (title-case "the quick brown fox"))
(println (->> "hello world" (map (fn [c] (if (= c \space) "_" (str c)))) (apply str)))
(println (count (filter #{\a \e \i \o \u} doc)) (apply max-key count (str/split doc #"\W+")))
(def vowel? (set "aeiouAEIOU"))
(defn pig-latin [w] (let [[c v] (split-with (complement vowel?) w)] (if (seq c) (str (apply str v) (apply str c) "ay") (str w "way"))))
(println (map pig-latin ["hello" "apple" "string" "eat"]))
(println (str/join (reverse (str/split "one two three" #" "))) (str/join " " (reverse (str/split "one two three" #" "))))
(println (->> "aAbBcC" (partition 2) (map (fn [[a b]] (str b a))) (apply str)))
