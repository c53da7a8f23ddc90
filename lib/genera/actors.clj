(ns genera.actors
  "Actors: spawn, send (!), receive, links, monitors, exits, a name registry.
  The natives (spawn, !, self, link, monitor, exit, ...) are the runtime's
  (crates/runtime/src/actor.rs); this file adds `receive`, the selective
  receive of Erlang, over the scan natives %recv-start, %recv-next,
  %recv-current and %recv-take.")

;; Patterns, as in Erlang's receive with Clojure's data:
;;   _            matches anything
;;   sym          matches anything and binds sym (a second sym in the same
;;                pattern must be equal to the first)
;;   ~expr        matches a value equal to expr (evaluated once per message)
;;   :kw "s" 1 nil true \c 'sym   literals, matched with =
;;   [p ...]      a vector of exactly that many items, each matching
;;   [p ... & r]  a vector of at least that many; r binds the rest (a vector)
;;   {k p ...}    a map holding every key k (a literal), its value matching p
;; A pattern compiles to a test and to bindings over an access expression
;; (how the matched part is reached from the message), so nothing is
;; computed unless the test passes.

(defn- literal? [p]
  (or (keyword? p) (string? p) (number? p) (nil? p) (true? p) (false? p)
      (char? p)))

(defn- pin? [p]
  (and (seq? p) (= 'clojure.core/unquote (first p))))

(defn- quoted? [p]
  (and (seq? p) (= 'quote (first p))))

(declare compile-pattern)

(defn- compile-vector [p access state]
  (let [[fixed [amp rest-pat :as tail]] (split-with #(not= '& %) p)
        n (count fixed)
        _ (when (and (seq tail) (or (not= amp '&) (not= 2 (count tail))))
            (throw (IllegalArgumentException.
                    (str "receive: & must be followed by one pattern in " (pr-str p)))))
        size-test (if (seq tail)
                    `(>= (count ~access) ~n)
                    `(= (count ~access) ~n))
        state (update state :tests conj `(vector? ~access) size-test)
        state (reduce (fn [st [i q]] (compile-pattern q `(nth ~access ~i) st))
                      state
                      (map-indexed vector fixed))]
    (if (seq tail)
      (compile-pattern rest-pat `(subvec ~access ~n) state)
      state)))

(defn- compile-map [p access state]
  (reduce (fn [st [k q]]
            (when-not (or (literal? k) (quoted? k))
              (throw (IllegalArgumentException.
                      (str "receive: map pattern keys must be literals, got " (pr-str k)))))
            (compile-pattern q `(get ~access ~k)
                             (update st :tests conj `(contains? ~access ~k))))
          (update state :tests conj `(map? ~access))
          p))

(defn- compile-pattern
  "Adds the tests and bindings of pattern p, matched against the value that
  expression access computes, to state {:tests [...] :bindings [...] :seen {}}."
  [p access state]
  (cond
    (= '_ p) state
    (symbol? p)
    (if-let [first-access (get-in state [:seen p])]
      (update state :tests conj `(= ~access ~first-access))
      (-> state
          (assoc-in [:seen p] access)
          (update :bindings conj p access)))
    (pin? p) (update state :tests conj `(= ~access ~(second p)))
    (or (literal? p) (quoted? p)) (update state :tests conj `(= ~access ~p))
    (vector? p) (compile-vector p access state)
    (map? p) (compile-map p access state)
    :else (throw (IllegalArgumentException.
                  (str "receive: not a pattern: " (pr-str p))))))

(defn- after-clause? [form]
  (and (seq? form) (= 'after (first form))))

(defmacro receive
  "Takes the oldest message in the running actor's mailbox that matches one
  of the patterns and evaluates that clause's body with the pattern's
  bindings; messages that match none stay in the mailbox, in order. Waits
  for more messages when none matches. A last clause (after ms body...)
  gives up after ms milliseconds and evaluates body; (after 0 ...) only
  looks at the messages already there.

    (receive
      [:ping from] (! from :pong)
      {:op :add :n n} (inc n)
      (after 1000 :timeout))"
  [& clauses]
  (let [[clauses after] (if (after-clause? (last clauses))
                          [(butlast clauses) (last clauses)]
                          [clauses nil])
        _ (when (odd? (count clauses))
            (throw (IllegalArgumentException.
                    "receive takes pattern/body pairs and an optional (after ms body...)")))
        m (gensym "msg")
        compiled (map-indexed
                  (fn [i [pat body]]
                    (let [{:keys [tests bindings]}
                          (compile-pattern pat m {:tests [] :bindings [] :seen {}})]
                      {:index i :test (if (seq tests) `(and ~@tests) true)
                       :bindings bindings :body body}))
                  (partition 2 clauses))
        idx (gensym "clause")]
    `(do
       (genera.actors/%recv-start ~(when after (second after)))
       (let [~idx (loop []
                    (if (genera.actors/%recv-next)
                      (let [~m (genera.actors/%recv-current)]
                        (cond
                          ~@(mapcat (fn [c] [(:test c) (:index c)]) compiled)
                          :else (recur)))
                      -1))]
         (case ~idx
           ~@(mapcat (fn [c]
                       [(:index c)
                        `(let [~m (genera.actors/%recv-take)
                               ~@(:bindings c)]
                           ~(:body c))])
                     compiled)
           -1 (do ~@(drop 2 after)))))))
