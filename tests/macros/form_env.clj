;; Checks: &form is the whole macro call; &env holds the names of the locals in scope.
(defmacro show-form [& args] (list 'quote &form))
(prn (show-form 1 2 3))
(defmacro local-names [] (vec (map (fn [s] (list 'quote s)) (sort (map str (keys &env))))))
(prn (local-names))
(let [a 1 b 2]
  (prn (local-names)))
(defmacro has-local? [sym] (contains? &env sym))
(let [x 1] (println (has-local? x) (has-local? y)))
