;; Checks: ex-info with nested data, cause chains walked in a loop, ex-message of nil.
(def e (ex-info "top" {:a {:b [1 2]}}
                (ex-info "middle" {:m 1}
                         (IllegalArgumentException. "bottom"))))
(println (get-in (ex-data e) [:a :b 1]))
(println (loop [x e acc []] (if x (recur (ex-cause x) (conj acc (ex-message x))) acc)))
(prn (ex-message nil) (ex-data nil) (ex-cause nil))
