;; Checks: transient sets: conj!, disj!, count, contains?, get, persistent!;
;; use after persistent! throws.
(let [t (transient #{})]
  (dotimes [i 40] (conj! t (* 3 i)))
  (disj! t 0 3 6)
  (prn (count t) (contains? t 9) (contains? t 10) (get t 9) (get t 10 :nf))
  (prn (persistent! t)))
(def s #{1 2 3})
(def t (conj! (transient s) 4))
(prn s (persistent! t))
(prn (persistent! (conj! (transient #{}) nil)) (persistent! (disj! (transient #{nil 1}) nil)))
(prn (persistent! (reduce conj! (transient #{}) (map #(mod % 17) (range 100)))))
(def dead (transient #{1}))
(persistent! dead)
(prn (try (conj! dead 2) (catch Throwable e [(.getMessage e)])))
(prn (try (disj! dead 1) (catch Throwable e [(.getMessage e)])))
