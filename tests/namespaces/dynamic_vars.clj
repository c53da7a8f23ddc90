;; Checks: binding of dynamic vars is visible to called functions and restored afterwards, even on exception.
(def ^:dynamic *indent* "")
(defn show [s] (println (str *indent* s)))
(show "top")
(binding [*indent* "  "]
  (show "nested")
  (binding [*indent* "    "]
    (show "deeper"))
  (show "back"))
(show "top again")
(try (binding [*indent* ">>"] (throw (Exception. "x")))
     (catch Exception e (show "after exception")))
(def ^:dynamic *a* 1)
(def ^:dynamic *b* 2)
(binding [*a* 10 *b* (+ *a* 1)] (println *a* *b*))
