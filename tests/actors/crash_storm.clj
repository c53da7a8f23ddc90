;; A crash storm: a supervisor restarts a child that crashes 10,000 times
;; while a server beside it keeps answering a client, which loses nothing.
(require '[genera.actors :as a] '[genera.server :as srv] '[genera.supervisor :as sup])

(def me (a/self))
(defn crasher []
  (a/spawn-link (fn [] (a/receive :crash (throw (ex-info "storm" {}))))))
(defn adder []
  (srv/start-link {:init (fn [_] 0)
                   :handle-call (fn [n _ total] [:reply (+ total n) (+ total n)])}))
(def s (sup/start-link {:strategy :one-for-one :intensity 20000 :period 60}
                       [{:id :crasher :start [crasher]}
                        {:id :adder :start [adder]}]))
(defn child [id] (some (fn [[i p]] (when (= i id) p)) (sup/which-children s)))
(def client
  (a/spawn (fn []
             (let [adder (child :adder)
                   total (reduce (fn [_ i] (srv/call adder 1)) 0 (range 5000))]
               (a/! me [:client-done total])))))
(loop [i 0 last nil]
  (when (< i 10000)
    (let [p (child :crasher)]
      (if (= p last)
        (recur i last)
        (do (a/! p :crash) (recur (inc i) p))))))
(println (a/receive [:client-done total] total (after 60000 :client-lost)))
(println (srv/call (child :adder) 0))
(a/trap-exit true)
(a/exit s :shutdown)
(println (a/receive [:EXIT ~s r] r))
(println (count (a/processes)))
