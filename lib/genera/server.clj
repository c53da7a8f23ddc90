(ns genera.server
  "Generic servers (Erlang's gen_server) over genera.actors: a server is an
  actor looping over its state; `call` is a request with a reply and a
  timeout, `cast` a request without one."
  (:require [genera.actors :as a]))

(defn reply
  "Sends value v to the caller `from` of a call (as handle-call got it);
  for a handle-call that answered [:noreply state]."
  [from v]
  (let [[pid ref] from]
    (a/! pid [::reply ref v])))

(defn- stop [cb reason state]
  (when-let [t (:terminate cb)]
    (t reason state))
  (if (= reason :normal)
    :normal
    (a/exit reason)))

(defn- bad-return [what r]
  (throw (ex-info (str what " returned " (pr-str r)
                       "; expected [:reply r state], [:noreply state] or [:stop reason ...]")
                  {:returned r})))

(defn- serve [cb state]
  (a/receive
    [::call from req]
    (let [r ((:handle-call cb) req from state)]
      (case (first r)
        :reply (do (reply from (nth r 1)) (recur cb (nth r 2)))
        :noreply (recur cb (nth r 1))
        :stop (do (reply from (nth r 2)) (stop cb (nth r 1) (nth r 3)))
        (bad-return "handle-call" r)))
    [::cast msg]
    (let [r ((:handle-cast cb (fn [_ s] [:noreply s])) msg state)]
      (case (first r)
        :noreply (recur cb (nth r 1))
        :stop (stop cb (nth r 1) (nth r 2))
        (bad-return "handle-cast" r)))
    msg
    (let [r ((:handle-info cb (fn [_ s] [:noreply s])) msg state)]
      (case (first r)
        :noreply (recur cb (nth r 1))
        :stop (stop cb (nth r 1) (nth r 2))
        (bad-return "handle-info" r)))))

(defn start-link
  "Starts a server linked to the caller and returns its pid once (:init
  callbacks) has returned the first state. callbacks: :init (fn [args] state),
  :handle-call (fn [req from state] [:reply r state] | [:noreply state] |
  [:stop reason reply state]), :handle-cast and :handle-info (fn [msg state]
  [:noreply state] | [:stop reason state]), :terminate (fn [reason state])."
  ([callbacks] (start-link callbacks nil))
  ([callbacks args]
   (let [me (a/self)
         pid (a/spawn-link (fn []
                             (let [state ((:init callbacks) args)]
                               (a/! me [::started (a/self)])
                               (serve callbacks state))))
         r (a/monitor pid)]
     (a/receive
       [::started ~pid] (do (a/demonitor r) pid)
       [:DOWN ~r _ reason] (throw (ex-info "server init failed" {:reason reason}))))))

(defn call
  "Sends req to server `dest` (a pid or name) and waits for the reply: throws
  if the server is or goes down first, or after timeout ms (default 5000)."
  ([dest req] (call dest req 5000))
  ([dest req timeout]
   (let [r (a/monitor dest)]
     (a/! dest [::call [(a/self) r] req])
     (a/receive
       [::reply ~r v] (do (a/demonitor r)
                          (a/receive [:DOWN ~r _ _] nil (after 0 nil))
                          v)
       [:DOWN ~r _ reason] (throw (ex-info (str "server down during call: " (pr-str reason))
                                           {:reason reason}))
       (after timeout
              (a/demonitor r)
              (throw (ex-info (str "call timed out after " timeout " ms")
                              {:timeout timeout})))))))

(defn cast
  "Sends msg to server `dest` without waiting."
  [dest msg]
  (a/! dest [::cast msg])
  :ok)
