;; Word frequencies of an inline text, printed as a small bar chart.
;; Run with: genera run examples/word_freq.clj
(require '[clojure.string :as str])

(def text
  "Persistent data structures share structure between versions, so an update
   is cheap and every old version stays valid. Reference counting decides at
   compile time when a structure is unshared, and then the update happens in
   place. Structure sharing and in-place update: the best of both worlds.")

(defn words [s]
  (->> (str/split (str/lower-case s) #"[^a-z-]+")
       (remove str/blank?)))

(defn top-words [n s]
  (->> (frequencies (words s))
       (sort-by (fn [[w c]] [(- c) w]))
       (take n)))

(doseq [[w c] (top-words 8 text)]
  (println (str (apply str (repeat (- 12 (count w)) " ")) w " "
                (apply str (repeat c "#")) " " c)))
