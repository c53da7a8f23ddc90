;; Checks: common runtime errors from core functions are catchable exceptions with messages.
(println (try (nth [1 2 3] 10) (catch IndexOutOfBoundsException e :index-out-of-bounds)))
(println (try (throw (ex-info "custom" {:k :v})) (catch Exception e (ex-data e))))
(println (try (case 5 1 :one 2 :two) (catch IllegalArgumentException e (.getMessage e))))
(println (try (condp = 3 1 :a 2 :b) (catch IllegalArgumentException e (.getMessage e))))
(println (try (parse-long "12") (catch Exception e :bad)))
(prn (parse-long "12x"))
