;; Protocols defined in one namespace, implemented and called from another.
(ns shapes.core)
(defprotocol Shape (area [s]) (label [s]))
(defrecord Unit [] Shape (area [_] 1) (label [_] "unit"))

(ns shapes.user)
(alias 'sc 'shapes.core)
(defrecord Sq [side]
  sc/Shape
  (area [_] (* side side))
  (label [_] "square"))
(extend-protocol sc/Shape
  String (area [s] (count s)) (label [s] s))
(prn (map sc/area [(->Sq 3) (sc/->Unit) "abcd"]))
(prn (map sc/label [(->Sq 3) (sc/->Unit) "abcd"]))
(prn (->Sq 3) (sc/->Unit) (type (->Sq 1)))
(prn (instance? shapes.core.Unit (sc/->Unit)) (satisfies? sc/Shape (->Sq 1)))
(prn (sc/map->Unit {:x 1}))
