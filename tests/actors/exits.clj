;; Exit reasons, monitors, links, trap-exit, exit and kill.
(require '[genera.actors :as a])

(defn down [pid]
  (let [r (a/monitor pid)]
    (a/receive [:DOWN ~r ~pid reason] reason)))

(defn reason-str [r]
  (if (instance? Throwable r) (str "exception: " (ex-message r)) (pr-str r)))

;; normal return, uncaught exception, exit, kill
(println (reason-str (down (a/spawn (fn [] :whatever)))))
(def p1 (a/spawn (fn [] (a/receive :go :ok))))
(def r1 (a/monitor p1))
(a/! p1 :go)
(println (a/receive [:DOWN ~r1 _ reason] (reason-str reason)))
(def p2 (a/spawn (fn [] (a/receive :go (throw (ex-info "boom" {:n 1}))))))
(def r2 (a/monitor p2))
(a/! p2 :go)
(println (a/receive [:DOWN ~r2 _ reason] [(reason-str reason) (ex-data reason)]))
(def p3 (a/spawn (fn [] (a/receive :go (a/exit :custom)))))
(def r3 (a/monitor p3))
(a/! p3 :go)
(println (a/receive [:DOWN ~r3 _ reason] (reason-str reason)))
(def p4 (a/spawn (fn [] (a/receive :never :x))))
(def r4 (a/monitor p4))
(a/kill p4)
(println (a/receive [:DOWN ~r4 _ reason] (reason-str reason)) (a/alive? p4))
;; monitoring a dead actor
(println (reason-str (down p4)))
;; finally runs when an actor is killed
(def me (a/self))
(def p5 (a/spawn (fn [] (try (a/receive :never :x)
                             (finally (a/! me :cleaned-up))))))
(def r5 (a/monitor p5))
(a/receive (after 5 nil))
(a/kill p5)
(println (a/receive :cleaned-up :cleaned-up) (a/receive [:DOWN ~r5 _ r] r))

;; links: a crash takes the linked actor down; the chain ends at a trapper
(a/trap-exit true)
(def chain-end (a/spawn-link
                (fn []
                  (a/spawn-link
                   (fn []
                     (let [leaf (a/spawn-link
                                 (fn [] (a/receive :crash (throw (ex-info "link crash" {})))))]
                       (a/! me [:chain (a/self) leaf])
                       (a/receive :never :x))))
                  (a/receive :never :x))))
(def chain (a/receive [:chain mid leaf] [mid leaf]))
(def mid (first chain))
(def leaf (second chain))
(println (count (:links (a/info mid))))
(a/! leaf :crash)
(println (a/receive [:EXIT ~chain-end reason] (reason-str reason)))
(println (a/alive? mid) (a/alive? leaf) (a/alive? chain-end))

;; a normal exit does not take linked actors down
(def quiet (a/spawn (fn []
                      (a/spawn-link (fn [] :done))
                      (a/receive (after 10 nil))
                      (a/! me :still-alive)
                      (a/receive :never :x))))
(println (a/receive :still-alive :still-alive))
(a/kill quiet)

;; a trapping actor gets exits as messages, :kill cannot be trapped
(def trapper (a/spawn (fn []
                        (a/trap-exit true)
                        (a/! me :trapping)
                        (loop []
                          (a/receive [:EXIT from why] (do (a/! me [:trapped why]) (recur)))))))
(a/receive :trapping nil)
(a/exit trapper :please-stop)
(println (a/receive [:trapped why] why))
(a/exit trapper :normal)
(println (a/receive [:trapped why] why))
(def rt (a/monitor trapper))
(a/kill trapper)
(println (a/receive [:DOWN ~rt _ why] why))

;; exit :normal to a non-trapping actor is ignored; unlink stops propagation
(def calm (a/spawn (fn [] (a/receive :stop :stopped))))
(a/exit calm :normal)
(a/receive (after 5 nil))
(println (a/alive? calm))
(def loner (a/spawn (fn [] (a/receive :crash (throw (ex-info "alone" {}))))))
(a/link loner)
(a/unlink loner)
(def rl (a/monitor loner))
(a/! loner :crash)
(println (a/receive [:DOWN ~rl _ why] (reason-str why)))
(println (a/receive [:EXIT ~loner why] :linked (after 10 :not-linked)))
;; linking to a dead actor: :noproc
(a/link loner)
(println (a/receive [:EXIT ~loner why] why))
(a/! calm :stop)
