;; Checks: mutual recursion with letfn and with declare'd top-level functions.
(letfn [(ev? [n] (if (zero? n) true (od? (dec n))))
        (od? [n] (if (zero? n) false (ev? (dec n))))]
  (println (map ev? (range 6))))
(declare pong)
(defn ping [n acc] (if (zero? n) acc (pong (dec n) (conj acc :ping))))
(defn pong [n acc] (if (zero? n) acc (ping (dec n) (conj acc :pong))))
(println (ping 5 []))
