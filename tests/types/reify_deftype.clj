;; reify closes over locals; deftype mutable fields; inline methods win over extend.
(defprotocol Counter
  (incr! [c] "add one")
  (current [c]))
(deftype Cell [^:unsynchronized-mutable n step]
  Counter
  (incr! [this] (set! n (+ n step)) this)
  (current [_] n))
(def c (->Cell 0 5))
(dotimes [_ 3] (incr! c))
(prn (current c) (.-step c))

(deftype Acc [^:volatile-mutable items]
  Counter
  (incr! [this] (set! items (conj items (count items))) this)
  (current [this] items))
(def a (Acc. []))
(-> a incr! incr! incr!)
(prn (current a))

(defn make-counter [start]
  (let [state (atom start)]
    (reify Counter
      (incr! [this] (swap! state inc) this)
      (current [_] @state))))
(def r1 (make-counter 10))
(def r2 (make-counter 100))
(incr! r1) (incr! r1) (incr! r2)
(prn (current r1) (current r2) (satisfies? Counter r1) (satisfies? Counter 5))

(defprotocol Greet (greet [x] [x greeting]))
(defrecord Person [name]
  Greet
  (greet [_] (str "Hello, " name))
  (greet [_ greeting] (str greeting ", " name)))
(extend-protocol Greet
  String (greet ([s] (str "Hi " s)) ([s g] (str g " " s))))
(prn (greet (->Person "Ann")) (greet (->Person "Bob") "Howdy") (greet "Cy") (greet "Di" "Yo"))

;; method params shadow fields
(defprotocol Sh (sh [x a]))
(defrecord Q [a b] Sh (sh [this a] [a b (:a this)]))
(prn (sh (->Q 1 2) 99))

;; records as map keys, in sets, sorted by field
(def people [(->Person "b") (->Person "a") (->Person "c")])
(prn (sort-by :name people))
(prn (get {(->Person "a") 1} (->Person "a")) (contains? #{(->Person "z")} (->Person "z")))
(prn (group-by :name [(->Person "x") (->Person "x")]))

;; deftype equality is identity
(deftype Box [v])
(let [b (->Box 1)] (prn (= b b) (= (->Box 1) (->Box 1)) (.-v b)))
(prn (instance? Box (->Box 1)) (instance? Box 1) (record? (->Box 1)) (map? (->Box 1)))
