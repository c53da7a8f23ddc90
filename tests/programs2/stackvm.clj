(defmulti exec (fn [_ [op]] op))
(defmethod exec :push [st [_ x]] (update st :stack conj x))
(defmethod exec :add [st _] (let [[b a & r] (:stack st)] (assoc st :stack (conj (or r ()) (+ a b)))))
(defmethod exec :mul [st _] (let [[b a & r] (:stack st)] (assoc st :stack (conj (or r ()) (* a b)))))
(defmethod exec :sub [st _] (let [[b a & r] (:stack st)] (assoc st :stack (conj (or r ()) (- a b)))))
(defmethod exec :dup [st _] (update st :stack #(conj % (first %))))
(defmethod exec :print [st _] (println "top:" (first (:stack st))) st)
(defmethod exec :default [st instr] (throw (ex-info "bad instr" {:instr instr})))
(defn run [prog] (reduce exec {:stack ()} prog))
(println (run [[:push 2] [:push 3] [:add] [:dup] [:mul] [:print] [:push 1] [:sub]]))
(try (run [[:push 1] [:jmp 3]])
  (catch clojure.lang.ExceptionInfo e (println (ex-message e) (ex-data e))))
(defn vm [code]
  (loop [pc 0 stack [] out []]
    (if (>= pc (count code)) out
      (let [[op arg] (code pc)]
        (case op
          :push (recur (inc pc) (conj stack arg) out)
          :add (recur (inc pc) (conj (pop (pop stack)) (+ (peek stack) (peek (pop stack)))) out)
          :jz (if (zero? (peek stack)) (recur arg (pop stack) out) (recur (inc pc) (pop stack) out))
          :jmp (recur arg stack out)
          :out (recur (inc pc) stack (conj out (peek stack)))
          :dec (recur (inc pc) (conj (pop stack) (dec (peek stack))) out))))))
(println (vm [[:push 5] [:out] [:dec] [:out] [:push 0] [:jz 7] [:push 99] [:push 1] [:add] [:out]]))
