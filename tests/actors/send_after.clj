;; send-after delivers later, in deadline order.
(require '[genera.actors :as a])

(def me (a/self))
(a/send-after 30 me :third)
(a/send-after 10 me :first)
(a/send-after 20 me :second)
(println (a/receive x x (after 0 :nothing-yet)))
(println (for [_ (range 3)] (a/receive x x (after 1000 :lost))))
(def p (a/spawn (fn [] (a/receive :tick (a/! me :ticked)))))
(a/send-after 5 p :tick)
(println (a/receive :ticked :ticked (after 1000 :lost)))
;; a timer for an actor that is gone drops its message
(def gone (a/spawn (fn [] :done)))
(a/send-after 1 gone :late)
(println (a/receive (after 20 :waited)))
