;; deftype and reify implementing the clojure.lang interfaces clojure.core's
;; functions call: IDeref, ILookup, Counted, Seqable, IPending.
(deftype Box [v]
  clojure.lang.IDeref (deref [_] v)
  clojure.lang.IPending (isRealized [_] true))
(def b (Box. 42))
(prn @b (deref b) (realized? b))
(deftype Table [m]
  clojure.lang.ILookup
  (valAt [_ k] (get m k))
  (valAt [_ k nf] (get m k nf))
  clojure.lang.Counted
  (count [_] (count m))
  clojure.lang.Seqable
  (seq [_] (seq (sort (keys m)))))
(def t (Table. {:a 1 :b 2}))
(prn (get t :a) (get t :z :none) (:b t) (:z t :dflt) (count t) (seq t) (first t) (map name t))
(def r (reify
         clojure.lang.IDeref (deref [_] :reified)
         clojure.lang.Seqable (seq [_] (list 1 2 3))))
(prn @r (seq r) (into [] r) (reduce + r))
(prn (instance? clojure.lang.IDeref b) (instance? clojure.lang.ILookup t) (instance? clojure.lang.Counted t)
     (instance? clojure.lang.IDeref t) (instance? clojure.lang.Seqable r))
;; A method named like a clojure.core function does not shadow it in the body.
(deftype Named [xs] clojure.lang.Counted (count [_] (inc (count xs))))
(prn (count (Named. [1 2])))
