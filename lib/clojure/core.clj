;; clojure.core: the part written in genera itself.
;;
;; The driver loads this file at start-up with *ns* = clojure.core, after the
;; Rust natives (see docs/contracts.md, "Which core functions are Rust and
;; which are Clojure") are bound. Everything here is built from the special
;; forms and those natives, in dependency order: the analyzer resolves every
;; symbol when it analyzes a top-level form, so a var must be defined before
;; any later form mentions it (there are no forward references; `declare`
;; exists for the few mutual recursions).
;;
;; Layout of the file:
;;   1. Bootstrap: functions written with fn*/let*/loop* only (concat is
;;      needed first, because syntax-quote expands into calls to it).
;;   2. defmacro, the first macros, destructuring, let/loop/fn/defn.
;;   3. Small macros (if-let, ->, ...).
;;   4. The sequence library (lazy where Clojure's is), with transducers.
;;   5. The remaining macros (case, for, doseq, binding, ns, ...).
;;
;; Macros that must build a throw expand to `(throw (%new-exception "Class"
;; msg))`: that is what `(Class. msg)` analyzes to, and it does not depend on
;; how syntax-quote treats a class name.

;;; ---------------------------------------------------------------------------
;;; 1. Bootstrap
;;; ---------------------------------------------------------------------------

(def second (fn* second [coll] (first (next coll))))
(def ffirst (fn* ffirst [coll] (first (first coll))))
(def nfirst (fn* nfirst [coll] (next (first coll))))
(def fnext (fn* fnext [coll] (first (next coll))))
(def nnext (fn* nnext [coll] (next (next coll))))
;; reduce, in genera rather than the Rust native: the native calls f with
;; the accumulator borrowed (natives borrow their arguments), so the
;; accumulator is shared during the call and (conj acc x) copies it every
;; step, which makes reduce, mapv, frequencies, group-by, into with a
;; transducer... quadratic. Here the loop hands acc to f as its last use, so
;; an unshared accumulator is updated in place.
;; Reduces items i..n of an indexed collection (a vector, a chunk) without a
;; seq cell per item; returns the accumulator, or the `reduced` wrapper if f
;; stopped early (the caller unwraps it).
(def ^{:private true} reduce-indexed
  (fn* reduce-indexed [f acc coll i n]
    (loop* [acc acc i i]
      (if (< i n)
        (let* [r (f acc (nth coll i))]
          (if (reduced? r) r (recur r (inc i))))
        acc))))

;; A chunked seq is reduced chunk by chunk (JVM's internal-reduce on chunked
;; seqs): no cell per item.
(def ^{:private true} reduce-seq
  (fn* reduce-seq [f acc s]
    (if (if s (chunked-seq? s) false)
      (let* [c (chunk-first s)
             r (reduce-indexed f acc c 0 (count c))]
        (if (reduced? r)
          (deref r)
          (reduce-seq f r (chunk-next s))))
      (loop* [acc acc s s]
        (if s
          (let* [r (f acc (first s))]
            (if (reduced? r)
              (deref r)
              (recur r (next s))))
          acc)))))

;; A counted range of longs is reduced by arithmetic (JVM's LongRange.reduce).
(def ^{:private true} reduce-range
  (fn* reduce-range [f acc x end step]
    (if (< 0 step)
      (loop* [acc acc x x]
        (if (< x end)
          (let* [r (f acc x)]
            (if (reduced? r) (deref r) (recur r (+ x step))))
          acc))
      (loop* [acc acc x x]
        (if (> x end)
          (let* [r (f acc x)]
            (if (reduced? r) (deref r) (recur r (+ x step))))
          acc)))))

(def ^{:private true} unreduce
  (fn* unreduce [r] (if (reduced? r) (deref r) r)))

;; reduce's fast paths: vectors by index, maps by their entries, counted
;; ranges by arithmetic, chunked seqs by chunk; other seqs cell by cell.
(def ^{:private true} reduce-init
  (fn* reduce-init [f init coll]
    (if (vector? coll)
      (unreduce (reduce-indexed f init coll 0 (count coll)))
      (if (map? coll)
        (let* [es (%map-entries coll)]
          (unreduce (reduce-indexed f init es 0 (count es))))
        (let* [b (%range-bounds coll)]
          (if b
            (reduce-range f init (nth b 0) (nth b 1) (nth b 2))
            (reduce-seq f init (seq coll))))))))

;; conj as a closure: a native called from genera code borrows its arguments
;; (so it must copy a collection it adds to), while conj called from genera
;; code consumes the collection; reduce and transduce swap it in for conj.
(def ^{:private true} conj-owned
  (fn* conj-owned
    ([] [])
    ([coll] coll)
    ([coll x] (conj coll x))
    ([coll x & xs]
     (loop* [c (conj coll x) xs (seq xs)]
       (if xs (recur (conj c (first xs)) (next xs)) c)))))

;; Used where a fn given by the caller gets a collection to update: the
;; consuming closures for the natives conj and assoc, else f itself.
(def ^{:private true} assoc-owned
  (fn* assoc-owned
    ;; (the arities assoc rejects call it, for its ArityException)
    ([] (assoc))
    ([m] (assoc m))
    ([m k] (assoc m k))
    ([m k v] (assoc m k v))
    ([m k v & kvs] (apply assoc (assoc m k v) kvs))))

(def ^{:private true} own
  (fn* own [f]
    (if (identical? f conj)
      conj-owned
      (if (identical? f assoc) assoc-owned f))))

(def reduce
  (fn* reduce
    ([f coll]
     (let* [f (own f)
            s (seq coll)]
       (if s
         (reduce-init f (first s) (rest s))
         (f))))
    ([f init coll]
     (let* [f (own f)]
       (reduce-init f init coll)))))

;; concat as JVM Clojure's: chunk by chunk over chunked seqs. A body that
;; returns another lazy seq (an empty x, `(cat (first zs) (next zs))`) is
;; realized by the caller's loop, not by nesting, so long runs of empty
;; colls and `(apply concat (map f xs))` over deep trees stay flat.
(def concat
  (fn* concat
    ([] (%make-lazy-seq (fn* [] nil)))
    ([x] (%make-lazy-seq (fn* [] x)))
    ([x y]
     (%make-lazy-seq
      (fn* []
        (let* [s (seq x)]
          (if s
            (if (chunked-seq? s)
              (chunk-cons (chunk-first s) (concat (chunk-rest s) y))
              (cons (first s) (concat (rest s) y)))
            y)))))
    ([x y & zs]
     (let* [cat (fn* cat [xys zs]
                  (%make-lazy-seq
                   (fn* []
                     (let* [xys (seq xys)]
                       (if xys
                         (if (chunked-seq? xys)
                           (chunk-cons (chunk-first xys) (cat (chunk-rest xys) zs))
                           (cons (first xys) (cat (rest xys) zs)))
                         (if zs (cat (first zs) (next zs)) nil))))))]
       (cat (concat x y) zs)))))

(def ^{:private true} merge-meta
  ;; Merges map m2 into map m1 (either may be nil), entry by entry.
  (fn* merge-meta [m1 m2]
    (reduce (fn* [m e] (assoc m (key e) (val e)))
            (if m1 m1 {})
            m2)))

(def ^{:private true} map-eager
  ;; An eager one-collection map returning a seq, for use before `map` exists.
  (fn* map-eager [f coll]
    (loop* [s (seq coll) out []]
      (if s
        (recur (next s) (conj out (f (first s))))
        (seq out)))))

(def ^{:private true} macro-arity
  ;; ([params] body...) -> ([&form &env params...] body...)
  (fn* macro-arity [arity]
    (cons (vec (cons '&form (cons '&env (seq (first arity)))))
          (rest arity))))

(def ^{:private true} parse-def-decl
  ;; Splits (doc-string? attr-map? arities...) into [doc attrs arities], where
  ;; arities is a seq of ([params] body...) (a single arity written without
  ;; parentheses is wrapped) and a trailing attr-map after the arities is
  ;; merged into attrs.
  (fn* parse-def-decl [decl]
    (let* [doc (if (string? (first decl)) (first decl) nil)
           decl (if doc (next decl) decl)
           attrs (if (map? (first decl)) (first decl) nil)
           decl (if attrs (next decl) decl)
           arities (if (vector? (first decl)) (list decl) decl)
           tail (loop* [s arities] (if (next s) (recur (next s)) (first s)))
           attrs (if (map? tail) (merge-meta attrs tail) attrs)
           arities (if (map? tail)
                     (loop* [s (seq arities) out []]
                       (if (next s) (recur (next s) (conj out (first s))) (seq out)))
                     arities)]
      (if (seq arities)
        nil
        (throw (IllegalArgumentException. "Parameter declaration missing")))
      (loop* [s (seq arities)]
        (if s
          (if (seq? (first s))
            (recur (next s))
            (throw (IllegalArgumentException.
                    (str "Parameter declaration " (pr-str (first s)) " should be a vector"))))
          nil))
      [doc attrs arities])))

(def ^{:private true} def-meta
  ;; The var metadata for a defn/defmacro of `name`.
  (fn* def-meta [name doc attrs arities]
    (let* [m (merge-meta (meta name) attrs)
           m (if doc (assoc m :doc doc) m)]
      (assoc m :arglists (list 'quote (map-eager first arities))))))

;;; ---------------------------------------------------------------------------
;;; 2. defmacro, the first macros, destructuring, let/loop/fn/defn
;;; ---------------------------------------------------------------------------

;; A macro is a var whose value is a fn of (&form &env & args) and whose
;; metadata has :macro true. This first defmacro does not destructure its
;; parameters; it is redefined below once `fn` can.
(def ^{:macro true} defmacro
  (fn* defmacro [&form &env name & decl]
    (let* [parsed (parse-def-decl decl)
           arities (nth parsed 2)
           m (assoc (def-meta name (nth parsed 0) (nth parsed 1) arities) :macro true)]
      (list 'do
            (list 'def (with-meta name m)
                  (cons 'fn* (cons name (map-eager macro-arity arities))))
            (list 'var name)))))

(defmacro comment
  "Ignores the body, yields nil."
  [& body]
  nil)

(defmacro when
  "Evaluates test. If logical true, evaluates body in an implicit do."
  [test & body]
  (list 'if test (cons 'do body)))

(defmacro when-not
  "Evaluates test. If logical false, evaluates body in an implicit do."
  [test & body]
  (list 'if test nil (cons 'do body)))

(defmacro if-not
  "Evaluates test. If logical false, evaluates and returns then, else else."
  ([test then] (list 'if test nil then))
  ([test then else] (list 'if test else then)))

(defmacro and
  "Evaluates exprs one at a time, left to right. Stops at the first logical
  false value and returns it; otherwise returns the value of the last expr.
  (and) returns true."
  ([] true)
  ([x] x)
  ([x & next]
   `(let* [and# ~x]
      (if and# (and ~@next) and#))))

(defmacro or
  "Evaluates exprs one at a time, left to right. Returns the first logical
  true value, or the value of the last expr. (or) returns nil."
  ([] nil)
  ([x] x)
  ([x & next]
   `(let* [or# ~x]
      (if or# or# (or ~@next)))))

(defmacro cond
  "Takes test/expr pairs. Evaluates each test in turn and returns the expr of
  the first that is logical true. (cond) returns nil."
  [& clauses]
  (when clauses
    (when-not (next clauses)
      (throw (IllegalArgumentException. "cond requires an even number of forms")))
    (list 'if (first clauses)
          (second clauses)
          (cons `cond (nnext clauses)))))

(defmacro lazy-seq
  "Takes a body of expressions that returns an ISeq or nil, and yields a
  Seqable object that will invoke the body only the first time seq is
  called, and will cache the result."
  [& body]
  `(%make-lazy-seq (fn* [] ~@body)))

(defmacro declare
  "defs the supplied var names with no bindings, for forward declarations."
  [& names]
  (cons 'do (map-eager (fn* [n] (list 'def (with-meta n (assoc (meta n) :declared true))))
                       names)))

;;; Destructuring

(def ^{:private true} binding-key-kind
  ;; :keys/:strs/:syms (possibly namespaced, :a/keys) -> "keys"/"strs"/"syms".
  (fn* binding-key-kind [k]
    (if (keyword? k)
      (let* [n (name k)]
        (if (or (= n "keys") (= n "strs") (= n "syms")) n nil))
      nil)))

(def %kwargs->map
  ;; The map of keyword arguments `(f :a 1 :b 2)` bound to `& {:keys ...}`,
  ;; with Clojure 1.11's trailing map: an odd last element is a map whose
  ;; entries are added last, `(f :a 1 {:b 2})` (createAsIfByAssoc).
  (fn* %kwargs->map [s]
    (loop* [m {} s s]
      (if (next s)
        (recur (assoc m (first s) (first (next s))) (next (next s)))
        (if s (conj m (first s)) m)))))

(def destructure
  "Turns a binding vector with destructuring patterns into one with only
  symbols, the way let, loop and fn do."
  (fn* destructure [bindings]
    (letfn* [dbind
             (fn* dbind [out pat init]
               (cond
                 (symbol? pat) (conj (conj out pat) init)
                 (vector? pat) (pvec out pat init)
                 (map? pat) (pmap out pat init)
                 :else (throw (Exception. (str "Unsupported binding form: " pat)))))

             ;; Without `&`, positions are read with nth; with `&`, the value
             ;; is walked as a seq (first/next), as Clojure 1.11 does, so any
             ;; seqable (a set, a map, a lazy seq) destructures.
             pvec
             (fn* pvec [out pat init]
               (let* [g (gensym "vec__")
                      rest? (loop* [ps (seq pat)]
                              (if ps (if (= (first ps) '&) true (recur (next ps))) false))
                      gs (gensym "seq__")
                      out (conj (conj out g) init)
                      out (if rest? (conj (conj out gs) `(seq ~g)) out)]
                 (loop* [out out
                         ps (seq pat)
                         n 0]
                   (if ps
                     (let* [p (first ps)]
                       (cond
                         (= p '&) (recur (dbind out (second ps) gs) (nnext ps) n)
                         (= p :as) (recur (conj (conj out (second ps)) g) (nnext ps) n)
                         rest? (recur (conj (conj (dbind out p `(first ~gs)) gs) `(next ~gs))
                                      (next ps) (inc n))
                         :else (recur (dbind out p `(nth ~g ~n nil)) (next ps) (inc n))))
                     out))))

             pmap
             (fn* pmap [out pat init]
               (let* [g (or (get pat :as) (gensym "map__"))
                      defaults (get pat :or)
                      out (conj (conj out g) init)
                      out (conj (conj out g)
                                `(if (seq? ~g)
                                   (if (next ~g)
                                     (%kwargs->map ~g)
                                     (if (seq ~g) (first ~g) {}))
                                   ~g))
                      lookup (fn* [local key-form]
                               (if (contains? defaults local)
                                 `(get ~g ~key-form ~(get defaults local))
                                 `(get ~g ~key-form)))]
                 (loop* [out out es (seq pat)]
                   (if es
                     (let* [e (first es) k (key e) v (val e) kind (binding-key-kind k)]
                       (cond
                         (or (= k :as) (= k :or)) (recur out (next es))
                         kind
                         (recur
                          (loop* [out out ss (seq v)]
                            (if ss
                              (let* [s (first ss)
                                     local (symbol (name s))
                                     kns (or (namespace k) (namespace s))
                                     key-form (cond
                                                (= kind "keys") (if kns (keyword kns (name s)) (keyword (name s)))
                                                (= kind "strs") (name s)
                                                :else (list 'quote (if kns (symbol kns (name s)) (symbol (name s)))))]
                                (recur (conj (conj out local) (lookup local key-form)) (next ss)))
                              out))
                          (next es))
                         (symbol? k) (recur (conj (conj out k) (lookup k v)) (next es))
                         :else (recur (dbind out k `(get ~g ~v)) (next es))))
                     out))))]
      (when (odd? (count bindings))
        (throw (IllegalArgumentException. "let requires an even number of forms in binding vector")))
      (loop* [out [] bs (seq bindings)]
        (if bs
          (recur (dbind out (first bs) (second bs)) (nnext bs))
          out)))))

(defmacro let
  "binding => binding-form init-expr
  Evaluates the exprs in a lexical context in which the symbols in the
  binding-forms are bound to their respective init-exprs or parts therein."
  [bindings & body]
  (when-not (vector? bindings)
    (throw (IllegalArgumentException. "let requires a vector for its binding")))
  `(let* ~(destructure bindings) ~@body))

(defmacro loop
  "Like let, but establishes a recursion point at the top of the loop."
  [bindings & body]
  (when-not (vector? bindings)
    (throw (IllegalArgumentException. "loop requires a vector for its binding")))
  (when (odd? (count bindings))
    (throw (IllegalArgumentException. "loop requires an even number of forms in binding vector")))
  (if (= (destructure bindings) bindings)
    `(loop* ~bindings ~@body)
    (loop* [ps (seq bindings) outer [] loop-bs [] inner []]
      (if ps
        (let* [b (first ps) v (second ps) g (if (symbol? b) b (gensym "loop__"))]
          (recur (nnext ps)
                 (if (symbol? b)
                   (conj (conj outer g) v)
                   (conj (conj (conj (conj outer g) v) b) g))
                 (conj (conj loop-bs g) g)
                 (conj (conj inner b) g)))
        `(let ~outer (loop* ~loop-bs (let ~inner ~@body)))))))

(def ^{:private true} expand-fn-arity
  ;; ([params] cond-map? body...) -> ([simple-params] body...), moving
  ;; destructuring into a let and :pre/:post conditions into asserts.
  (fn* expand-fn-arity [arity]
    (let* [params (first arity)
           _ (when-not (vector? params)
               (throw (IllegalArgumentException.
                       (str "Parameter declaration " (pr-str params) " should be a vector"))))
           body (rest arity)
           conds (if (and (next body) (map? (first body))) (first body) nil)
           body (if conds (rest body) body)
           pre (get conds :pre)
           post (get conds :post)
           body (if post
                  `((let [~'% ~(if (next body) `(do ~@body) (first body))]
                      ~@(map-eager (fn* [c] `(assert ~c)) post)
                      ~'%))
                  body)
           body (if pre
                  (concat (map-eager (fn* [c] `(assert ~c)) pre) body)
                  body)]
      (loop* [ps (seq params) simple [] lets []]
        (if ps
          (let* [p (first ps)]
            (when-not (or (symbol? p) (vector? p) (map? p))
              (throw (IllegalArgumentException.
                      (str "fn parameters must be symbols or destructuring forms (vectors or maps), got: "
                           (pr-str p) " in " (pr-str params)))))
            (if (symbol? p)
              (recur (next ps) (conj simple p) lets)
              (let* [g (gensym "p__")]
                (recur (next ps) (conj simple g) (conj (conj lets p) g)))))
          (if (seq lets)
            (list simple `(let ~lets ~@body))
            (cons simple body)))))))

(def ^{:private true} expand-fn
  ;; (name? [params] body...) or (name? ([params] body...)+) -> (fn* ...)
  (fn* expand-fn [sigs]
    (let* [name (if (symbol? (first sigs)) (first sigs) nil)
           sigs (if name (next sigs) sigs)
           arities (if (vector? (first sigs)) (list sigs) sigs)
           _ (when-not (seq arities)
               (throw (IllegalArgumentException. "Parameter declaration missing")))
           arities (map-eager (fn* [a]
                                (if (seq? a)
                                  (expand-fn-arity a)
                                  (throw (IllegalArgumentException.
                                          (str "Parameter declaration " (pr-str a) " should be a vector")))))
                              arities)]
      (if name
        (cons 'fn* (cons name arities))
        (cons 'fn* arities)))))

(defmacro fn
  "params => positional-params*, or positional-params* & rest-param
  (fn name? [params*] exprs*) or (fn name? ([params*] exprs*)+)
  Defines a function. Parameters may be destructuring forms, and an arity may
  start with a {:pre [...] :post [...]} condition map."
  [& sigs]
  ;; Metadata written on the (fn ...) form goes to the fn* form, whose
  ;; analysis attaches it to the fn at run time, as Clojure's fn does.
  (let* [f (expand-fn sigs)
         m (dissoc (meta &form) :line :column)]
    (if (seq m) (with-meta f m) f)))

;; Now that fn destructures, defmacro can too.
(def ^{:macro true} defmacro
  (fn defmacro [&form &env name & decl]
    (let [[doc attrs arities] (parse-def-decl decl)
          m (assoc (def-meta name doc attrs arities) :macro true)]
      (list 'do
            (list 'def (with-meta name m)
                  (cons `fn (cons name (map-eager macro-arity arities))))
            (list 'var name)))))

(defmacro defn
  "Same as (def name (fn [params*] exprs*)) or
  (def name (fn ([params*] exprs*)+)) with any doc-string or attrs added to
  the var metadata."
  [name & fdecl]
  (when-not (symbol? name)
    (throw (IllegalArgumentException. "First argument to defn must be a symbol")))
  (let [[doc attrs arities] (parse-def-decl fdecl)]
    (list 'def (with-meta name (def-meta name doc attrs arities))
          (cons `fn arities))))

(defmacro defn-
  "Same as defn, yielding a non-public def."
  [name & decls]
  (list* `defn (with-meta name (assoc (meta name) :private true)) decls))

;;; ---------------------------------------------------------------------------
;;; 3. Small macros
;;; ---------------------------------------------------------------------------

(defmacro if-let
  "bindings => binding-form test
  If test is true, evaluates then with binding-form bound to the value of
  test, if not, yields else."
  ([bindings then] `(if-let ~bindings ~then nil))
  ([bindings then else]
   (when-not (and (vector? bindings) (= 2 (count bindings)))
     (throw (IllegalArgumentException. "if-let requires exactly 2 forms in binding vector")))
   (let [[form tst] bindings]
     `(let [temp# ~tst]
        (if temp#
          (let [~form temp#] ~then)
          ~else)))))

(defmacro when-let
  "bindings => binding-form test
  When test is true, evaluates body with binding-form bound to the value of
  test."
  [bindings & body]
  (when-not (and (vector? bindings) (= 2 (count bindings)))
    (throw (IllegalArgumentException. "when-let requires exactly 2 forms in binding vector")))
  (let [[form tst] bindings]
    `(let [temp# ~tst]
       (when temp#
         (let [~form temp#] ~@body)))))

(defmacro if-some
  "bindings => binding-form test
  If test is not nil, evaluates then with binding-form bound to the value of
  test, if not, yields else."
  ([bindings then] `(if-some ~bindings ~then nil))
  ([bindings then else]
   (when-not (and (vector? bindings) (= 2 (count bindings)))
     (throw (IllegalArgumentException. "if-some requires exactly 2 forms in binding vector")))
   (let [[form tst] bindings]
     `(let [temp# ~tst]
        (if (nil? temp#)
          ~else
          (let [~form temp#] ~then))))))

(defmacro when-some
  "bindings => binding-form test
  When test is not nil, evaluates body with binding-form bound to the value
  of test."
  [bindings & body]
  (when-not (and (vector? bindings) (= 2 (count bindings)))
    (throw (IllegalArgumentException. "when-some requires exactly 2 forms in binding vector")))
  (let [[form tst] bindings]
    `(let [temp# ~tst]
       (if (nil? temp#)
         nil
         (let [~form temp#] ~@body)))))

(defmacro when-first
  "bindings => x xs
  Roughly the same as (when (seq xs) (let [x (first xs)] body)) but xs is
  evaluated only once."
  [bindings & body]
  (let [[x xs] bindings]
    `(when-let [xs# (seq ~xs)]
       (let [~x (first xs#)]
         ~@body))))

(defmacro ->
  "Threads the expr through the forms. Inserts x as the second item in the
  first form, making a list of it if it is not a list already."
  [x & forms]
  (loop [x x forms forms]
    (if forms
      (let [form (first forms)]
        (recur (if (seq? form)
                 `(~(first form) ~x ~@(next form))
                 (list form x))
               (next forms)))
      x)))

(defmacro ->>
  "Threads the expr through the forms. Inserts x as the last item in the first
  form, making a list of it if it is not a list already."
  [x & forms]
  (loop [x x forms forms]
    (if forms
      (let [form (first forms)]
        (recur (if (seq? form)
                 `(~(first form) ~@(next form) ~x)
                 (list form x))
               (next forms)))
      x)))

(defmacro as->
  "Binds name to expr, evaluates the first form in the lexical context of that
  binding, then binds name to that result, repeating for each successive form,
  returning the result of the last form."
  [expr name & forms]
  `(let [~name ~expr
         ~@(loop [out [] fs (seq forms)]
             (if fs (recur (conj (conj out name) (first fs)) (next fs)) out))]
     ~name))

(defmacro some->
  "When expr is not nil, threads it into the first form (via ->), and when
  that result is not nil, through the next etc."
  [expr & forms]
  (let [g (gensym "some__")]
    `(let [~g ~expr
           ~@(loop [out [] fs (seq forms)]
               (if fs
                 (recur (conj (conj out g) `(if (nil? ~g) nil (-> ~g ~(first fs)))) (next fs))
                 out))]
       ~g)))

(defmacro some->>
  "When expr is not nil, threads it into the first form (via ->>), and when
  that result is not nil, through the next etc."
  [expr & forms]
  (let [g (gensym "some__")]
    `(let [~g ~expr
           ~@(loop [out [] fs (seq forms)]
               (if fs
                 (recur (conj (conj out g) `(if (nil? ~g) nil (->> ~g ~(first fs)))) (next fs))
                 out))]
       ~g)))

(defmacro cond->
  "Takes an expression and a set of test/form pairs. Threads expr (via ->)
  through each form for which the corresponding test expression is true."
  [expr & clauses]
  (when (odd? (count clauses))
    (throw (IllegalArgumentException. "cond-> requires an even number of forms")))
  (let [g (gensym "cond__")]
    `(let [~g ~expr
           ~@(loop [out [] cs (seq clauses)]
               (if cs
                 (recur (conj (conj out g) `(if ~(first cs) (-> ~g ~(second cs)) ~g)) (nnext cs))
                 out))]
       ~g)))

(defmacro cond->>
  "Takes an expression and a set of test/form pairs. Threads expr (via ->>)
  through each form for which the corresponding test expression is true."
  [expr & clauses]
  (when (odd? (count clauses))
    (throw (IllegalArgumentException. "cond->> requires an even number of forms")))
  (let [g (gensym "cond__")]
    `(let [~g ~expr
           ~@(loop [out [] cs (seq clauses)]
               (if cs
                 (recur (conj (conj out g) `(if ~(first cs) (->> ~g ~(second cs)) ~g)) (nnext cs))
                 out))]
       ~g)))

(defmacro doto
  "Evaluates x, then calls each of the forms with x as first argument, and
  returns x."
  [x & forms]
  (let [g (gensym "doto__")]
    `(let [~g ~x]
       ~@(map-eager (fn [f] (if (seq? f) `(~(first f) ~g ~@(next f)) `(~f ~g))) forms)
       ~g)))

(defmacro while
  "Repeatedly executes body while test expression is true."
  [test & body]
  `(loop []
     (when ~test
       ~@body
       (recur))))

(defmacro dotimes
  "bindings => name n
  Repeatedly executes body with name bound to integers from 0 through n-1."
  [bindings & body]
  (let [[i n] bindings]
    `(let [n# (long ~n)]
       (loop [~i 0]
         (when (< ~i n#)
           ~@body
           (recur (inc ~i)))))))

(defmacro assert
  "Evaluates expr and throws an AssertionError if it does not evaluate to
  logical true."
  ([x]
   `(when-not ~x
      (throw (%new-exception "AssertionError" (str "Assert failed: " (pr-str '~x))))))
  ([x message]
   `(when-not ~x
      (throw (%new-exception "AssertionError" (str "Assert failed: " ~message "\n" (pr-str '~x)))))))

(defmacro letfn
  "fnspec ==> (fname [params*] exprs) or (fname ([params*] exprs)+)
  Takes a vector of function specs and a body, and generates a set of
  bindings of functions to their names. All of the names are available in all
  of the definitions of the functions, as well as the body."
  [fnspecs & body]
  `(letfn* ~(vec (apply concat (map-eager (fn [spec] [(first spec) (expand-fn spec)]) fnspecs)))
           ~@body))

(defmacro defonce
  "defs name to have the root value of the expr iff the named var has no root
  value, else expr is unevaluated."
  [name expr]
  `(let [v# (def ~name)]
     (when-not (bound? v#)
       (def ~name ~expr))))

;;; ---------------------------------------------------------------------------
;;; 4. The sequence library
;;; ---------------------------------------------------------------------------

(defn empty?
  "Returns true if coll has no items."
  [coll]
  (not (seq coll)))

(defn last
  "Return the last item in coll, in linear time."
  [s]
  (if (next s)
    (recur (next s))
    (first s)))

(defn butlast
  "Return a seq of all but the last item in coll, in linear time."
  [s]
  (loop [ret [] s s]
    (if (next s)
      (recur (conj ret (first s)) (next s))
      (seq ret))))

(defn nthnext
  "Returns the nth next of coll, (seq coll) when n is 0."
  [coll n]
  (loop [n n xs (seq coll)]
    (if (and xs (pos? n))
      (recur (dec n) (next xs))
      xs)))

(defn nthrest
  "Returns the nth rest of coll, coll when n is 0."
  [coll n]
  (loop [n n xs coll]
    (if (and (pos? n) (seq xs))
      (recur (dec n) (rest xs))
      xs)))

(defn constantly
  "Returns a function that takes any number of arguments and returns x."
  [x]
  (fn [& args] x))

(defn complement
  "Takes a fn f and returns a fn that takes the same arguments as f, has the
  same effects, if any, and returns the opposite truth value."
  [f]
  (fn
    ([] (not (f)))
    ([x] (not (f x)))
    ([x y] (not (f x y)))
    ([x y & zs] (not (apply f x y zs)))))

(defn comp
  "Takes a set of functions and returns a fn that is the composition of those
  fns, applied right to left."
  ([] identity)
  ([f] f)
  ([f g]
   (fn
     ([] (f (g)))
     ([x] (f (g x)))
     ([x y] (f (g x y)))
     ([x y z] (f (g x y z)))
     ([x y z & args] (f (apply g x y z args)))))
  ([f g & fs]
   (reduce comp (list* f g fs))))

(defn partial
  "Takes a function f and fewer than the normal arguments to f, and returns a
  fn that takes a variable number of additional args."
  ([f] f)
  ([f a]
   (fn
     ([] (f a))
     ([x] (f a x))
     ([x y] (f a x y))
     ([x y & more] (apply f a x y more))))
  ([f a b]
   (fn
     ([] (f a b))
     ([x] (f a b x))
     ([x & more] (apply f a b x more))))
  ([f a b c]
   (fn
     ([] (f a b c))
     ([x & more] (apply f a b c x more))))
  ([f a b c & more]
   (fn [& args] (apply f a b c (concat more args)))))

(defn juxt
  "Takes a set of functions and returns a fn that is the juxtaposition of
  those fns: a vector of the result of applying each fn to the args."
  [f & fs]
  (let [fs (cons f fs)]
    (fn [& args]
      (reduce (fn [v g] (conj v (apply g args))) [] fs))))

(defn fnil
  "Takes a function f, and returns a function that calls f, replacing a nil
  first (second, third) argument with the supplied default value."
  ([f x]
   (let [f (own f)]
     (fn
       ([a] (f (if (nil? a) x a)))
       ([a b] (f (if (nil? a) x a) b))
       ([a b c] (f (if (nil? a) x a) b c))
       ([a b c & ds] (apply f (if (nil? a) x a) b c ds)))))
  ([f x y]
   (let [f (own f)]
     (fn
       ([a b] (f (if (nil? a) x a) (if (nil? b) y b)))
       ([a b c] (f (if (nil? a) x a) (if (nil? b) y b) c))
       ([a b c & ds] (apply f (if (nil? a) x a) (if (nil? b) y b) c ds)))))
  ([f x y z]
   (let [f (own f)]
     (fn
       ([a b c] (f (if (nil? a) x a) (if (nil? b) y b) (if (nil? c) z c)))
       ([a b c & ds] (apply f (if (nil? a) x a) (if (nil? b) y b) (if (nil? c) z c) ds))))))

(defn every?
  "Returns true if (pred x) is logical true for every x in coll, else false."
  [pred coll]
  (cond
    (nil? (seq coll)) true
    (pred (first coll)) (recur pred (next coll))
    :else false))

(def not-every?
  (comp not every?))

(defn some
  "Returns the first logical true value of (pred x) for any x in coll, else
  nil."
  [pred coll]
  (when-let [s (seq coll)]
    (or (pred (first s)) (recur pred (next s)))))

(def not-any?
  (comp not some))

(defn memoize
  "Returns a memoized version of a referentially transparent function."
  [f]
  (let [mem (atom {})]
    (fn [& args]
      (if-let [e (find @mem args)]
        (val e)
        (let [ret (apply f args)]
          (swap! mem assoc args ret)
          ret)))))

(defn trampoline
  "trampoline can be used to convert algorithms requiring mutual recursion
  without stack consumption. Calls f with supplied args, if any. If f returns
  a fn, calls that fn with no arguments, and continues to repeat, until the
  return value is not a fn, then returns that non-fn value."
  ([f]
   (let [ret (f)]
     (if (fn? ret)
       (recur ret)
       ret)))
  ([f & args]
   (trampoline (fn [] (apply f args)))))

;;; Reduced helpers and transducer plumbing

(defn- preserving-reduced [rf]
  (fn [acc x]
    (let [ret (rf acc x)]
      (if (reduced? ret) (reduced ret) ret))))

(defn completing
  "Takes a reducing function f of 2 args and returns a fn suitable for
  transduce by adding an arity-1 signature that calls cf (default identity)
  on the result argument."
  ([f] (completing f identity))
  ([f cf]
   (fn
     ([] (f))
     ([x] (cf x))
     ([x y] (f x y)))))

(defn transduce
  "reduce with a transformation of f (xf)."
  ([xform f coll] (transduce xform f (f) coll))
  ([xform f init coll]
   (let [f (xform (own f))
         ret (reduce f init coll)]
     (f ret))))

(defn cat
  "A transducer which concatenates the contents of each input, which must be
  a collection, into the reduction."
  [rf]
  (let [rrf (preserving-reduced rf)]
    (fn
      ([] (rf))
      ([result] (rf result))
      ([result input] (reduce rrf result input)))))

;;; Core lazy sequence functions

(defn map
  "Returns a lazy sequence consisting of the result of applying f to the set
  of first items of each coll, followed by applying f to the set of second
  items in each coll, until any one of the colls is exhausted. Returns a
  transducer when no collection is provided."
  ([f]
   (fn [rf]
     (fn
       ([] (rf))
       ([result] (rf result))
       ([result input] (rf result (f input)))
       ([result input & inputs] (rf result (apply f input inputs))))))
  ([f coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (if (chunked-seq? s)
        (let [c (chunk-first s)
              size (count c)
              b (chunk-buffer size)]
          (dotimes [i size]
            (chunk-append b (f (nth c i))))
          (chunk-cons (chunk b) (map f (chunk-rest s))))
        (cons (f (first s)) (map f (rest s)))))))
  ([f c1 c2]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2)]
      (when (and s1 s2)
        (cons (f (first s1) (first s2))
              (map f (rest s1) (rest s2)))))))
  ([f c1 c2 c3]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2) s3 (seq c3)]
      (when (and s1 s2 s3)
        (cons (f (first s1) (first s2) (first s3))
              (map f (rest s1) (rest s2) (rest s3)))))))
  ([f c1 c2 c3 & colls]
   (let [step (fn step [cs]
                (lazy-seq
                 (let [ss (map seq cs)]
                   (when (every? identity ss)
                     (cons (map first ss) (step (map rest ss)))))))]
     (map (fn [args] (apply f args)) (step (list* c1 c2 c3 colls))))))

(defn filter
  "Returns a lazy sequence of the items in coll for which (pred item) returns
  logical true. Returns a transducer when no collection is provided."
  ([pred]
   (fn [rf]
     (fn
       ([] (rf))
       ([result] (rf result))
       ([result input] (if (pred input) (rf result input) result)))))
  ([pred coll]
   (lazy-seq
    (loop [s (seq coll)]
      (when s
        (if (chunked-seq? s)
          (let [c (chunk-first s)
                size (count c)
                b (chunk-buffer size)]
            (dotimes [i size]
              (let [v (nth c i)]
                (when (pred v)
                  (chunk-append b v))))
            (chunk-cons (chunk b) (filter pred (chunk-rest s))))
          (let [x (first s)]
            (if (pred x)
              (cons x (filter pred (rest s)))
              (recur (next s))))))))))

(defn remove
  "Returns a lazy sequence of the items in coll for which (pred item) returns
  logical false. Returns a transducer when no collection is provided."
  ([pred] (filter (complement pred)))
  ([pred coll] (filter (complement pred) coll)))

(defn keep
  "Returns a lazy sequence of the non-nil results of (f item). Returns a
  transducer when no collection is provided."
  ([f]
   (fn [rf]
     (fn
       ([] (rf))
       ([result] (rf result))
       ([result input]
        (let [v (f input)]
          (if (nil? v) result (rf result v)))))))
  ([f coll]
   (lazy-seq
    (loop [s (seq coll)]
      (when s
        (if (chunked-seq? s)
          (let [c (chunk-first s)
                size (count c)
                b (chunk-buffer size)]
            (dotimes [i size]
              (let [x (f (nth c i))]
                (when-not (nil? x)
                  (chunk-append b x))))
            (chunk-cons (chunk b) (keep f (chunk-rest s))))
          (let [v (f (first s))]
            (if (nil? v)
              (recur (next s))
              (cons v (keep f (rest s)))))))))))

(defn map-indexed
  "Returns a lazy sequence consisting of the result of applying f to 0 and
  the first item of coll, followed by applying f to 1 and the second item,
  etc. Returns a stateful transducer when no collection is provided."
  ([f]
   (fn [rf]
     (let [i (volatile! -1)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input] (rf result (f (vswap! i inc) input)))))))
  ([f coll]
   ;; Chunked over a chunked seq, as JVM Clojure 1.11's map-indexed.
   (let [step (fn step [i s]
                (lazy-seq
                 (when-let [s (seq s)]
                   (if (chunked-seq? s)
                     (let [c (chunk-first s)
                           size (count c)
                           b (chunk-buffer size)]
                       (loop [j 0]
                         (when (< j size)
                           (chunk-append b (f (+ i j) (nth c j)))
                           (recur (inc j))))
                       (chunk-cons (chunk b) (step (+ i size) (chunk-rest s))))
                     (cons (f i (first s)) (step (inc i) (rest s)))))))]
     (step 0 coll))))

(defn keep-indexed
  "Returns a lazy sequence of the non-nil results of (f index item). Returns
  a stateful transducer when no collection is provided."
  ([f]
   (fn [rf]
     (let [i (volatile! -1)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (let [v (f (vswap! i inc) input)]
            (if (nil? v) result (rf result v))))))))
  ([f coll]
   ;; Chunked over a chunked seq, as JVM Clojure 1.11's keep-indexed.
   (let [step (fn step [i s]
                (lazy-seq
                 (loop [i i s (seq s)]
                   (when s
                     (if (chunked-seq? s)
                       (let [c (chunk-first s)
                             size (count c)
                             b (chunk-buffer size)]
                         (loop [j 0]
                           (when (< j size)
                             (let [v (f (+ i j) (nth c j))]
                               (when-not (nil? v)
                                 (chunk-append b v)))
                             (recur (inc j))))
                         (chunk-cons (chunk b) (step (+ i size) (chunk-rest s))))
                       (let [v (f i (first s))]
                         (if (nil? v)
                           (recur (inc i) (next s))
                           (cons v (step (inc i) (rest s))))))))))]
     (step 0 coll))))

(defn mapcat
  "Returns the result of applying concat to the result of applying map to f
  and colls. Returns a transducer when no collections are provided."
  ([f] (comp (map f) cat))
  ([f & colls]
   (apply concat (apply map f colls))))

(defn take
  "Returns a lazy sequence of the first n items in coll, or all items if
  there are fewer than n. Returns a stateful transducer when no collection is
  provided."
  ([n]
   (fn [rf]
     (let [nv (volatile! n)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (let [n @nv
                nn (vswap! nv dec)
                result (if (pos? n) (rf result input) result)]
            (if (not (pos? nn))
              (ensure-reduced result)
              result)))))))
  ([n coll]
   (lazy-seq
    (when (pos? n)
      (when-let [s (seq coll)]
        (cons (first s) (take (dec n) (rest s))))))))

(defn drop
  "Returns a lazy sequence of all but the first n items in coll. Returns a
  stateful transducer when no collection is provided."
  ([n]
   (fn [rf]
     (let [nv (volatile! n)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (let [n @nv]
            (vswap! nv dec)
            (if (pos? n) result (rf result input))))))))
  ([n coll]
   (lazy-seq
    (loop [n n s (seq coll)]
      (if (and (pos? n) s)
        (recur (dec n) (next s))
        s)))))

(defn take-while
  "Returns a lazy sequence of successive items from coll while (pred item)
  returns logical true. Returns a transducer when no collection is provided."
  ([pred]
   (fn [rf]
     (fn
       ([] (rf))
       ([result] (rf result))
       ([result input]
        (if (pred input) (rf result input) (reduced result))))))
  ([pred coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (when (pred (first s))
        (cons (first s) (take-while pred (rest s))))))))

(defn drop-while
  "Returns a lazy sequence of the items in coll starting from the first item
  for which (pred item) returns logical false. Returns a stateful transducer
  when no collection is provided."
  ([pred]
   (fn [rf]
     (let [dv (volatile! true)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (if (and @dv (pred input))
            result
            (do (vreset! dv nil)
                (rf result input))))))))
  ([pred coll]
   (lazy-seq
    (loop [s (seq coll)]
      (if (and s (pred (first s)))
        (recur (next s))
        s)))))

(defn take-nth
  "Returns a lazy seq of every nth item in coll. Returns a stateful transducer
  when no collection is provided."
  ([n]
   (fn [rf]
     (let [iv (volatile! -1)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (let [i (vswap! iv inc)]
            (if (zero? (rem i n)) (rf result input) result)))))))
  ([n coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (cons (first s) (take-nth n (drop n s)))))))

(defn take-last
  "Returns a seq of the last n items in coll. Depending on the type of coll
  may be no better than linear time. For vectors, see also subvec."
  [n coll]
  (loop [s (seq coll) lead (seq (drop n coll))]
    (if lead
      (recur (next s) (next lead))
      s)))

(defn drop-last
  "Return a lazy sequence of all but the last n (default 1) items in coll."
  ([coll] (drop-last 1 coll))
  ([n coll] (map (fn [x _] x) coll (drop n coll))))

(defn some-fn
  "Takes a set of predicates and returns a function f that returns the first
  logical true value got by applying its predicates to its arguments, else
  logical false."
  [p & ps]
  (let [ps (cons p ps)
        few-preds (<= (count ps) 3)]
    (fn [& args]
      (let [n (count args)]
        (cond
          (zero? n) nil
          (and few-preds (<= n 3))
          ;; Clojure's fixed arities are `or` chains: pred-major, and they
          ;; return the last falsy value when nothing matches.
          (loop [qs ps last-val nil]
            (if qs
              (let [r (loop [xs args r nil]
                        (if xs
                          (let [v ((first qs) (first xs))]
                            (if v v (recur (next xs) v)))
                          r))]
                (if r r (recur (next qs) r)))
              last-val))
          few-preds
          (or (some (fn [q] (some q (take 3 args))) ps)
              (some (fn [x] (some (fn [q] (q x)) ps)) (drop 3 args)))
          :else (some (fn [q] (some q args)) ps))))))

(defn every-pred
  "Takes a set of predicates and returns a function f that returns true if
  all of its composing predicates return a logical true value against all of
  its arguments, else it returns false."
  [p & ps]
  (let [ps (cons p ps)]
    (fn [& args]
      (boolean (every? (fn [q] (every? q args)) ps)))))

(defn split-at
  "Returns a vector of [(take n coll) (drop n coll)]."
  [n coll]
  [(take n coll) (drop n coll)])

(defn split-with
  "Returns a vector of [(take-while pred coll) (drop-while pred coll)]."
  [pred coll]
  [(take-while pred coll) (drop-while pred coll)])

(defn iterate
  "Returns a lazy sequence of x, (f x), (f (f x)) etc. f must be free of
  side-effects."
  [f x]
  (cons x (lazy-seq (iterate f (f x)))))

(defn repeat
  "Returns a lazy (infinite!, or length n if supplied) sequence of xs."
  ([x] (lazy-seq (cons x (repeat x))))
  ([n x] (take n (repeat x))))

(defn repeatedly
  "Takes a function of no args, presumably with side effects, and returns an
  infinite (or length n if supplied) lazy sequence of calls to it."
  ([f] (lazy-seq (cons (f) (repeatedly f))))
  ([n f] (take n (repeatedly f))))

(defn cycle
  "Returns a lazy (infinite!) sequence of repetitions of the items in coll."
  [coll]
  (lazy-seq
   (when-let [s (seq coll)]
     (concat s (cycle s)))))

(defn interleave
  "Returns a lazy seq of the first item in each coll, then the second etc."
  ([] ())
  ([c1] (lazy-seq c1))
  ([c1 c2]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2)]
      (when (and s1 s2)
        (cons (first s1) (cons (first s2) (interleave (rest s1) (rest s2))))))))
  ([c1 c2 & colls]
   (lazy-seq
    (let [ss (map seq (list* c1 c2 colls))]
      (when (every? identity ss)
        (concat (map first ss) (apply interleave (map rest ss))))))))

(defn interpose
  "Returns a lazy seq of the elements of coll separated by sep. Returns a
  stateful transducer when no collection is provided."
  ([sep]
   (fn [rf]
     (let [started (volatile! false)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (if @started
            (let [sepr (rf result sep)]
              (if (reduced? sepr)
                sepr
                (rf sepr input)))
            (do (vreset! started true)
                (rf result input))))))))
  ([sep coll]
   (drop 1 (interleave (repeat sep) coll))))

(defn doall
  "Walks a lazy sequence (or its first n items) so that all side effects are
  realized, and returns the head of the sequence."
  ([coll]
   (loop [s (seq coll)]
     (when s (recur (next s))))
   coll)
  ([n coll]
   (loop [n n s (seq coll)]
     (when (and s (pos? n)) (recur (dec n) (next s))))
   coll))

(defn dorun
  "Walks a lazy sequence (or its first n items) for its side effects and
  returns nil."
  ([coll]
   (loop [s (seq coll)]
     (when s (recur (next s)))))
  ([n coll]
   (loop [n n s (seq coll)]
     (when (and s (pos? n)) (recur (dec n) (next s))))))

(defn partition
  "Returns a lazy sequence of lists of n items each, at offsets step apart
  (default n). If a pad collection is supplied, its elements fill the last
  partition as needed; otherwise an incomplete last partition is dropped."
  ([n coll] (partition n n coll))
  ([n step coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [p (doall (take n s))]
        (when (= n (count p))
          (cons p (partition n step (nthrest s step))))))))
  ([n step pad coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [p (doall (take n s))]
        (if (= n (count p))
          (cons p (partition n step pad (nthrest s step)))
          (list (take n (concat p pad)))))))))

(defn partition-all
  "Returns a lazy sequence of lists like partition, but may include
  partitions with fewer than n items at the end. Returns a stateful
  transducer when no collection is provided."
  ([n]
   (fn [rf]
     (let [buf (volatile! [])]
       (fn
         ([] (rf))
         ([result]
          (let [b @buf
                result (if (empty? b)
                         result
                         (do (vreset! buf [])
                             (unreduced (rf result b))))]
            (rf result)))
         ([result input]
          (let [b (vswap! buf conj input)]
            (if (= n (count b))
              (do (vreset! buf [])
                  (rf result b))
              result)))))))
  ([n coll] (partition-all n n coll))
  ([n step coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [seg (doall (take n s))]
        (cons seg (partition-all n step (nthrest s step))))))))

(defn partition-by
  "Applies f to each value in coll, splitting it each time f returns a new
  value. Returns a lazy seq of partitions. Returns a stateful transducer when
  no collection is provided."
  ([f]
   (fn [rf]
     (let [buf (volatile! [])
           pv (volatile! ::none)]
       (fn
         ([] (rf))
         ([result]
          (let [b @buf
                result (if (empty? b)
                         result
                         (do (vreset! buf [])
                             (unreduced (rf result b))))]
            (rf result)))
         ([result input]
          (let [pval @pv
                val (f input)]
            (vreset! pv val)
            (if (or (identical? pval ::none) (= val pval))
              (do (vswap! buf conj input)
                  result)
              (let [b @buf]
                (vreset! buf [])
                (let [ret (rf result b)]
                  (when-not (reduced? ret)
                    (vswap! buf conj input))
                  ret)))))))))
  ([f coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [fst (first s)
            fv (f fst)
            run (cons fst (take-while (fn [x] (= fv (f x))) (next s)))]
        (cons run (partition-by f (lazy-seq (drop (count run) s)))))))))

(defn distinct
  "Returns a lazy sequence of the elements of coll with duplicates removed.
  Returns a stateful transducer when no collection is provided."
  ([]
   (fn [rf]
     (let [seen (volatile! #{})]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (if (contains? @seen input)
            result
            (do (vswap! seen conj input)
                (rf result input))))))))
  ([coll]
   (let [step (fn step [xs seen]
                (lazy-seq
                 (loop [s (seq xs) seen seen]
                   (when s
                     (let [x (first s)]
                       (if (contains? seen x)
                         (recur (next s) seen)
                         (cons x (step (rest s) (conj seen x)))))))))]
     (step coll #{}))))

(defn distinct?
  "Returns true if no two of the arguments are =."
  ([x] true)
  ([x y] (not (= x y)))
  ([x y & more]
   (if (not= x y)
     (loop [seen #{x y} xs more]
       (if xs
         (if (contains? seen (first xs))
           false
           (recur (conj seen (first xs)) (next xs)))
         true))
     false)))

(defn dedupe
  "Returns a lazy sequence removing consecutive duplicates in coll. Returns a
  transducer when no collection is provided."
  ([]
   (fn [rf]
     (let [pv (volatile! ::none)]
       (fn
         ([] (rf))
         ([result] (rf result))
         ([result input]
          (let [prior @pv]
            (vreset! pv input)
            (if (= prior input)
              result
              (rf result input))))))))
  ([coll]
   (let [step (fn step [prev s]
                (lazy-seq
                 (loop [s (seq s)]
                   (when s
                     (let [x (first s)]
                       (if (= x prev)
                         (recur (next s))
                         (cons x (step x (rest s)))))))))]
     (lazy-seq
      (when-let [s (seq coll)]
        (cons (first s) (step (first s) (rest s))))))))

(defn reductions
  "Returns a lazy seq of the intermediate values of the reduction (as per
  reduce) of coll by f, starting with init."
  ([f coll]
   (lazy-seq
    (if-let [s (seq coll)]
      (reductions f (first s) (rest s))
      (list (f)))))
  ([f init coll]
   (if (reduced? init)
     (list @init)
     (cons init
           (lazy-seq
            (when-let [s (seq coll)]
              (reductions f (f init (first s)) (rest s))))))))

(defn tree-seq
  "Returns a lazy sequence of the nodes in a tree, via a depth-first walk."
  [branch? children root]
  (let [walk (fn walk [node]
               (lazy-seq
                (cons node
                      (when (branch? node)
                        (mapcat walk (children node))))))]
    (walk root)))

(defn flatten
  "Takes any nested combination of sequential things (lists, vectors, etc.)
  and returns their contents as a single, flat lazy sequence. (flatten nil)
  returns an empty sequence."
  [x]
  (filter (complement sequential?)
          (rest (tree-seq sequential? seq x))))

(defn sequence
  "Coerces coll to a (possibly empty) sequence, if it is not already one.
  With a transducer, returns the sequence of the transformed items."
  ([coll]
   (if (seq? coll) coll (or (seq coll) ())))
  ([xform coll]
   ;; Lazy, as in Clojure: each step feeds input items to the transducer
   ;; until it has output something (or the input ends, or it is reduced,
   ;; when the completion arity flushes what it holds).
   (let [buf (volatile! [])
         rf (xform (fn ([acc] acc) ([acc x] (vswap! buf conj x) acc)))
         drain (fn [] (let [b @buf] (vreset! buf []) b))
         step (fn step [s]
                (lazy-seq
                 (loop [s s]
                   (if-let [s (seq s)]
                     (if (reduced? (rf nil (first s)))
                       (do (rf nil) (seq (drain)))
                       (let [b (drain)]
                         (if (seq b)
                           (concat b (step (rest s)))
                           (recur (rest s)))))
                     (do (rf nil) (seq (drain)))))))]
     (or (seq (step coll)) ()))))

(defn eduction
  "Returns a reducible/iterable application of the transducers to the items in
  coll. Transducers are applied in order as if combined with comp. (Here: a
  lazy seq, as sequence makes.)"
  [& xforms]
  (sequence (apply comp (butlast xforms)) (last xforms)))

(defn ->Eduction
  "Positional factory function for class clojure.core.Eduction: (eduction
  xform coll)."
  [xform coll]
  (eduction xform coll))

(defn halt-when
  "Returns a transducer that ends transduction when pred returns true for an
  input. When retf is supplied it must be a fn of 2 arguments - it will be
  passed the (completed) result so far and the input that triggered the
  predicate, and its return value (if it does not throw an exception) will
  be the return value of the transducer. If retf is not supplied, the input
  that triggered the predicate will be returned."
  ([pred] (halt-when pred nil))
  ([pred retf]
   (fn [rf]
     (fn
       ([] (rf))
       ([result]
        (if (and (map? result) (contains? result ::halt))
          (::halt result)
          (rf result)))
       ([result input]
        (if (pred input)
          (reduced {::halt (if retf (retf (rf result) input) input)})
          (rf result input)))))))

;;; Collections

;; The native into has the 0-2 arities; this adds the transducer one.
(def ^{:private true} native-into into)

(defn into
  "Returns a new coll consisting of to-coll with all of the items of
  from-coll conjoined. A transducer may be supplied."
  ([] [])
  ([to] to)
  ([to from] (native-into to from))
  ([to xform from] (transduce xform conj to from)))

(defn mapv
  "Returns a vector consisting of the result of applying f to the set of
  first items of each coll, followed by applying f to the set of second items
  in each coll, until any one of the colls is exhausted."
  ([f coll] (reduce (fn [v x] (conj v (f x))) [] coll))
  ([f c1 c2] (into [] (map f c1 c2)))
  ([f c1 c2 c3] (into [] (map f c1 c2 c3)))
  ([f c1 c2 c3 & colls] (into [] (apply map f c1 c2 c3 colls))))

(defn filterv
  "Returns a vector of the items in coll for which (pred item) returns
  logical true."
  [pred coll]
  (reduce (fn [v x] (if (pred x) (conj v x) v)) [] coll))

(defn reduce-kv
  "Reduces an associative collection. f should be a function of 3 arguments:
  the result, a key and its value."
  [f init coll]
  (cond
    (nil? coll) init
    (vector? coll)
    (let [n (count coll)]
      (loop [i 0 acc init]
        (if (< i n)
          (let [ret (f acc i (nth coll i))]
            (if (reduced? ret) @ret (recur (inc i) ret)))
          acc)))
    :else
    (reduce (fn [acc e] (f acc (key e) (val e))) init coll)))

(defn run!
  "Runs the supplied procedure (via reduce), for purposes of side effects, on
  successive items in the collection. Returns nil."
  [proc coll]
  (reduce (fn [_ x] (proc x)) nil coll)
  nil)

(defn merge
  "Returns a map that consists of the rest of the maps conj-ed onto the
  first. If a key occurs in more than one map, the mapping from the latter
  (left-to-right) will be the mapping in the result."
  [& maps]
  (when (some identity maps)
    (reduce (fn [m1 m2]
              (if (map? m2)
                (reduce (fn [m e] (assoc m (key e) (val e))) (or m1 {}) m2)
                (conj (or m1 {}) m2)))
            maps)))

(defn merge-with
  "Returns a map that consists of the rest of the maps conj-ed onto the
  first. If a key occurs in more than one map, the mapping(s) from the latter
  (left-to-right) will be combined with the mapping in the result by calling
  (f val-in-result val-in-latter)."
  [f & maps]
  (when (some identity maps)
    (let [merge-entry (fn [m e]
                        (let [k (key e) v (val e)]
                          (if (contains? m k)
                            (let [old (get m k)]
                              (assoc (assoc m k nil) k (f old v)))
                            (assoc m k v))))]
      (reduce (fn [m1 m2] (reduce merge-entry (or m1 {}) m2)) maps))))

;; m with the value at k (which f is about to be given) taken out, so that,
;; m being unshared, that value is unshared too and f may update it in
;; place. Only when k is present: then the assoc cannot fail.
(defn- take-out [m k]
  (if (contains? m k) (assoc m k nil) m))

(defn update
  "'Updates' a value in an associative structure, where k is a key and f is
  a function that will take the old value and any supplied args and return
  the new value."
  ;; The old value is taken out of m (assoc'd to nil) before f sees it: if
  ;; m is unshared, the value then is too, and f can update it in place.
  ([m k f] (let [v (get m k) f (own f)] (assoc (take-out m k) k (f v))))
  ([m k f x] (let [v (get m k) f (own f)] (assoc (take-out m k) k (f v x))))
  ([m k f x y] (let [v (get m k) f (own f)] (assoc (take-out m k) k (f v x y))))
  ([m k f x y z] (let [v (get m k) f (own f)] (assoc (take-out m k) k (f v x y z))))
  ([m k f x y z & more] (let [v (get m k)] (assoc (take-out m k) k (apply f v x y z more)))))

;; A value no collection can contain, for telling "absent" from nil.
(def ^{:private true} not-found-sentinel (atom ::not-found))

(defn get-in
  "Returns the value in a nested associative structure, where ks is a
  sequence of keys. Returns nil if the key is not present, or the not-found
  value if supplied."
  ([m ks] (reduce get m ks))
  ([m ks not-found]
   (loop [m m ks (seq ks)]
     (if ks
       (let [v (get m (first ks) not-found-sentinel)]
         (if (identical? v not-found-sentinel)
           not-found
           (recur v (next ks))))
       m))))

(defn assoc-in
  "Associates a value in a nested associative structure, where ks is a
  sequence of keys and v is the new value."
  [m [k & ks] v]
  (if ks
    (let [inner (get m k)]
      (assoc (take-out m k) k (assoc-in inner ks v)))
    (assoc m k v)))

(defn update-in
  "'Updates' a value in a nested associative structure, where ks is a
  sequence of keys and f is a function that will take the old value and any
  supplied args and return the new value."
  [m ks f & args]
  (let [f (own f)
        up (fn up [m [k & ks]]
             (let [v (get m k)
                   m (take-out m k)]
               (if ks
                 (assoc m k (up v ks))
                 (assoc m k (cond
                              (nil? args) (f v)
                              (nil? (next args)) (f v (first args))
                              (nil? (nnext args)) (f v (first args) (second args))
                              :else (apply f v args))))))]
    (up m ks)))

(defn select-keys
  "Returns a map containing only those entries in map whose key is in keys."
  [map keyseq]
  (loop [ret {} ks (seq keyseq)]
    (if ks
      (let [e (find map (first ks))]
        (recur (if e (assoc ret (key e) (val e)) ret) (next ks)))
      (with-meta ret (meta map)))))

(defn zipmap
  "Returns a map with the keys mapped to the corresponding vals."
  [keys vals]
  (loop [m {} ks (seq keys) vs (seq vals)]
    (if (and ks vs)
      (recur (assoc m (first ks) (first vs)) (next ks) (next vs))
      m)))

(defn group-by
  "Returns a map of the elements of coll keyed by the result of f on each
  element. The value at each key is a vector of the corresponding elements,
  in the order they appeared in coll."
  [f coll]
  (reduce (fn [ret x]
            (let [k (f x)
                  v (get ret k [])]
              (assoc (take-out ret k) k (conj v x))))
          {} coll))

(defn frequencies
  "Returns a map from distinct items in coll to the number of times they
  appear."
  [coll]
  (reduce (fn [counts x] (assoc counts x (inc (get counts x 0))))
          {} coll))

(defn update-keys
  "m f => {(f k) v ...}"
  [m f]
  (with-meta (reduce-kv (fn [acc k v] (assoc acc (f k) v)) {} m) (meta m)))

(defn update-vals
  "m f => {k (f v) ...}"
  [m f]
  (with-meta (reduce-kv (fn [acc k v] (assoc acc k (f v))) {} m) (meta m)))

(defn replace
  "Given a map of replacement pairs and a vector/collection, returns a
  vector/seq with any elements = a key in smap replaced with the
  corresponding val in smap."
  ([smap]
   (map (fn [x] (if-let [e (find smap x)] (val e) x))))
  ([smap coll]
   (if (vector? coll)
     (reduce (fn [v i]
               (if-let [e (find smap (nth v i))]
                 (assoc v i (val e))
                 v))
             coll (range (count coll)))
     (map (fn [x] (if-let [e (find smap x)] (val e) x)) coll))))

(defn max-key
  "Returns the x for which (k x), a number, is greatest. If there are
  multiple such xs, the last one is returned."
  ([k x] x)
  ([k x y] (if (> (k x) (k y)) x y))
  ([k x y & more]
   (let [kx (k x) ky (k y)
         [v kv] (if (> kx ky) [x kx] [y ky])]
     (loop [v v kv kv more (seq more)]
       (if more
         (let [w (first more) kw (k w)]
           (if (>= kw kv)
             (recur w kw (next more))
             (recur v kv (next more))))
         v)))))

(defn min-key
  "Returns the x for which (k x), a number, is least. If there are multiple
  such xs, the last one is returned."
  ([k x] x)
  ([k x y] (if (< (k x) (k y)) x y))
  ([k x y & more]
   (let [kx (k x) ky (k y)
         [v kv] (if (< kx ky) [x kx] [y ky])]
     (loop [v v kv kv more (seq more)]
       (if more
         (let [w (first more) kw (k w)]
           (if (<= kw kv)
             (recur w kw (next more))
             (recur v kv (next more))))
         v)))))

(defn rand-nth
  "Return a random element of the (sequential) collection."
  [coll]
  (nth coll (rand-int (count coll))))

(defn shuffle
  "Return a random permutation of coll."
  [coll]
  (loop [v (vec coll) i (dec (count v))]
    (if (pos? i)
      (let [j (rand-int (inc i))
            vi (nth v i)]
        (recur (assoc (assoc v i (nth v j)) j vi) (dec i)))
      v)))

;;; Sorted collections: rseq, sorted-map and the rest are natives; subseq
;;; and rsubseq are Clojure's, over the natives %sorted-seq (Sorted.seq),
;;; %sorted-seq-from (seqFrom) and %sorted-compare-key.

(defn- mk-bound-fn
  [sc test key]
  (fn [e]
    (test (%sorted-compare-key sc e key) 0)))

(defn subseq
  "sc must be a sorted collection, test(s) one of <, <=, > or
  >=. Returns a seq of those entries with keys ek for
  which (test (.. sc comparator (compare ek key)) 0) is true"
  ([sc test key]
   (let [include (mk-bound-fn sc test key)]
     (if (#{> >=} test)
       (when-let [[e :as s] (%sorted-seq-from sc key true)]
         (if (include e) s (next s)))
       (take-while include (%sorted-seq sc true)))))
  ([sc start-test start-key end-test end-key]
   (when-let [[e :as s] (%sorted-seq-from sc start-key true)]
     (take-while (mk-bound-fn sc end-test end-key)
                 (if ((mk-bound-fn sc start-test start-key) e) s (next s))))))

(defn rsubseq
  "sc must be a sorted collection, test(s) one of <, <=, > or
  >=. Returns a reverse seq of those entries with keys ek for
  which (test (.. sc comparator (compare ek key)) 0) is true"
  ([sc test key]
   (let [include (mk-bound-fn sc test key)]
     (if (#{< <=} test)
       (when-let [[e :as s] (%sorted-seq-from sc key false)]
         (if (include e) s (next s)))
       (take-while include (%sorted-seq sc false)))))
  ([sc start-test start-key end-test end-key]
   (when-let [[e :as s] (%sorted-seq-from sc end-key false)]
     (take-while (mk-bound-fn sc start-test start-key)
                 (if ((mk-bound-fn sc end-test end-key) e) s (next s))))))

(defn printf
  "Prints formatted output, as per format."
  [fmt & args]
  (print (apply format fmt args)))


(defn comparator
  "Returns an implementation of a comparator based upon pred."
  [pred]
  (fn [x y]
    (cond (pred x y) -1 (pred y x) 1 :else 0)))

(defn bounded-count
  "If coll is counted? returns its count, else counts at most the first n
  elements of coll."
  [n coll]
  (if (counted? coll)
    (count coll)
    (loop [i 0 s (seq coll)]
      (if (and s (< i n))
        (recur (inc i) (next s))
        i))))

(defn random-sample
  "Returns items from coll with random probability of prob (0.0 - 1.0)."
  ([prob] (filter (fn [_] (< (rand) prob))))
  ([prob coll] (filter (fn [_] (< (rand) prob)) coll)))

;;; Transients (transient, persistent!, conj!, assoc!, dissoc!, disj!, pop!)
;;; are natives: crates/runtime/src/natives/transients.rs.

;;; pmap and friends compute their results in order on the calling thread
;;; (the results are those of map); they become parallel with the scheduler.

(defn pmap
  "Like map, except f is applied in parallel (in genera, for now, in order on
  the calling thread). Semi-lazy."
  ([f coll] (map f coll))
  ([f coll & colls] (apply map f coll colls)))

(defn pcalls
  "Executes the no-arg fns in parallel, returning a lazy sequence of their
  values."
  [& fns]
  (pmap (fn [f] (f)) fns))

(defmacro pvalues
  "Returns a lazy sequence of the values of the exprs, which are evaluated in
  parallel."
  [& exprs]
  `(pcalls ~@(map (fn [e] `(fn [] ~e)) exprs)))

;;; Sorting: a stable merge sort over a comparator.

(defn- fn->comparator
  ;; A comparator may return a number (like compare) or a boolean (like <):
  ;; for a boolean, true means "less than"; otherwise (f y x) decides
  ;; between "greater" and "equal", as Clojure's fns do.
  [f]
  (fn [x y]
    (let [r (f x y)]
      (cond
        (true? r) -1
        (false? r) (if (f y x) 1 0)
        (nil? r) (if (f y x) 1 0)
        :else r))))

(defn- merge-sorted [cmp a b]
  (let [na (count a) nb (count b)]
    (loop [i 0 j 0 out []]
      (cond
        (= i na) (into out (subvec b j))
        (= j nb) (into out (subvec a i))
        :else (let [x (nth a i) y (nth b j)]
                (if (pos? (cmp x y))
                  (recur i (inc j) (conj out y))
                  (recur (inc i) j (conj out x))))))))

(defn- merge-sort [cmp v]
  (let [n (count v)]
    (if (< n 2)
      v
      (let [h (quot n 2)]
        (merge-sorted cmp (merge-sort cmp (subvec v 0 h)) (merge-sort cmp (subvec v h n)))))))

(defn sort
  "Returns a sorted sequence of the items in coll. If no comparator is
  supplied, uses compare. The sort is stable."
  ([coll] (sort compare coll))
  ([comp coll]
   (let [v (merge-sort (fn->comparator comp) (vec coll))]
     (if (empty? v) () (seq v)))))

(defn sort-by
  "Returns a sorted sequence of the items in coll, where the sort order is
  determined by comparing (keyfn item). The sort is stable."
  ([keyfn coll] (sort-by keyfn compare coll))
  ([keyfn comp coll]
   (let [cmp (fn->comparator comp)]
     (sort (fn [x y] (cmp (keyfn x) (keyfn y))) coll))))

;;; Delays and the rest

(defn macroexpand-1
  "If form represents a macro form, returns its expansion, else returns form."
  [form]
  (if (and (seq? form) (symbol? (first form)))
    (let [v (resolve (first form))]
      (if (and (var? v) (get (meta v) :macro))
        (apply (var-get v) form nil (rest form))
        form))
    form))

(defn macroexpand
  "Repeatedly calls macroexpand-1 on form until it no longer represents a
  macro form, then returns it."
  [form]
  (let [ex (macroexpand-1 form)]
    (if (identical? ex form)
      form
      (macroexpand ex))))

;;; ---------------------------------------------------------------------------
;;; 5. The remaining macros
;;; ---------------------------------------------------------------------------

(defmacro lazy-cat
  "Expands to code which yields a lazy sequence of the concatenation of the
  supplied colls. Each coll expr is not evaluated until it is needed."
  [& colls]
  `(concat ~@(map (fn [c] `(lazy-seq ~c)) colls)))

(defmacro condp
  "Takes a binary predicate, an expression, and a set of clauses:
  test-expr result-expr, or test-expr :>> result-fn. For each clause,
  (pred test-expr expr) is evaluated; the first logical true result selects
  the clause. A single trailing expression is the default; without one, no
  match throws IllegalArgumentException."
  [pred expr & clauses]
  (let [gpred (gensym "pred__")
        gexpr (gensym "expr__")
        emit (fn emit [args]
               (let [[[a b c :as clause] more] (split-at (if (= :>> (second args)) 3 2) args)
                     n (count clause)]
                 (cond
                   (= 0 n) `(throw (%new-exception "IllegalArgumentException"
                                                   (str "No matching clause: " ~gexpr)))
                   (= 1 n) a
                   (= 2 n) `(if (~gpred ~a ~gexpr)
                              ~b
                              ~(emit more))
                   :else `(if-let [p# (~gpred ~a ~gexpr)]
                            (~c p#)
                            ~(emit more)))))]
    `(let [~gpred ~pred
           ~gexpr ~expr]
       ~(emit clauses))))

(defn- case-constant
  ;; case* takes constants as written, but not lists; a list inside a
  ;; constant is turned into a vector, which is = to it.
  [c]
  (cond
    (seq? c) (vec (map case-constant c))
    (vector? c) (vec (map case-constant c))
    :else c))

(defmacro case
  "Takes an expression, and a set of clauses: test-constant result-expr, or
  (test-constant1 ... test-constantN) result-expr. The test-constants are not
  evaluated. A single trailing expression is the default; without one, no
  match throws IllegalArgumentException. Dispatch is constant-time."
  [e & clauses]
  (let [ge (gensym "case__")
        default (if (odd? (count clauses))
                  (last clauses)
                  `(throw (%new-exception "IllegalArgumentException"
                                          (str "No matching clause: " ~ge))))
        pairs (partition 2 clauses)
        groups (map (fn [[test then]]
                      [(if (seq? test) (mapv case-constant test) [(case-constant test)]) then])
                    pairs)]
    (reduce (fn [seen c]
              (if (contains? seen c)
                (throw (IllegalArgumentException. (str "Duplicate case test constant: " (pr-str c))))
                (conj seen c)))
            #{} (mapcat first groups))
    `(let* [~ge ~e]
       (case* ~ge ~(vec (mapcat identity groups)) ~default))))

(defn- parse-comprehension
  ;; [b1 e1 :let [..] :when t b2 e2 ...] -> ([b1 e1 [[:let [..]] [:when t]]] [b2 e2 []] ...)
  [seq-exprs]
  (when-not (vector? seq-exprs)
    (throw (IllegalArgumentException. "a vector is required for the bindings")))
  (when (odd? (count seq-exprs))
    (throw (IllegalArgumentException. "an even number of forms is required in the bindings")))
  (loop [ps (seq (partition 2 seq-exprs)) groups []]
    (if ps
      (let [[k v] (first ps)]
        (if (keyword? k)
          (do
            (when-not (#{:let :when :while} k)
              (throw (IllegalArgumentException. (str "Invalid 'for' keyword " k))))
            (when (empty? groups)
              (throw (IllegalArgumentException. (str k " must follow a binding"))))
            (let [[b e mods] (peek groups)]
              (recur (next ps) (conj (pop groups) [b e (conj mods [k v])]))))
          (recur (next ps) (conj groups [k v []]))))
      (seq groups))))

(defmacro for
  "List comprehension. Takes a vector of one or more binding-form/collection-
  expr pairs, each followed by zero or more modifiers (:let [bindings],
  :while test, :when test), and yields a lazy sequence of evaluations of
  expr. Rightmost bindings vary fastest."
  [seq-exprs body-expr]
  (let [emit
        (fn emit [groups]
          (let [[[bind expr mods] & more] groups
                iter (gensym "iter__")
                s (gensym "s__")
                next-step `(recur (rest ~s))
                inner (if more
                        (let [fs (gensym "fs__")]
                          `(let [~fs (seq ~(emit more))]
                             (if ~fs
                               (concat ~fs (~iter (rest ~s)))
                               ~next-step)))
                        `(cons ~body-expr (~iter (rest ~s))))
                wrap (fn wrap [mods]
                       (if (seq mods)
                         (let [[k v] (first mods)
                               body (wrap (rest mods))]
                           (case k
                             :let `(let ~v ~body)
                             :when `(if ~v ~body ~next-step)
                             :while `(when ~v ~body)))
                         inner))]
            (if more
              `((fn ~iter [~s]
                  (lazy-seq
                   (loop [~s ~s]
                     (when-let [~s (seq ~s)]
                       (let [~bind (first ~s)]
                         ~(wrap mods))))))
                ~expr)
              ;; The innermost binding walks a chunked seq a chunk at a
              ;; time, as JVM Clojure's `for` does (so side effects happen
              ;; 32 at a time over a range or a vector, as there).
              (let [c (gensym "c__") size (gensym "size__")
                    b (gensym "b__") i (gensym "i__")
                    cnext `(recur (unchecked-inc ~i))
                    cwrap (fn cwrap [mods]
                            (if (seq mods)
                              (let [[k v] (first mods)
                                    body (cwrap (rest mods))]
                                (case k
                                  :let `(let ~v ~body)
                                  :when `(if ~v ~body ~cnext)
                                  :while `(when ~v ~body)))
                              `(do (chunk-append ~b ~body-expr) ~cnext)))]
                `((fn ~iter [~s]
                    (lazy-seq
                     (loop [~s ~s]
                       (when-let [~s (seq ~s)]
                         (if (chunked-seq? ~s)
                           (let [~c (chunk-first ~s)
                                 ~size (count ~c)
                                 ~b (chunk-buffer ~size)]
                             (if (loop [~i 0]
                                   (if (< ~i ~size)
                                     (let [~bind (nth ~c ~i)]
                                       ~(cwrap mods))
                                     true))
                               (chunk-cons (chunk ~b) (~iter (chunk-rest ~s)))
                               (chunk-cons (chunk ~b) nil)))
                           (let [~bind (first ~s)]
                             ~(wrap mods)))))))
                  ~expr)))))]
    (emit (parse-comprehension seq-exprs))))

(defmacro doseq
  "Repeatedly executes body (presumably for side-effects) with bindings and
  filtering as provided by \"for\". Does not retain the head of the sequence.
  Returns nil."
  [seq-exprs & body]
  (let [emit
        (fn emit [groups]
          (let [[[bind expr mods] & more] groups
                s (gensym "s__")
                next-step `(recur (next ~s))
                inner (if more (emit more) `(do ~@body))
                wrap (fn wrap [mods]
                       (if (seq mods)
                         (let [[k v] (first mods)
                               body (wrap (rest mods))]
                           (case k
                             :let `(let ~v ~body)
                             :when `(if ~v ~body ~next-step)
                             :while `(when ~v ~body)))
                         `(do ~inner ~next-step)))]
            `(loop [~s (seq ~expr)]
               (when ~s
                 (let [~bind (first ~s)]
                   ~(wrap mods))))))]
    (emit (parse-comprehension seq-exprs))))

(defmacro binding
  "binding => var-symbol init-expr
  Creates new bindings for the (already-existing, dynamic) vars, with the
  supplied initial values, executes the exprs in an implicit do, then
  re-establishes the bindings that existed before."
  [bindings & body]
  (when-not (vector? bindings)
    (throw (IllegalArgumentException. "binding requires a vector for its binding")))
  (when (odd? (count bindings))
    (throw (IllegalArgumentException. "binding requires an even number of forms in binding vector")))
  ;; A `let*`, not a `do`: a top-level `do` may be evaluated form by form.
  `(let* []
     (push-thread-bindings
      (hash-map ~@(mapcat (fn [[v e]] [`(var ~v) e]) (partition 2 bindings))))
     (try
       ~@body
       (finally
         (pop-thread-bindings)))))

(defmacro with-redefs
  "binding => var-symbol temp-value-expr
  Temporarily redefines vars while executing the body. The temp-value-exprs
  are evaluated and each resulting value replaces the root value of its var.
  After the body is executed, the root values of all the vars are set back
  to their old values."
  [bindings & body]
  (let [pairs (partition 2 bindings)
        vars (map (fn [[v _]] `(var ~v)) pairs)
        olds (map (fn [_] (gensym "old__")) pairs)
        news (map (fn [_] (gensym "new__")) pairs)]
    `(let [~@(interleave olds (map (fn [v] `(var-get ~v)) vars))
           ~@(interleave news (map second pairs))]
       ~@(map (fn [v n] `(alter-var-root ~v (constantly ~n))) vars news)
       (try
         ~@body
         (finally
           ~@(map (fn [v o] `(alter-var-root ~v (constantly ~o))) vars olds))))))

(defmacro with-out-str
  "Evaluates exprs in a context in which *out* is bound to a fresh buffer.
  Returns the string created by any nested printing calls."
  [& body]
  `(let [out# (volatile! nil)]
     (%push-out)
     (try
       ~@body
       (finally
         (vreset! out# (%pop-out))))
     @out#))

(defmacro time
  "Evaluates expr and prints the time it took. Returns the value of expr."
  [expr]
  `(let [start# (%nano-time)
         ret# ~expr]
     (prn (str "Elapsed time: " (/ (double (- (%nano-time) start#)) 1000000.0) " msecs"))
     ret#))

(defmacro delay
  "Takes a body of expressions and yields a Delay object that will invoke the
  body only the first time it is forced (with force or deref/@), and will
  cache the result and return it on all subsequent force calls."
  [& body]
  `(%make-delay (fn* [] ~@body)))

(defmacro ns
  "Sets *ns* to the namespace named by name (creating it if needed), refers
  clojure.core into it, and loads the namespaces named in :require (with :as
  and :refer) and :use clauses."
  [name & references]
  (when-not (symbol? name)
    (throw (IllegalArgumentException.
            (str "ns: the namespace name must be a symbol, got: " (pr-str name)))))
  (let [refs (if (string? (first references)) (next references) references)
        refs (if (map? (first refs)) (next refs) refs)
        clauses (filter seq? refs)
        refer-clojure (some (fn [c] (when (= :refer-clojure (first c)) c)) clauses)
        quoted (fn [xs] (map (fn [x] (list 'quote x)) xs))
        emit (fn [[kind & args]]
               (case kind
                 :require [`(require ~@(quoted args))]
                 :use [`(require ~@(quoted (map (fn [a]
                                                   (if (symbol? a)
                                                     [a :refer :all]
                                                     (let [[lib & opts] a
                                                           only (get (apply hash-map opts) :only)]
                                                       (if only [lib :refer only] [lib :refer :all]))))
                                                 args)))]
                 :refer-clojure []
                 :import []
                 :gen-class []
                 :load []
                 (throw (IllegalArgumentException. (str "Unsupported ns clause: " kind)))))]
    `(do
       (in-ns '~name)
       ~(if refer-clojure
          `(refer '~'clojure.core ~@(quoted (rest refer-clojure)))
          `(refer '~'clojure.core))
       ~@(mapcat emit clauses)
       nil)))

;;; Hierarchies (derive, isa?, ...), as in Clojure: a hierarchy is a map of
;;; :parents, :ancestors and :descendants; the global one lives in an atom.
;;; Classes are the symbols that `class` returns; a small table gives the
;;; superclasses and interfaces of the common ones, for isa?/parents on them.

(defn make-hierarchy
  "Creates a hierarchy object for use with derive, isa? etc."
  []
  {:parents {} :descendants {} :ancestors {}})

(def global-hierarchy (atom (make-hierarchy)))

(def ^{:private true} class-supers
  (let [num '#{java.lang.Number java.lang.Comparable java.lang.Object}
        coll '#{clojure.lang.IPersistentCollection clojure.lang.Seqable
                clojure.lang.IMeta clojure.lang.IObj java.util.Collection
                java.lang.Iterable java.lang.Object}
        sq (into coll '#{clojure.lang.ISeq clojure.lang.Sequential java.util.List})]
    {'java.lang.Long num 'java.lang.Integer num 'java.lang.Double num
     'java.lang.Float num 'java.lang.Short num 'java.lang.Byte num
     'clojure.lang.Ratio num 'clojure.lang.BigInt num
     'java.math.BigDecimal num 'java.math.BigInteger num
     'java.lang.String '#{java.lang.CharSequence java.lang.Comparable java.lang.Object}
     'java.lang.Character '#{java.lang.Comparable java.lang.Object}
     'java.lang.Boolean '#{java.lang.Comparable java.lang.Object}
     'clojure.lang.Keyword '#{clojure.lang.Named clojure.lang.IFn java.lang.Comparable java.lang.Object}
     'clojure.lang.Symbol '#{clojure.lang.Named clojure.lang.IFn clojure.lang.IMeta clojure.lang.IObj java.lang.Comparable java.lang.Object}
     'clojure.lang.PersistentVector (into coll '#{clojure.lang.IPersistentVector clojure.lang.APersistentVector
                                                 clojure.lang.Sequential clojure.lang.Associative clojure.lang.ILookup
                                                 clojure.lang.IFn clojure.lang.Counted clojure.lang.Indexed
                                                 clojure.lang.Reversible java.util.List java.util.RandomAccess})
     'clojure.lang.PersistentArrayMap (into coll '#{clojure.lang.IPersistentMap clojure.lang.APersistentMap
                                                   clojure.lang.Associative clojure.lang.ILookup clojure.lang.IFn
                                                   clojure.lang.Counted java.util.Map})
     'clojure.lang.PersistentHashMap (into coll '#{clojure.lang.IPersistentMap clojure.lang.APersistentMap
                                                  clojure.lang.Associative clojure.lang.ILookup clojure.lang.IFn
                                                  clojure.lang.Counted java.util.Map})
     'clojure.lang.PersistentHashSet (into coll '#{clojure.lang.IPersistentSet clojure.lang.APersistentSet
                                                  clojure.lang.IFn clojure.lang.Counted java.util.Set})
     'clojure.lang.PersistentList (into sq '#{clojure.lang.IPersistentList clojure.lang.IPersistentStack clojure.lang.Counted})
     'clojure.lang.LazySeq sq 'clojure.lang.Cons sq 'clojure.lang.ArraySeq sq
     'clojure.lang.LongRange sq 'clojure.lang.Range sq
     'clojure.lang.Atom '#{clojure.lang.IAtom clojure.lang.IDeref clojure.lang.IRef java.lang.Object}
     'clojure.lang.ExceptionInfo '#{java.lang.RuntimeException java.lang.Exception java.lang.Throwable
                                   clojure.lang.IExceptionInfo java.lang.Object}}))

(defn- class-isa? [child parent]
  (and (symbol? child) (symbol? parent)
       (or (= parent 'java.lang.Object)
           (contains? (get class-supers child) parent))))

(defn isa?
  "Returns true if (= child parent), or child is directly or indirectly derived
  from parent, either via a Java type inheritance relationship or a
  relationship established via derive. h must be a hierarchy obtained from
  make-hierarchy, if not supplied defaults to the global hierarchy"
  ([child parent] (isa? @global-hierarchy child parent))
  ([h child parent]
   (or (= child parent)
       (class-isa? child parent)
       (some #(contains? (get (:ancestors h) %) parent)
             (cons child (get class-supers child)))
       (and (vector? parent) (vector? child)
            (= (count parent) (count child))
            (loop [ret true i 0]
              (if (or (not ret) (= i (count parent)))
                ret
                (recur (isa? h (child i) (parent i)) (inc i))))))))

(defn parents
  "Returns the immediate parents of tag, either via a Java type inheritance
  relationship or a relationship established via derive."
  ([tag] (parents @global-hierarchy tag))
  ([h tag] (not-empty (get (:parents h) tag))))

(defn ancestors
  "Returns the immediate and indirect parents of tag, either via a Java type
  inheritance relationship or a relationship established via derive."
  ([tag] (ancestors @global-hierarchy tag))
  ([h tag]
   (not-empty
    (let [ta (get (:ancestors h) tag)]
      (if-let [sup (get class-supers tag)]
        (reduce into (into (or ta #{}) sup) (map #(get (:ancestors h) %) sup))
        ta)))))

(defn descendants
  "Returns the immediate and indirect children of tag, through a relationship
  established via derive."
  ([tag] (descendants @global-hierarchy tag))
  ([h tag] (not-empty (get (:descendants h) tag))))

(defn derive
  "Establishes a parent/child relationship between parent and tag. Parent must
  be a namespace-qualified symbol or keyword and child can be either a
  namespace-qualified symbol or keyword or a class."
  ([tag parent]
   (assert (namespace parent))
   (assert (or (symbol? tag) (and (keyword? tag) (namespace tag))))
   (swap! global-hierarchy derive tag parent)
   nil)
  ([h tag parent]
   (assert (not= tag parent))
   (let [tp (:parents h)
         td (:descendants h)
         ta (:ancestors h)
         tf (fn [m source sources target targets]
              (reduce (fn [ret k]
                        (assoc ret k
                               (reduce conj (get targets k #{})
                                       (cons target (targets target)))))
                      m (cons source (sources source))))]
     (or
      (when-not (contains? (tp tag) parent)
        (when (contains? (ta tag) parent)
          (throw (Exception. (print-str tag "already has" parent "as ancestor"))))
        (when (contains? (ta parent) tag)
          (throw (Exception. (print-str "Cyclic derivation:" parent "has" tag "as ancestor"))))
        {:parents (assoc (:parents h) tag (conj (get tp tag #{}) parent))
         :ancestors (tf (:ancestors h) tag td parent ta)
         :descendants (tf (:descendants h) parent ta tag td)})
      h))))

(defn underive
  "Removes a parent/child relationship between parent and tag."
  ([tag parent] (swap! global-hierarchy underive tag parent) nil)
  ([h tag parent]
   (let [parent-map (:parents h)
         childs-parents (if (parent-map tag) (disj (parent-map tag) parent) #{})
         new-parents (if (not-empty childs-parents)
                       (assoc parent-map tag childs-parents)
                       (dissoc parent-map tag))
         deriv-seq (mapcat (fn [[k ps]] (mapcat (fn [p] [k p]) ps)) new-parents)]
     (if (contains? (parent-map tag) parent)
       (reduce (fn [h [t p]] (derive h t p)) (make-hierarchy) (partition 2 deriv-seq))
       h))))

;;; Multimethods: a multimethod is a fn closing over an atom of its state
;;; ({:methods {dispatch-value fn} :prefers {x #{y}}}); the atom is kept in
;;; registries keyed by the multimethod's var (for defmethod) and by the
;;; multimethod itself (for methods, get-method, prefer-method). Dispatch is
;;; Clojure's: an exact match, else the method whose dispatch value the value
;;; isa? (the most specific one, or the preferred one), else the default.

(def ^{:private true} multimethods (atom {}))
(def ^{:private true} multifn-states (atom {}))

(defn- mm-prefers? [h prefs x y]
  (or (contains? (get prefs x) y)
      (some #(mm-prefers? h prefs x %) (parents h y))
      (some #(mm-prefers? h prefs % y) (parents h x))
      false))

(defn- mm-dominates? [h prefs x y]
  (or (mm-prefers? h prefs x y) (isa? h x y)))

(defn- mm-find [mm-name state h dv default-val]
  (let [ms (:methods state)
        prefs (:prefers state)]
    (if (and (empty? prefs) (contains? ms dv))
      (get ms dv)
      (let [best (reduce (fn [best [k f :as e]]
                           (if (isa? h dv k)
                             (let [best (if (or (nil? best) (mm-dominates? h prefs k (key best)))
                                          e best)]
                               (when-not (mm-dominates? h prefs (key best) k)
                                 (throw (IllegalArgumentException.
                                         (str "Multiple methods in multimethod '" mm-name
                                              "' match dispatch value: " (pr-str dv) " -> "
                                              (pr-str k) " and " (pr-str (key best))
                                              ", and neither is preferred"))))
                               best)
                             best))
                         nil ms)]
        (if best (val best) (get ms default-val))))))

(defn make-multi
  "Used by defmulti: makes the dispatching fn."
  [the-var mm-name dispatch-fn default-val hierarchy]
  (let [state (atom {:methods {} :prefers {} :default default-val :name mm-name
                     :hierarchy hierarchy})
        mf (fn [& args]
             (let [dv (apply dispatch-fn args)
                   f (mm-find mm-name @state @hierarchy dv default-val)]
               (if f
                 (apply f args)
                 (throw (IllegalArgumentException.
                         (str "No method in multimethod '" mm-name
                              "' for dispatch value: " (pr-str dv)))))))]
    (swap! multimethods assoc the-var state)
    (swap! multifn-states assoc mf state)
    mf))

(defn multi-methods
  "Used by defmethod: the state atom of a multimethod var."
  [the-var]
  (or (get @multimethods the-var)
      (throw (IllegalArgumentException. (str the-var " is not a multimethod")))))

(defn- multifn-state [multifn]
  (or (get @multifn-states multifn)
      (throw (ClassCastException. "argument is not a multimethod"))))

(defn methods
  "Given a multimethod, returns a map of dispatch values -> dispatch fns"
  [multifn]
  (:methods @(multifn-state multifn)))

(defn get-method
  "Given a multimethod and a dispatch value, returns the dispatch fn that would
  apply to that value, or nil if none apply and no default"
  [multifn dispatch-val]
  (let [st @(multifn-state multifn)]
    (mm-find (:name st) st @(:hierarchy st) dispatch-val (:default st))))

(defn prefers
  "Given a multimethod, returns a map of preferred value -> set of other values"
  [multifn]
  (:prefers @(multifn-state multifn)))

(defn prefer-method
  "Causes the multimethod to prefer matches of dispatch-val-x over
  dispatch-val-y when there is a conflict"
  [multifn dispatch-val-x dispatch-val-y]
  (let [state (multifn-state multifn)
        st @state]
    (when (mm-prefers? @(:hierarchy st) (:prefers st) dispatch-val-y dispatch-val-x)
      (throw (IllegalStateException.
              (str "Preference conflict in multimethod '" (:name st) "': "
                   (pr-str dispatch-val-y) " is already preferred to "
                   (pr-str dispatch-val-x)))))
    (swap! state update-in [:prefers dispatch-val-x] (fnil conj #{}) dispatch-val-y)
    multifn))

(defn remove-all-methods
  "Removes all of the methods of multimethod."
  [multifn]
  (swap! (multifn-state multifn) assoc :methods {})
  multifn)

(defmacro defmulti
  "Creates a new multimethod with the associated dispatch function. Options:
  :default (the default dispatch value, :default if not given)."
  [mm-name & options]
  (let [options (if (string? (first options)) (next options) options)
        options (if (map? (first options)) (next options) options)
        dispatch-fn (first options)
        opts (apply hash-map (next options))
        default (get opts :default :default)
        hierarchy (get opts :hierarchy `global-hierarchy)]
    `(defonce ~mm-name
       (make-multi (var ~mm-name) ~(name mm-name) ~dispatch-fn ~default ~hierarchy))))

(defmacro defmethod
  "Creates and installs a new method of multimethod associated with
  dispatch-value."
  [multifn dispatch-val & fn-tail]
  `(do (swap! (multi-methods (var ~multifn)) assoc-in [:methods ~dispatch-val] (fn ~@fn-tail))
       ~multifn))

(defmacro remove-method
  "Removes the method of multimethod associated with dispatch-value."
  [multifn dispatch-val]
  `(do (swap! (multi-methods (var ~multifn)) update :methods dissoc ~dispatch-val)
       ~multifn))

;;; Small functions of clojure.core that need nothing from Rust.

(defn qualified-ident?
  "Return true if x is a symbol or keyword with a namespace"
  [x] (boolean (and (or (keyword? x) (symbol? x)) (namespace x) true)))

(defn simple-ident?
  "Return true if x is a symbol or keyword without a namespace"
  [x] (and (or (keyword? x) (symbol? x)) (nil? (namespace x))))

(defn bit-flip
  "Flip bit at index n"
  [x n] (bit-xor x (bit-shift-left 1 n)))

(defn parse-boolean
  "Parse strings \"true\" or \"false\" and return a boolean, or nil if invalid"
  [s]
  (if (string? s)
    (case s "true" true "false" false nil)
    (throw (IllegalArgumentException. (str "Expected string, got " (if (nil? s) "nil" (pr-str (class s))))))))

(defn replicate
  "DEPRECATED: Use 'repeat' instead.
  Returns a lazy seq of n xs."
  [n x] (take n (repeat x)))

(defn special-symbol?
  "Returns true if s names a special form"
  [s]
  (contains? '#{def loop* recur if case* let* letfn* do fn* quote var import* .
                set! deftype* reify* try throw monitor-exit monitor-enter catch finally new &}
             s))

(defn reversible?
  "Returns true if coll implements Reversible"
  [coll] (or (vector? coll) (sorted? coll)))

(defn indexed?
  "Return true if coll implements Indexed, indicating efficient lookup by index"
  [coll] (vector? coll))

(defn with-redefs-fn
  "Temporarily redefines Vars during a call to func. Each val of binding-map
  will replace the root value of its key which must be a Var. After func is
  called with no args, the root values of all the Vars will be set back to
  their old values."
  [binding-map func]
  (let [root-bind (fn [m] (doseq [[a-var a-val] m] (alter-var-root a-var (constantly a-val))))
        old-vals (zipmap (keys binding-map) (map var-get (keys binding-map)))]
    (try
      (root-bind binding-map)
      (func)
      (finally (root-bind old-vals)))))

(defn iteration
  "Creates a seqable/reducible via repeated calls to step, a function of some
  (continuation token) 'k'. The first call to step will be passed initk,
  returning 'ret'. Iff (somef ret) is true, (vf ret) will be included in the
  iteration, else iteration will terminate and vf/kf will not be called. If
  (kf ret) is non-nil it will be passed to the next step call, else
  iteration will terminate. (Here: a lazy seq.)"
  [step & {:keys [somef vf kf initk]
           :or {vf identity kf identity somef some? initk nil}}]
  (lazy-seq
   ((fn next-step [ret]
      (when (somef ret)
        (cons (vf ret)
              (when-some [k (kf ret)]
                (lazy-seq (next-step (step k)))))))
    (step initk))))
