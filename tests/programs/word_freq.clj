;; Checks: word frequencies over an inline text, ties broken alphabetically.
(require '[clojure.string :as str])
(def text "It was the best of times, it was the worst of times; it was the age of wisdom.")
(def words (->> (str/split (str/lower-case text) #"[^a-z]+") (remove str/blank?)))
(def top (->> (frequencies words) (sort-by (juxt (comp - val) key)) (take 5)))
(doseq [[w n] top] (println (format "%s %d" w n)))
