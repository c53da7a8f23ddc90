;; Checks: with-redefs replaces var roots temporarily and restores them even on exception.
(defn now [] :real-time)
(defn report [] (str "at " (now)))
(println (report))
(println (with-redefs [now (constantly :fake-time)] (report)))
(println (report))
(try (with-redefs [now (constantly :x)] (throw (Exception. "oops")))
     (catch Exception e nil))
(println (report))
