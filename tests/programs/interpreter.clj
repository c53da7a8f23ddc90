;; Checks: a tiny expression interpreter with environments, closures and recursion (multimethod-free).
(defn evaluate [expr env]
  (cond
    (number? expr) expr
    (symbol? expr) (if (contains? env expr) (get env expr) (throw (ex-info (str "unbound: " expr) {:sym expr})))
    (seq? expr)
    (let [[op & args] expr]
      (case op
        if (let [[c t e] args] (if (evaluate c env) (evaluate t env) (evaluate e env)))
        let (let [[[name val] body] args] (evaluate body (assoc env name (evaluate val env))))
        fn (let [[[param] body] args] (fn [x] (evaluate body (assoc env param x))))
        (let [f (evaluate op env) vals (map #(evaluate % env) args)] (apply f vals))))
    :else (throw (ex-info "bad expression" {:expr expr}))))
(def base-env {'+ + '- - '* * '< < '= =})
(println (evaluate '(+ 1 (* 2 3)) base-env))
(println (evaluate '(let (x 5) (if (< x 10) (* x x) 0)) base-env))
(println (evaluate '((fn (y) (+ y 1)) 41) base-env))
(println (try (evaluate '(+ z 1) base-env) (catch clojure.lang.ExceptionInfo e [(ex-message e) (ex-data e)])))
