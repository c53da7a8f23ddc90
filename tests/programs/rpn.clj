;; Checks: a reverse-Polish calculator using a list as a stack and reduce.
(require '[clojure.string :as str])
(def ops {"+" + "-" - "*" * "/" /})
(defn rpn [s]
  (first (reduce (fn [stack tok]
                   (if-let [op (ops tok)]
                     (let [[b a & more] stack] (conj more (op a b)))
                     (conj stack (parse-long tok))))
                 '() (str/split s #" "))))
(prn (rpn "3 4 + 2 *"))
(prn (rpn "5 1 2 + 4 * + 3 -"))
(prn (rpn "1 3 /"))
