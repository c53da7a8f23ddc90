;; Types that implement clojure.lang.IFn's invoke can be called.
(deftype Adder [n]
  clojure.lang.IFn
  (invoke [_ x] (+ n x))
  (invoke [_ x y] (+ n x y)))
(def add5 (->Adder 5))
(prn (add5 1) (add5 1 2) (map add5 [10 20]))
(def twice (reify clojure.lang.IFn (invoke [_ x] (* 2 x))))
(prn (twice 21) (mapv twice [1 2 3]))
(defrecord Lookup [table]
  clojure.lang.IFn
  (invoke [this k] (get table k :none)))
(def lk (->Lookup {:a 1}))
(prn (lk :a) (lk :b) (:table lk))
