(require '[clojure.string :as str])
(defn tokenize [s]
  (->> (re-seq #"\d+\.\d+|\d+|[-+*/()^]|[a-z]+" s)
       (map (fn [t] (cond (re-matches #"\d+" t) (parse-long t)
                          (re-matches #"\d+\.\d+" t) (parse-double t)
                          (re-matches #"[a-z]+" t) (symbol t)
                          :else (keyword t))))))
(declare parse-expr)
(defn parse-atom [[t & more :as ts]]
  (cond (= t (keyword "(")) (let [[e rest] (parse-expr more)]
                               (when-not (= (first rest) (keyword ")")) (throw (ex-info "expected )" {:at rest})))
                               [e (next rest)])
        (= t :-) (let [[e rest] (parse-atom more)] [(list 'neg e) rest])
        (or (number? t) (symbol? t)) [t more]
        :else (throw (ex-info (str "unexpected token " t) {:token t}))))
(defn parse-pow [ts] (let [[b rest] (parse-atom ts)] (if (= (first rest) (keyword "^")) (let [[e r2] (parse-pow (next rest))] [(list 'pow b e) r2]) [b rest])))
(defn parse-binary [sub ops]
  (fn [ts] (loop [[lhs rest] (sub ts)]
             (if-let [op (ops (first rest))]
               (let [[rhs r2] (sub (next rest))] (recur [(list op lhs rhs) r2]))
               [lhs rest]))))
(def parse-term (parse-binary parse-pow {:* '* :/ '/}))
(def parse-expr* (parse-binary parse-term {:+ '+ :- '-}))
(defn parse-expr [ts] (parse-expr* ts))
(defn parse [s] (let [[e rest] (parse-expr (tokenize s))] (if (seq rest) (throw (ex-info "trailing input" {:rest rest})) e)))
(defn ev [env e]
  (cond (number? e) e
        (symbol? e) (or (env e) (throw (ex-info (str "unbound " e) {:sym e})))
        :else (let [[op a b] e]
                (case op
                  neg (- (ev env a))
                  pow (reduce * (repeat (ev env b) (ev env a)))
                  + (+ (ev env a) (ev env b)) - (- (ev env a) (ev env b))
                  * (* (ev env a) (ev env b)) / (/ (ev env a) (ev env b))))))
(doseq [s ["1 + 2 * 3" "(1 + 2) * 3" "2 ^ 3 ^ 2" "10 / 4" "10 / 4.0" "-x + y * 2" "2 * (3 + (4 - 1)) / 3" "1 +" "(1 + 2" "z * 2" "7 / 0"]]
  (println (format "%-24s" s)
           (try (let [e (parse s)] (str (pr-str e) " => " (ev {'x 5 'y 7} e)))
                (catch clojure.lang.ExceptionInfo ex (str "error: " (ex-message ex) " " (ex-data ex)))
                (catch ArithmeticException ex (str "math error: " (.getMessage ex))))))
