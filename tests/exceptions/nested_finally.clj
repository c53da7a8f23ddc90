;; Checks: nested try/finally blocks run innermost first; finally value is discarded.
(def log (atom []))
(try
  (try
    (try (throw (Exception. "deep"))
         (finally (swap! log conj :inner)))
    (finally (swap! log conj :middle)))
  (catch Exception e (swap! log conj (keyword (.getMessage e))))
  (finally (swap! log conj :outer)))
(println @log)
(println (try 1 (finally 2)))
(println (try (throw (Exception. "x")) (catch Exception e 3) (finally 4)))
