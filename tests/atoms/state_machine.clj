;; Checks: an atom holding a map updated by several functions, like a small bank.
(def accounts (atom {:alice 100 :bob 50}))
(defn transfer! [from to amount]
  (swap! accounts
         (fn [accts]
           (if (>= (get accts from) amount)
             (-> accts (update from - amount) (update to + amount))
             accts))))
(transfer! :alice :bob 30)
(transfer! :bob :alice 500)
(transfer! :bob :alice 80)
(prn @accounts)
(prn (reduce + (vals @accounts)))
