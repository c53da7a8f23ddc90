(require '[clojure.string :as str])
(def csv "name,dept,salary,start
Alice,Engineering,120000,2019
Bob,Sales,80000,2020
Carol,Engineering,135000,2017
Dan,Marketing,70000,2021
Eve,Sales,95000,2018
Frank,Engineering,99000,2022")
(defn parse [text]
  (let [[header & rows] (str/split-lines text)
        ks (map keyword (str/split header #","))]
    (for [r rows]
      (-> (zipmap ks (str/split r #","))
          (update :salary parse-long)
          (update :start parse-long)))))
(def emps (parse csv))
(println (count emps) (first emps))
(def by-dept (group-by :dept emps))
(doseq [[dept es] (sort-by key by-dept)]
  (let [total (reduce + (map :salary es)) avg (/ total (count es))]
    (println (format "%-12s n=%d total=%,d avg=%.1f max=%s" dept (count es) total (double avg) (:name (apply max-key :salary es))))))
(println (->> emps (sort-by (juxt :dept (comp - :salary))) (map :name)))
(println (->> emps (map :start) frequencies (sort-by key)))
(defn histogram [m] (doseq [[k v] (sort-by key m)] (println (format "%-12s %s" k (apply str (repeat (quot v 10000) "*"))))))
(histogram (into {} (map (juxt :name :salary) emps)))
(println (str/join "\n" (map #(str/join "," ((juxt :name :salary) %)) (take 2 emps))))
(let [raise (fn [e] (if (= "Sales" (:dept e)) (update e :salary #(long (* % 1.1))) e))]
  (println (map (comp :salary raise) emps)))
(println (sort (reduce (fn [acc {:keys [dept salary]}] (update acc dept (fnil + 0) salary)) {} emps)))
