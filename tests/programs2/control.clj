(defn classify [x]
  (case x
    (1 2 3) :small
    "hi" :greeting
    [1 2] :vec
    :k :keyword
    nil :nil
    \a :char
    :other))
(println (map classify [1 3 "hi" [1 2] '(1 2) :k nil \a 99]))
(println (condp = 3 1 :one 3 :three :none) (condp some [1 2 3] #{4} :>> inc #{2} :>> inc :no))
(println (condp < 5 10 :a 3 :b) (cond-> 1 true inc false (* 100) :always (* 2)) (cond->> [1 2] true (map inc)))
(println (for [x (range 5) :let [y (* x x)] :when (odd? y)] y))
(println (for [x (range 10) :while (< x 4) y [:a :b]] [x y]))
(println (for [[k v] {:a 1} i (range 2)] (str k v i)))
(println (if-let [x (seq [])] x :empty) (when-let [[a b] [1 2]] (+ a b)) (if-some [x false] x :nil) (when-some [x nil] x))
(println (when-first [x [9 8]] x) (some-> {:a {:b 1}} :a :b inc) (some-> {:a nil} :a :b inc) (some->> [1 2] (map inc) (reduce +)))
(println (as-> 5 x (inc x) (* x x) (str x "!")))
(println (-> {:a 1} (assoc :b 2) (update :a inc) (dissoc :b)) (->> [1 2 3] (map inc) (filter odd?) (into [])))
(println (loop [i 0 acc []] (if (< i 5) (recur (inc i) (conj acc i)) acc)))
(println (let [[a [b c] & rest :as all] [1 [2 3] 4 5]] [a b c rest all]))
(println (let [{:keys [a b] :or {b 9} :as m} {:a 1}] [a b m]) (let [{a :x [y] :y} {:x 1 :y [2]}] [a y]))
(println (let [{:strs [name] :syms [age]} {"name" "n" 'age 3}] [name age]))
(println (let [[_ _ third] "abcd"] third) (let [[x & xs] nil] [x xs]) (let [{:keys [a/b c]} {:a/b 1 :c 2}] [b c]))
(defn f [{:keys [x y] :as p} [q r]] [x y q r (count p)])
(println (f {:x 1 :y 2} [3 4]))
(println (dotimes [i 3] (print i " ")) (while false))
(def x 10)
(println (let [x 1] (binding [] x)) x)
(def ^:dynamic *depth* 0)
(defn show [] *depth*)
(println (binding [*depth* 5] (show)) (show))
(println (case 5 (1 5) "one-or-five" "else") (case 'sym sym 1 2) (case :b :a 1 :b 2))
(println (and) (or) (and 1 nil 2) (or nil false 3) (and 1 2) (not 1) (boolean nil))
(println (if nil 1 2) (if 0 1 2) (if "" 1 2) (if [] 1 2) (when false 1))
(println (doall (map-indexed vector "ab")))
(println (letfn [(fact [n] (if (<= n 1) 1 (* n (fact (dec n)))))] (fact 20)))
(println (try (case 99 1 :a) (catch IllegalArgumentException e (.getMessage e))))
