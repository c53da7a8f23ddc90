;; Ring: N actors in a ring pass a token around M times (N*M hops).
;; The same workload as bench/peers/ring.erl.
(require '[genera.actors :as a])

(defn node [next]
  (loop []
    (a/receive
      0 (a/! next 0)
      n (do (a/! next (dec n)) (recur)))))

(defn ring [n laps]
  (let [me (a/self)
        ;; the last node forwards to main, which closes the ring
        first-pid (reduce (fn [next _] (a/spawn node next)) me (range (dec n)))]
    (a/! first-pid (* n laps))
    (loop []
      (a/receive
        0 :done
        k (do (a/! first-pid (dec k)) (recur))))))

(let [[n laps] (map #(Long/parseLong %) (or *command-line-args* ["10000" "100"]))]
  (println (ring n laps)))
