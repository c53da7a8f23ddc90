(defprotocol Area (area [s]))
(defrecord Sq [side] Area (area [_] (* side side)))
(println (area (->Sq 3)))
(println (area 42))
