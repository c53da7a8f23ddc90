;; Checks: an uncaught exception's report names the line inside the function
;; body where it was thrown (code that passed through defn, let and when keeps
;; its source line), the exception class, its message and its ex-data.
(defn check [x]
  (let [y (inc x)]
    (when (> y 1)
      (throw (ex-info "too big" {:y y})))))

(defn run [x]
  (let [r (check x)]
    (println "not reached" r)))

(println "start")
(run 5)
