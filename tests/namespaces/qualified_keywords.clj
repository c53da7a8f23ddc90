;; Checks: ::kw in user, ::alias/kw with a required alias, keyword namespace and name.
(require '[clojure.string :as string])
(prn ::a)
(prn ::string/b)
(prn (namespace ::a) (name ::a))
(prn (= ::a :user/a))
(let [{::keys [x]} {:user/x 1}] (prn x))
