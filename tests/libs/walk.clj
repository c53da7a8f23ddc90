;; Checks: clojure.walk postwalk/prewalk, keywordize-keys/stringify-keys, *-replace, macroexpand-all.
(require '[clojure.walk :as walk])
(prn (walk/postwalk #(if (number? %) (inc %) %) [1 {:a 2} '(3 [4])]))
(prn (walk/prewalk #(if (vector? %) (vec (remove nil? %)) %) [1 nil [2 nil]]))
(prn (walk/prewalk-replace {:a :b} [:a {:a 1}]) (walk/postwalk-replace {1 :one} '(1 (1 2))))
(prn (walk/keywordize-keys {"a" {"b" 1} "c" [{"d" 2}]}))
(prn (walk/stringify-keys {:a {:b 1}}))
(prn (walk/macroexpand-all '(when a (when b c))))
(let [order (atom [])]
  (walk/postwalk (fn [x] (swap! order conj x) x) [1 [2]])
  (prn @order))
