(ns genera.supervisor
  "Supervisors (Erlang's supervisor) over genera.actors: an actor trapping
  exits that starts children in order, restarts them by strategy and restart
  type, and gives up (ending itself) past its restart intensity."
  (:require [genera.actors :as a]))

(defn- start-child [spec]
  (let [[f & args] (:start spec)
        pid (apply f args)]
    (when-not (a/pid? pid)
      (throw (ex-info (str "child " (pr-str (:id spec)) " start returned " (pr-str pid)
                           ", not a pid")
                      {:id (:id spec)})))
    pid))

(defn- stop-child [pid]
  (when (a/alive? pid)
    (a/exit pid :shutdown)
    (a/receive
      [:EXIT ~pid _] nil
      (after 5000
             (a/kill pid)
             (a/receive [:EXIT ~pid _] nil)))))

(defn- restart? [spec reason]
  (case (:restart spec :permanent)
    :permanent true
    :transient (not (contains? #{:normal :shutdown} reason))
    :temporary false))

(defn- too-many? [restarts {:keys [intensity period] :or {intensity 1 period 5}}]
  (let [now (System/currentTimeMillis)
        recent (filterv #(> % (- now (* 1000 period))) (conj restarts now))]
    [(> (count recent) intensity) recent]))

(defn- stop-all [children]
  (doseq [[_ pid] (reverse children)]
    (when pid (stop-child pid))))

(defn- restart [strategy specs children i]
  ;; children: a vector of [spec pid-or-nil] in start order; i the one that ended
  (case strategy
    :one-for-one (assoc-in children [i 1] (start-child (first (children i))))
    (let [from (if (= strategy :one-for-all) 0 i)
          affected (subvec children from)]
      (stop-all (map (fn [[s p]] [s (when (not= p (get-in children [i 1])) p)]) affected))
      (into (subvec children 0 from)
            (map (fn [[s _]] [s (start-child s)]) affected)))))

(defn- supervise [opts parent children restarts]
  (a/receive
    [::which-children from ref]
    (do (a/! from [::children ref (mapv (fn [[s p]] [(:id s) p]) children)])
        (recur opts parent children restarts))
    [:EXIT from reason]
    (if (= from parent)
      (do (stop-all children) (a/exit reason))
      (if-let [i (first (keep-indexed (fn [i [_ p]] (when (= p from) i)) children))]
        (let [spec (first (children i))]
          (if (restart? spec reason)
            (let [[over recent] (too-many? restarts opts)]
              (if over
                (do (stop-all (assoc-in children [i 1] nil)) (a/exit :shutdown))
                (recur opts parent (restart (:strategy opts :one-for-one) nil children i) recent)))
            ;; a temporary child leaves the list; a transient one stays,
            ;; without a pid, as in Erlang
            (recur opts parent
                   (if (= :temporary (:restart spec))
                     (into (subvec children 0 i) (subvec children (inc i)))
                     (assoc-in children [i 1] nil))
                   restarts)))
        (recur opts parent children restarts)))
    _ (recur opts parent children restarts)))

(defn start-link
  "Starts a supervisor linked to the caller; returns its pid once every child
  has started. opts: :strategy (:one-for-one, :one-for-all, :rest-for-one),
  :intensity (restarts allowed, default 1) within :period seconds (default 5).
  Each child spec: :id, :start [f & args] (f starts the child linked to its
  caller and returns its pid, as server/start-link does), :restart
  (:permanent, :transient, :temporary; default :permanent)."
  [opts child-specs]
  (let [parent (a/self)
        pid (a/spawn-link
             (fn []
               (a/trap-exit true)
               (let [children (reduce (fn [cs s] (conj cs [s (start-child s)])) [] child-specs)]
                 (a/! parent [::started (a/self)])
                 (supervise opts parent children []))))
        r (a/monitor pid)]
    (a/receive
      [::started ~pid] (do (a/demonitor r) pid)
      [:DOWN ~r _ reason] (throw (ex-info "supervisor start failed" {:reason reason})))))

(defn which-children
  "[[id pid] ...] of a supervisor's children, in start order."
  [sup]
  (let [ref (a/monitor sup)]
    (a/! sup [::which-children (a/self) ref])
    (a/receive
      [::children ~ref cs] (do (a/demonitor ref) cs)
      [:DOWN ~ref _ reason] (throw (ex-info "supervisor is down" {:reason reason})))))
