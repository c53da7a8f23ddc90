;; Checks: in-ns to a fresh namespace, def there, refer to it fully qualified from user.
(in-ns 'other.place)
(def secret 42)
(clojure.core/defn get-secret [] secret)
(in-ns 'user)
(println other.place/secret)
(println (other.place/get-secret))
(prn ::kw)
(println (str *ns*))
