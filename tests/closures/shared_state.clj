;; Checks: two closures sharing one captured atom see each other's updates.
(defn make-account [balance]
  (let [b (atom balance)]
    {:deposit (fn [x] (swap! b + x))
     :withdraw (fn [x] (if (> x @b) :insufficient (swap! b - x)))
     :balance (fn [] @b)}))
(let [acct (make-account 100)]
  ((:deposit acct) 50)
  (println ((:withdraw acct) 30))
  (println ((:withdraw acct) 500))
  (println ((:balance acct))))
