;; A small Lisp interpreter written in genera: numbers, symbols, quote, if,
;; define, lambda (closures), and a few primitives. It runs a factorial and
;; a higher-order map written in the interpreted language.
;; Run with: genera run examples/lisp.clj

(declare evaluate)

(defn make-env [bindings outer] {:vars (atom bindings) :outer outer})

(defn lookup [env sym]
  (cond
    (nil? env) (throw (ex-info (str "Unbound symbol: " sym) {:symbol sym}))
    (contains? @(:vars env) sym) (get @(:vars env) sym)
    :else (recur (:outer env) sym)))

(defn define! [env sym value] (swap! (:vars env) assoc sym value) value)

(defn apply-proc [proc args]
  (if (fn? proc)
    (apply proc args)
    (let [{:keys [params body env]} proc
          frame (make-env (zipmap params args) env)]
      (last (map #(evaluate % frame) body)))))

(defn evaluate [expr env]
  (cond
    (symbol? expr) (lookup env expr)
    (not (seq? expr)) expr
    :else
    (let [[op & args] expr]
      (case op
        quote (first args)
        if (let [[test then else] args]
             (if (evaluate test env) (evaluate then env) (evaluate else env)))
        define (define! env (first args) (evaluate (second args) env))
        lambda {:params (first args) :body (rest args) :env env}
        (apply-proc (evaluate op env) (map #(evaluate % env) args))))))

(def global
  (make-env {'+ + '- - '* * '< < '= = 'list list 'first first 'rest rest
             'empty? empty? 'cons cons}
            nil))

(def program
  '[(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))
    (fact 20)
    (define my-map (lambda (f xs) (if (empty? xs) (quote ()) (cons (f (first xs)) (my-map f (rest xs))))))
    (my-map (lambda (x) (* x x)) (list 1 2 3 4 5))
    (define make-adder (lambda (n) (lambda (x) (+ x n))))
    ((make-adder 10) 32)])

(doseq [form program]
  (let [result (evaluate form global)]
    (when-not (map? result)
      (println (pr-str form) "=>" (pr-str result)))))

(try
  (evaluate '(undefined-thing 1) global)
  (catch clojure.lang.ExceptionInfo e
    (println "error:" (ex-message e))))
