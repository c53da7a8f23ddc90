;; Selective receive: unmatched messages stay in the mailbox, in order.
(require '[genera.actors :as a])

(doseq [m [[:low 1] [:high 1] [:low 2] [:high 2] [:low 3] :flush]]
  (a/! (a/self) m))
(println "mailbox" (:mailbox-length (a/info (a/self))))
(println (a/receive :flush :flushed))
(println (a/receive [:high n] [:high n]))
(println (a/receive [:high n] [:high n]))
(println (a/receive [:high n] [:high n] (after 0 :no-more-high)))
(println "mailbox" (:mailbox-length (a/info (a/self))))
(println (loop [acc []]
           (a/receive [:low n] (recur (conj acc n)) (after 0 acc))))

;; a priority server: drains urgent messages before ordinary ones
(def me (a/self))
(def srv
  (a/spawn
   (fn []
     (a/receive :go :ok)
     (loop [seen []]
       (let [m (a/receive
                 [:urgent x] [:urgent x]
                 (after 0 (a/receive
                            [:normal x] [:normal x]
                            [:urgent x] [:urgent x]
                            :done :done)))]
         (if (= m :done)
           (a/! me seen)
           (recur (conj seen m))))))))
(doseq [m [[:normal 1] [:urgent 1] [:normal 2] [:urgent 2] :done :go]]
  (a/! srv m))
(println (a/receive v v))
