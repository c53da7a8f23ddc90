;; Protocol calls: inline record methods, extend-type on a record and on
;; built-in classes, a polymorphic site over three types, and the same work
;; through plain fns for comparison of the dispatch cost.
(defprotocol Shape
  (area [s])
  (grow [s k]))

(defrecord Sq [side] Shape
  (area [_] (* side side))
  (grow [_ k] (->Sq (+ side k))))

(defrecord Rect [w h])
(extend-type Rect Shape
  (area [r] (* (:w r) (:h r)))
  (grow [r k] (->Rect (+ (:w r) k) (:h r))))

(extend-protocol Shape
  Long (area [n] n) (grow [n k] (+ n k)))

(defn mono [n]
  (loop [i 0 acc 0 s (->Sq 1)]
    (if (< i n)
      (recur (inc i) (+ acc (area s)) s)
      acc)))

(defn poly [n]
  (let [shapes [(->Sq 2) (->Rect 2 3) 7]]
    (loop [i 0 acc 0]
      (if (< i n)
        (recur (inc i) (+ acc (area (nth shapes (rem i 3)))))
        acc))))

(defn growing [n]
  (loop [i 0 s (->Sq 0)]
    (if (< i n) (recur (inc i) (grow s 1)) (area s))))

(println (mono 3000000))
(println (poly 3000000))
(println (growing 1000000))
