;; Checks: building strings with format, str and interpose for a small table.
(def rows [["ann" 31] ["bo" 5]])
(doseq [[n a] rows] (println (format "%s:%d" n a)))
(println (apply str (interpose "," (map first rows))))
(println (str "[" (clojure.string/join " | " (map second rows)) "]"))
