;; Checks: deeply nested mixes of vector and map destructuring, defaults at depth.
(def data {:users [{:name "ann" :langs ["clj" "rust"]}
                   {:name "bo" :langs ["c"]}]
           :meta {:count 2}})
(let [{[{first-name :name [lang1 & other-langs] :langs} second-user] :users
       {:keys [count]} :meta} data]
  (println first-name lang1 other-langs (:name second-user) count))
(let [[[a b] {:keys [c] :or {c :dflt}} & [d]] [[1 2] {} 4]]
  (println a b c d))
(doseq [{:keys [name langs]} (:users data)]
  (println name (count langs)))
(let [{[_ {:keys [x]}] :pts} {:pts [{:x 1} {:x 2}]}] (println x))
