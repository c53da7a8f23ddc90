;; genera.server: call, cast, handle-info, call timeouts and a server dying.
(require '[genera.actors :as a] '[genera.server :as srv])

(def counter
  {:init (fn [start] start)
   :handle-call (fn [req from n]
                  (case req
                    :get [:reply n n]
                    :slow (do (a/receive (after 100 nil)) [:reply :late n])
                    :later (do (a/send-after 5 (a/self) [:answer from]) [:noreply n])
                    :crash (throw (ex-info "server crash" {}))
                    :stop [:stop :normal :stopping n]))
   :handle-cast (fn [msg n] (case msg :inc [:noreply (inc n)]))
   :handle-info (fn [msg n]
                  (if (and (vector? msg) (= :answer (first msg)))
                    (do (srv/reply (second msg) [:deferred n]) [:noreply n])
                    [:noreply (+ n 100)]))
   :terminate (fn [reason n] (println "terminate" reason n))})

(def s (srv/start-link counter 10))
(println (srv/call s :get))
(srv/cast s :inc)
(srv/cast s :inc)
(println (srv/call s :get))
(a/! s :something)
(println (srv/call s :get))
(println (srv/call s :later))
(println (try (srv/call s :slow 10) (catch Exception e (ex-message e))))
(println "caller goes on" (srv/call s :get))
(println (srv/call s :stop))
(a/receive (after 5 nil))
(println (a/alive? s))
(println (try (srv/call s :get) (catch Exception e (ex-message e))))
;; a server that dies during a call: the caller (trapping its link) goes on
(a/trap-exit true)
(def s2 (srv/start-link counter 0))
(println (try (srv/call s2 :crash) (catch Exception e (str "caught: " (subs (ex-message e) 0 22)))))
(println (a/receive [:EXIT ~s2 reason] (ex-message reason)))
