;; Checks: cond with :else, empty cond, condp with default and :>>.
(defn sign [n] (cond (neg? n) :negative (zero? n) :zero :else :positive))
(prn (map sign [-5 0 5]))
(prn (cond))
(prn (cond false 1))
(defn describe [x]
  (condp = x
    1 "one"
    2 "two"
    "many"))
(prn (map describe [1 2 3]))
(prn (condp some [1 2 3] #{0 5} :>> inc #{2 4} :>> #(* 10 %) :none))
(prn (condp < 5 10 :lt-10 3 :lt-3 :none))
(prn (try (condp = 9 1 :one) (catch IllegalArgumentException e (.getMessage e))))
