;; Checks: namespaced :keys [a/b], :a/keys, keywords in :keys, and ::auto keys.
(let [{:keys [user/name user/age]} {:user/name "ann" :user/age 30}] (println name age))
(let [{:person/keys [first-name]} {:person/first-name "bo"}] (println first-name))
(let [{:keys [:plain :ns/kw]} {:plain 1 :ns/kw 2}] (println plain kw))
(let [{::keys [local]} {::local "auto"}] (println local))
(let [{:syms [my.ns/sym]} {'my.ns/sym 5}] (println sym))
