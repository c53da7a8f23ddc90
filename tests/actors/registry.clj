;; register, whereis, unregister, processes, info.
(require '[genera.actors :as a])

(def me (a/self))
(def counter
  (a/spawn (fn []
             (loop [n 0]
               (a/receive
                 :inc (recur (inc n))
                 [:get from] (do (a/! from [:count n]) (recur n))
                 :stop :stopped)))))
(a/register :counter counter)
(println (= counter (a/whereis :counter)) (a/whereis :nobody))
(a/! :counter :inc)
(a/! :counter :inc)
(a/! :counter [:get me])
(println (a/receive [:count n] n))
(println (try (a/register :counter me) (catch Exception e (ex-message e))))
(println (try (a/! :nobody :hi) (catch Exception e (ex-message e))))
(println (= (a/processes) [me counter]))
(let [i (a/info counter)]
  (println (:status i) (:name i) (:mailbox-length i) (:trap-exit i)
           (:links i) (:monitors i)))
(a/link counter)
(let [r (a/monitor counter)]
  (println (= [counter] (:links (a/info me))) (= [counter] (:monitors (a/info me))))
  (println (:status (a/info me)))
  (a/unlink counter)
  (a/! :counter :stop)
  (println (a/receive [:DOWN ~r _ why] why)))
(println (a/whereis :counter) (a/info counter) (a/alive? counter))
(println (= (a/processes) [me]))
(a/register :main me)
(println (= me (a/whereis :main)) (a/unregister :main) (a/whereis :main))
