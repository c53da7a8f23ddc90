;; clojure.repl: documentation and source lookup, stack traces, for the REPL.
;; After JVM Clojure's clojure/repl.clj; printed formats are the same.
(ns clojure.repl
  (:require [clojure.string :as str]))

(def ^:private special-doc-map
  '{def {:forms [(def symbol doc-string? init?)]
         :doc "Creates and interns a global var with the name
  of symbol in the current namespace (*ns*) or locates such a var if
  it already exists.  If init is supplied, it is evaluated, and the
  root binding of the var is set to the resulting value.  If init is
  not supplied, the root binding of the var is unaffected."}
    do {:forms [(do exprs*)]
        :doc "Evaluates the expressions in order and returns the value of
  the last. If no expressions are supplied, returns nil."}
    if {:forms [(if test then else?)]
        :doc "Evaluates test. If not the singular values nil or false,
  evaluates and yields then, otherwise, evaluates and yields else. If
  else is not supplied it defaults to nil."}
    let {:forms [(let [bindings*] exprs*)]
         :doc "binding => binding-form init-expr
  binding-form => name, or destructuring-form
  destructuring-form => map-destructure-form, or seq-destructure-form

  Evaluates the exprs in a lexical context in which the symbols in
  the binding-forms are bound to their respective init-exprs or parts
  therein."}
    letfn {:forms [(letfn [fnspecs*] exprs*)]
           :doc "fnspec ==> (fname [params*] exprs) or (fname ([params*] exprs)+)

  Takes a vector of function specs and a body, and generates a set of
  bindings of functions to their names. All of the names are available
  in all of the definitions of the functions, as well as the body."}
    quote {:forms [(quote form)]
           :doc "Yields the unevaluated form."}
    var {:forms [(var symbol)]
         :doc "The symbol must resolve to a var, and the Var object
itself (not its value) is returned. The reader macro #'x expands to (var x)."}
    fn {:forms [(fn name? [params*] exprs*) (fn name? ([params*] exprs*) +)]
        :doc "params => positional-params*, or positional-params* & rest-param
  positional-param => binding-form
  rest-param => binding-form
  binding-form => name, or destructuring-form

  Defines a function."}
    loop {:forms [(loop [bindings*] exprs*)]
          :doc "Evaluates the exprs in a lexical context in which the symbols in
  the binding-forms are bound to their respective init-exprs or parts
  therein. Acts as a recur target."}
    recur {:forms [(recur exprs*)]
           :doc "Evaluates the exprs in order, then, in parallel, rebinds
  the bindings of the recursion point to the values of the exprs.
  Execution then jumps back to the recursion point, a loop or fn method."}
    throw {:forms [(throw expr)]
           :doc "The expr is evaluated and thrown, therefore it should
  yield an instance of some derivee of Throwable."}
    try {:forms [(try expr* catch-clause* finally-clause?)]
         :doc "catch-clause => (catch classname name expr*)
  finally-clause => (finally expr*)

  Catches and handles Java exceptions."}
    set! {:forms [(set! var-symbol expr)]
          :doc "Used to set thread-local-bound vars."}})

(defn- special-doc [name-symbol]
  (assoc (get special-doc-map name-symbol)
         :name name-symbol
         :special-form true))

(defn- namespace-doc [nspace]
  (assoc (meta nspace) :name (ns-name nspace)))

(defn- print-doc [{n :ns nm :name :as m}]
  (println "-------------------------")
  (println (or (:spec m) (str (when n (str (ns-name n) "/")) nm)))
  (when (:forms m)
    (doseq [f (:forms m)]
      (print "  ")
      (prn f)))
  (when (:arglists m)
    (prn (:arglists m)))
  (cond
    (:special-form m) (do (println "Special Form")
                          (println " " (:doc m))
                          (println (str "\n  Please see http://clojure.org/special_forms#" nm)))
    (:macro m) (println "Macro"))
  (when (and (:doc m) (not (:special-form m)))
    (println " " (:doc m))))

(defn- var-doc-map [v]
  (let [m (meta v)
        [n nm] (let [s (subs (str v) 2)
                     i (str/index-of s "/")]
                 [(subs s 0 i) (subs s (inc i))])]
    (assoc m :ns (the-ns (symbol n)) :name (symbol nm))))

(defn doc-fn
  "The documentation map doc prints for the symbol sym, or nil."
  [sym]
  (cond
    (special-doc-map sym) (special-doc sym)
    (find-ns sym) (namespace-doc (find-ns sym))
    :else (when-let [v (resolve sym)]
            (when (var? v) (var-doc-map v)))))

(defmacro doc
  "Prints documentation for a var or special form given its name,
   or for a namespace given its name."
  [name]
  `(when-let [m# (doc-fn '~name)] (#'clojure.repl/print-doc m#)))

(defn find-doc
  "Prints documentation for any var whose documentation or name
 contains a match for re-string-or-pattern"
  [re-string-or-pattern]
  (let [re (re-pattern re-string-or-pattern)
        ms (concat (mapcat (fn [ns] (map var-doc-map (vals (ns-interns ns))))
                           (all-ns))
                   (map special-doc (keys special-doc-map)))]
    (doseq [m ms
            :when (and (:doc m)
                       (or (re-find re (:doc m))
                           (re-find re (str (:name m)))))]
      (print-doc m))))

(defn apropos
  "Given a regular expression or stringable thing, return a seq of all
public definitions in all currently-loaded namespaces that match the
str-or-pattern."
  [str-or-pattern]
  (let [matches? (if (instance? java.util.regex.Pattern str-or-pattern)
                   #(re-find str-or-pattern (str %))
                   #(str/includes? (str %) (str str-or-pattern)))]
    (sort (mapcat (fn [ns]
                    (let [ns-name (str ns)]
                      (map #(symbol ns-name (str %))
                           (filter matches? (keys (ns-publics ns))))))
                  (all-ns)))))

(defn dir-fn
  "Returns a sorted seq of symbols naming public vars in
  a namespace or namespace alias. Looks for aliases in *ns*"
  [ns]
  (sort (map first (ns-publics (or (get (ns-aliases *ns*) ns) (the-ns ns))))))

(defmacro dir
  "Prints a sorted directory of public vars in a namespace"
  [nsname]
  `(doseq [v# (dir-fn '~nsname)]
     (println v#)))

(defn source-fn
  "Returns a string of the source code for the given symbol, if it can
  find it. This requires that the symbol resolve to a Var defined in
  a namespace for which the source is available (a file on the source
  path, or genera's embedded core library). Returns nil if it can't
  find the source."
  [x]
  (when-let [v (resolve x)]
    (let [{:keys [file line]} (meta v)]
      (when (and file line)
        (%source-at file line)))))

(defmacro source
  "Prints the source code for the given symbol, if it can find it.
  This requires that the symbol resolve to a Var defined in a
  namespace for which the source is available.

  Example: (source filter)"
  [n]
  `(println (or (source-fn '~n) (str "Source not found"))))

(defn root-cause
  "Returns the initial cause of an exception or error by peeling off all of
  its wrappers"
  [t]
  (loop [cause t]
    (if-let [c (ex-cause cause)]
      (recur c)
      cause)))

(defn demunge
  "Given a string representation of a fn class,
  as in a stack trace element, returns a readable version.
  genera's stack traces already name functions as ns/name, so
  this only undoes JVM-style munging if it is present."
  [fn-name]
  (-> fn-name
      (str/replace #"\$" "/")
      (str/replace "_QMARK_" "?")
      (str/replace "_BANG_" "!")
      (str/replace "_STAR_" "*")
      (str/replace "_PLUS_" "+")
      (str/replace "_GT_" ">")
      (str/replace "_LT_" "<")
      (str/replace "_EQ_" "=")
      (str/replace "_SLASH_" "/")
      (str/replace "_" "-")))

(defn pst
  "Prints a stack trace of the exception, to the depth requested. If none
  supplied, uses the root cause of the most recent repl exception (*e),
  and a depth of 12."
  ([] (pst 12))
  ([e-or-depth]
   (if (instance? Throwable e-or-depth)
     (pst e-or-depth 12)
     (when-let [e *e]
       (pst (root-cause e) e-or-depth))))
  ([e depth]
   (let [{:keys [via trace]} (Throwable->map e)
         {:keys [type message]} (last via)]
     (println (str (last (str/split (str type) #"\.")) " " message))
     (doseq [[f file line] (take depth trace)]
       (println (str "\t" f " (" file ":" line ")")))
     (when-let [c (ex-cause e)]
       (print "Caused by: ")
       (pst c depth)))))
