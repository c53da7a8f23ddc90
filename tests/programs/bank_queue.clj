;; Checks: a simulation with a vector used as a queue, reduce over events, and a summary map.
(def events [[:deposit 100] [:withdraw 30] [:withdraw 200] [:deposit 5] [:interest 10]])
(defn apply-event [{:keys [balance log] :as st} [kind amt]]
  (case kind
    :deposit (-> st (update :balance + amt) (update :log conj (str "+" amt)))
    :withdraw (if (>= balance amt)
                (-> st (update :balance - amt) (update :log conj (str "-" amt)))
                (update st :log conj (str "refused " amt)))
    :interest (let [i (quot (* balance amt) 100)]
                (-> st (update :balance + i) (update :log conj (str "interest " i))))))
(def final (reduce apply-event {:balance 0 :log []} events))
(println (:balance final))
(doseq [l (:log final)] (println l))
