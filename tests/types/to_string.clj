;; toString of Object in deftype/defrecord/reify bodies is what str uses.
(defprotocol Named (nm [x]))
(deftype Tag [label]
  Object
  (toString [_] (str "Tag<" label ">"))
  Named
  (nm [_] label))
(def t (->Tag "x"))
(println (str t) (nm t) (str "[" t "]"))
(defrecord Temp [deg] Object (toString [_] (str deg "C")))
(println (str (->Temp 20)))
(prn (->Temp 20))
(def r (reify Object (toString [_] "reified") Named (nm [_] :n)))
(println (str r) (nm r))
