;; spawn, !, self, and receive's patterns.
(require '[genera.actors :as a])

(println "main is" (a/self))
(def echo
  (a/spawn (fn []
             (loop []
               (a/receive
                 [:echo from x] (do (a/! from [:echoed x]) (recur))
                 :stop :stopped)))))
(println "echo is" echo (a/pid? echo) (a/pid? 1))
(a/! echo [:echo (a/self) 1])
(a/! echo [:echo (a/self) "two"])
(println (a/receive [:echoed x] x))
(println (a/receive [:echoed x] x))

;; literals, keywords, vectors, maps, _, & rest, ~pins, repeated names
(defn classify [m]
  (a/! (a/self) m)
  (let [k 7]
    (a/receive
      42 :forty-two
      "s" :a-string
      nil :nil
      :kw :a-keyword
      [:pair x x] [:same-pair x]
      [:pair x y] [:pair (+ x y)]
      [:list & more] [:rest more]
      {:op :add :n n} [:add (inc n)]
      {:op _} :some-op
      [~k v] [:pinned v]
      [_ _ _] :three
      other [:other other])))
(doseq [m [42 "s" nil :kw [:pair 2 2] [:pair 2 3] [:list 1 2 3] [:list]
           {:op :add :n 1} {:op :sub} [7 :seven] [8 :eight] [1 2 3]
           [1 2 3 4] 'sym 3.5 {:n 1}]]
  (println (pr-str m) "=>" (pr-str (classify m))))

;; timeouts: (after 0 ...) only looks at what is there
(println (a/receive :nothing :x (after 0 :empty)))
(println (a/receive :nothing :x (after 20 :timed-out)))
(a/! (a/self) :here)
(println (a/receive :here :found (after 0 :empty)))
(a/! echo :stop)
(def m (a/monitor echo))
(println (a/receive [:DOWN ~m pid reason] [(= pid echo) reason]))
;; a receive with only a timeout is a sleep that keeps the mailbox
(a/! (a/self) :kept)
(println (a/receive (after 5 :slept)))
(println (a/receive x x))
