(require '[clojure.string :as str])
(defn esc [s] (str/escape s {\" "\\\"" \\ "\\\\" \newline "\\n"}))
(defn to-json [x]
  (cond
    (nil? x) "null"
    (string? x) (str "\"" (esc x) "\"")
    (keyword? x) (to-json (name x))
    (number? x) (str x)
    (boolean? x) (str x)
    (map? x) (str "{" (str/join "," (for [[k v] (sort-by (comp str key) x)] (str (to-json k) ":" (to-json v)))) "}")
    (coll? x) (str "[" (str/join "," (map to-json x)) "]")
    :else (throw (ex-info "can't encode" {:value x}))))
(println (to-json {:name "Ann \"A\"" :age 31 :tags ["x" "y"] :addr {:city "Oslo" :zip nil} :ok true :score 4.5}))
(println (to-json [1 [2 [3 {}]] '() "line\nbreak"]))
(defn pp [x indent]
  (let [pad (apply str (repeat indent " "))]
    (cond (map? x) (do (println (str pad "{"))
                       (doseq [[k v] (sort-by key x)] (println (str pad "  " k)) (pp v (+ indent 4)))
                       (println (str pad "}")))
          (vector? x) (doseq [v x] (pp v indent))
          :else (println (str pad (pr-str x))))))
(pp {:a 1 :b {:c [1 2] :d "s"}} 0)
(prn {:a "x" :b \c :c 'sym :d 1.5 :e nil :f [1 "2" :3]})
(println {:a "x" :b \c :c 'sym :d 1.5 :e nil})
(prn '(1 (2 "three")) #{"one"} [\a \space \newline \tab])
(println (pr-str "a\"b\\c\n") (str "a" nil 1 :k 'x 1.0 \c))
(prn (list) [] {} #{} "" (str) nil true)
(prn 'a/b :ns/k (keyword "x" "y") (symbol "foo"))
