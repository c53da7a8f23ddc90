;; Checks: keywords and maps as functions in higher-order use; keyword/symbol constructors.
(def people [{:name "ann" :age 31} {:name "bo" :age 25} {:name "cy" :age 40}])
(prn (map :name people))
(prn (filter (comp #(> % 30) :age) people))
(prn (sort-by :age people))
(prn (map {:a 1 :b 2} [:a :b :c]))
(prn (keyword "x") (keyword "ns" "x") (name :ns/x) (namespace :ns/x) (namespace :x))
(prn (symbol "s") (name 'a/b) (namespace 'a/b))
(prn (:a nil) (:a {:a false}))
