;; genera.supervisor: strategies, restart types, intensity, which-children.
(require '[genera.actors :as a] '[genera.supervisor :as sup])

(def me (a/self))
(defn worker [id]
  (a/spawn-link (fn []
                  (a/! me [:started id])
                  (a/receive
                    :crash (throw (ex-info (str id " crashed") {}))
                    :quit :done))))
(defn started [] (loop [acc []] (a/receive [:started id] (recur (conj acc id)) (after 20 acc))))
(defn spec [id restart] {:id id :start [worker id] :restart restart})
(defn pid-of [s id] (some (fn [[i p]] (when (= i id) p)) (sup/which-children s)))
(defn ids [s] (mapv first (sup/which-children s)))

(a/trap-exit true)
(doseq [strategy [:one-for-one :one-for-all :rest-for-one]]
  (let [s (sup/start-link {:strategy strategy :intensity 5 :period 10}
                          [(spec :a :permanent) (spec :b :permanent) (spec :c :permanent)])]
    (println strategy "start" (started) (ids s))
    (let [before (sup/which-children s)]
      (a/! (pid-of s :b) :crash)
      (println strategy "after :b crashed, started" (started)
               "same pids" (mapv (fn [[i p] [_ q]] [i (= p q)]) before (sup/which-children s))))
    (a/exit s :shutdown)
    (println strategy "stopped" (a/receive [:EXIT ~s r] r))))

;; restart types: transient restarts only after an abnormal exit; temporary never
(let [s (sup/start-link {:strategy :one-for-one :intensity 5 :period 10}
                        [(spec :p :permanent) (spec :t :transient) (spec :tmp :temporary)])]
  (started)
  (a/! (pid-of s :t) :crash)
  (a/! (pid-of s :tmp) :crash)
  (a/! (pid-of s :p) :quit)
  (println "restarted" (started) (ids s))
  (a/! (pid-of s :t) :quit)
  (println "restarted" (started) (mapv (fn [[i p]] [i (some? p)]) (sup/which-children s)))
  (a/exit s :shutdown)
  (a/receive [:EXIT ~s r] r))

;; more restarts than the intensity within the period ends the supervisor
(let [s (sup/start-link {:strategy :one-for-one :intensity 2 :period 10} [(spec :x :permanent)])]
  (started)
  (dotimes [_ 3]
    (a/! (pid-of s :x) :crash)
    (started))
  (println "alive after 3 crashes with intensity 2:" (a/alive? s)
           (a/receive [:EXIT ~s r] r (after 100 :no-exit))))
