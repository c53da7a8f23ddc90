;; clojure.core, continued: arrays, streams and printing to them, eval and
;; load, promises and futures, taps, thread bindings, and the smaller vars
;; of JVM Clojure 1.11's clojure.core that core.clj does not define. Loaded
;; after core.clj into clojure.core (crates/driver/src/load.rs EMBEDDED).
;; Differences from the JVM are listed in docs/differences.md.

;; ---------------------------------------------------------------------------
;; Arrays (the natives are in crates/runtime/src/natives/arrays.rs)

(defmacro amap
  "Maps an expression across an array a, using an index named idx, and
  return value named ret, initialized to a clone of a, then setting
  each element of ret to the evaluation of expr, returning the new
  array ret."
  [a idx ret expr]
  `(let [a# ~a l# (alength a#)
         ~ret (aclone a#)]
     (loop [~idx 0]
       (if (< ~idx l#)
         (do
           (aset ~ret ~idx ~expr)
           (recur (inc ~idx)))
         ~ret))))

(defmacro areduce
  "Reduces an expression across an array a, using an index named idx,
  and return value named ret, initialized to init, setting ret to the
  evaluation of expr at each step, returning ret."
  [a idx ret init expr]
  `(let [a# ~a l# (alength a#)]
     (loop [~idx 0 ~ret ~init]
       (if (< ~idx l#)
         (recur (inc ~idx) ~expr)
         ~ret))))

;; ---------------------------------------------------------------------------
;; Streams (crates/runtime/src/io.rs): *out*, *err* and *in* are streams;
;; binding *out* sends every printing function to another writer.

(def ^:dynamic *read-eval*
  "genera's reader never evaluates (#= is not supported), so this only
  exists for programs that bind it."
  true)
(def ^:dynamic *print-dup* false)
(def ^:dynamic *print-namespace-maps* false)
(def ^:dynamic *data-readers* {})
(def ^:dynamic *default-data-reader-fn* nil)
(def default-data-readers
  "Default map of data reader functions provided by Clojure. May be
  overridden by binding *data-readers*."
  {'inst %read-instant-date 'uuid %read-uuid})

(defprotocol Inst
  (inst-ms* [inst]))

(extend-protocol Inst
  java.util.Date
  (inst-ms* [d] (%inst-ms d)))

(defn inst?
  "Return true if x satisfies Inst"
  [x]
  (satisfies? Inst x))

(defn inst-ms
  "Return the number of milliseconds since January 1, 1970, 00:00:00 GMT"
  [inst]
  (inst-ms* inst))
(def ^:dynamic *suppress-read* nil)
(def ^:dynamic *reader-resolver* nil)
(def ^:dynamic *verbose-defrecords* false)
(def ^:dynamic *math-context* nil)

(defmacro with-precision
  "Sets the precision and rounding mode to be used for BigDecimal operations.

  Usage: (with-precision 10 (/ 1M 3))
  or:    (with-precision 10 :rounding HALF_DOWN (/ 1M 3))

  The rounding mode is one of CEILING, FLOOR, HALF_UP, HALF_DOWN,
  HALF_EVEN, UP and DOWN; it defaults to HALF_UP."
  [precision & exprs]
  (let [[body rm] (if (= (first exprs) :rounding)
                    [(next (next exprs)) (second exprs)]
                    [exprs 'HALF_UP])]
    (when-not ('#{CEILING FLOOR HALF_UP HALF_DOWN HALF_EVEN UP DOWN} rm)
      (throw (IllegalArgumentException.
              (str "genera: with-precision: rounding " rm " is not supported"
                   " (CEILING FLOOR HALF_UP HALF_DOWN HALF_EVEN UP DOWN are)"))))
    `(binding [*math-context* [~precision '~rm]]
       ~@body)))
(def ^:dynamic *agent* nil)
(def ^:dynamic *1 nil)
(def ^:dynamic *2 nil)
(def ^:dynamic *3 nil)
(def ^:dynamic *e nil)

(defn %close-any
  "Closes x for with-open: a stream, or anything with a :close fn."
  [x]
  (cond
    (%stream? x) (%close x)
    (and (map? x) (fn? (:close x))) ((:close x))
    :else (%close x)))

(defmacro with-open
  "bindings => [name init ...]
  Evaluates body in a try expression with names bound to the values
  of the inits, and a finally clause that closes each name in reverse
  order."
  [bindings & body]
  (when-not (vector? bindings)
    (throw (IllegalArgumentException. "with-open requires a vector for its binding")))
  (when (odd? (count bindings))
    (throw (IllegalArgumentException. "with-open requires an even number of forms in binding vector")))
  (cond
    (= (count bindings) 0) `(do ~@body)
    (symbol? (bindings 0)) `(let ~(subvec bindings 0 2)
                              (try
                                (with-open ~(subvec bindings 2) ~@body)
                                (finally
                                  (%close-any ~(bindings 0)))))
    :else (throw (IllegalArgumentException.
                  "with-open only allows Symbols in bindings"))))

(defmacro with-out-str
  "Evaluates exprs in a context in which *out* is bound to a fresh
  StringWriter. Returns the string created by any nested printing
  calls."
  [& body]
  `(let [s# (%string-writer)]
     (binding [*out* s#]
       ~@body
       (str s#))))

(defmacro with-in-str
  "Evaluates body in a context in which *in* is bound to a fresh
  StringReader initialized with the string s."
  [s & body]
  `(binding [*in* (%string-reader ~s)]
     ~@body))

(defn flush
  "Flushes the output stream that is the current value of *out*."
  []
  (%flush *out*)
  nil)

(defn read-line
  "Reads the next line from the stream that is the current value of *in*."
  []
  (%read-line *in*))

(defn line-seq
  "Returns the lines of text from rdr as a lazy sequence of strings."
  [rdr]
  (when-let [line (%read-line rdr)]
    (cons line (lazy-seq (line-seq rdr)))))

(defn read
  "Reads the next object from stream, which defaults to *in*."
  ([] (read *in*))
  ([stream] (read stream true nil))
  ([stream eof-error? eof-value] (%read-form stream eof-error? eof-value))
  ([stream eof-error? eof-value recursive?] (%read-form stream eof-error? eof-value))
  ([opts stream]
   (if (contains? opts :eof)
     (%read-form stream false (:eof opts))
     (%read-form stream true nil))))

(defn read+string
  "Like read, and taking the same args. stream must be a
  LineNumberingPushbackReader. Returns a vector containing the object read
  and the (whitespace-trimmed) string read."
  ([] (read+string *in*))
  ([stream] (read+string stream true nil))
  ([stream eof-error? eof-value] (%read+string stream eof-error? eof-value))
  ([stream eof-error? eof-value recursive?] (%read+string stream eof-error? eof-value))
  ([opts stream]
   (if (contains? opts :eof)
     (%read+string stream false (:eof opts))
     (%read+string stream true nil))))

(defn load-reader
  "Sequentially read and evaluate the set of forms contained in the stream/file."
  [rdr]
  (load-string (slurp rdr)))

;; ---------------------------------------------------------------------------
;; Thread bindings

(defn with-bindings*
  "Takes a map of Var/value pairs. Installs for the given Vars the associated
  values as thread-local bindings. Then calls f with the supplied arguments.
  Pops the installed bindings after f returned. Returns whatever f returns."
  [binding-map f & args]
  (push-thread-bindings binding-map)
  (try
    (apply f args)
    (finally
      (pop-thread-bindings))))

(defmacro with-bindings
  "Takes a map of Var/value pairs. Installs for the given Vars the associated
  values as thread-local bindings. Then executes body. Pops the installed
  bindings after body was evaluated. Returns the value of body."
  [binding-map & body]
  `(with-bindings* ~binding-map (fn [] ~@body)))

(defn bound-fn*
  "Returns a function, which will install the same bindings in effect as in
  the thread at the time bound-fn* was called and then call f with any given
  arguments."
  [f]
  (let [bindings (get-thread-bindings)]
    (fn [& args]
      (apply with-bindings* bindings f args))))

(defmacro bound-fn
  "Returns a function defined by the given fntail, which will install the
  same bindings in effect as in the thread at the time bound-fn was called."
  [& fntail]
  `(bound-fn* (fn ~@fntail)))

;; ---------------------------------------------------------------------------
;; Futures (run at creation: genera runs one thread; see crate::promise)

(defmacro future
  "Takes a body of expressions and yields a future object that will
  invoke the body (in genera: at once) and cache the result, which
  deref returns."
  [& body]
  `(future-call (fn [] ~@body)))

(defmacro locking
  "Executes exprs. genera runs one thread, so there is nothing to lock;
  x is still evaluated."
  [x & body]
  `(let [lockee# ~x]
     ~@body))

(defmacro io!
  "Executes body (there are no transactions to guard against)."
  [& body]
  `(do ~@body))

;; ---------------------------------------------------------------------------
;; Taps: called synchronously by tap> (the JVM hands them to a thread).

(def ^:private tapset (atom #{}))

(defn add-tap
  "Adds f, a fn of one argument, to the tap set."
  [f]
  (swap! tapset conj f)
  nil)

(defn remove-tap
  "Remove f from the tap set."
  [f]
  (swap! tapset disj f)
  nil)

(defn tap>
  "Sends x to every tap fn (exceptions they throw are ignored). Returns true."
  [x]
  (doseq [f @tapset]
    (try (f x) (catch Throwable _ nil)))
  true)

;; ---------------------------------------------------------------------------
;; Libraries

(defn requiring-resolve
  "Resolves namespace-qualified sym per 'resolve'. If initial resolve
  fails, attempts to require sym's namespace and retries."
  [sym]
  (if (qualified-symbol? sym)
    (or (resolve sym)
        (do (require (symbol (namespace sym)))
            (resolve sym)))
    (throw (IllegalArgumentException.
            (str "Not a qualified symbol: " sym)))))

(defmacro refer-clojure
  "Same as (refer 'clojure.core <filters>)"
  [& filters]
  `(refer '~'clojure.core ~@filters))

(defn use
  "Like 'require, but also refers to each lib's namespace using
  clojure.core/refer. Takes lib specs: a symbol, or [lib & filters]."
  [& args]
  (doseq [a args]
    (cond
      (keyword? a) nil
      (symbol? a) (do (require a) (refer a))
      :else (let [[lib & opts] a]
              (require lib)
              (apply refer lib opts))))
  nil)

;; ---------------------------------------------------------------------------
;; Small vars

(def char-escape-string
  "Returns escape string for char or nil if none"
  {\newline "\\n" \tab "\\t" \return "\\r" \" "\\\"" \\ "\\\\"
   \formfeed "\\f" \backspace "\\b"})

(def char-name-string
  "Returns name string for char or nil if none"
  {\newline "newline" \tab "tab" \space "space" \backspace "backspace"
   \formfeed "formfeed" \return "return"})

(def ^:dynamic *clojure-version*
  {:major 1 :minor 11 :incremental 1 :qualifier nil})

(defn clojure-version
  "Returns clojure version as a printable string (the version of Clojure
  whose behaviour genera follows)."
  []
  (str (:major *clojure-version*) "." (:minor *clojure-version*)
       (when-let [i (:incremental *clojure-version*)] (str "." i))
       (when-let [q (:qualifier *clojure-version*)] (when (pos? (count q)) (str "-" q)))))

(defn test
  "test [v] finds fn at key :test in var metadata and calls it,
  presuming failure will throw exception"
  [v]
  (let [f (:test (meta v))]
    (if f
      (do (f) :ok)
      :no-test)))

(defn seq-to-map-for-destructuring
  "Builds a map from a seq as described in
  https://clojure.org/reference/special_forms#keyword-arguments"
  [s]
  (if (next s)
    (apply array-map s)
    (if (seq s) (first s) {})))

(defn xml-seq
  "A tree seq on the xml elements as per xml/parse"
  [root]
  (tree-seq
   (complement string?)
   (comp seq :content)
   root))

(def ^:private munge-chars
  {\- "_" \: "_COLON_" \+ "_PLUS_" \> "_GT_" \< "_LT_" \= "_EQ_" \~ "_TILDE_"
   \! "_BANG_" \@ "_CIRCA_" \# "_SHARP_" \' "_SINGLEQUOTE_" \" "_DOUBLEQUOTE_"
   \% "_PERCENT_" \^ "_CARET_" \& "_AMPERSAND_" \* "_STAR_" \| "_BAR_"
   \{ "_LBRACE_" \} "_RBRACE_" \[ "_LBRACK_" \] "_RBRACK_" \/ "_SLASH_"
   \\ "_BSLASH_" \? "_QMARK_"})

(defn munge
  "The name Clojure's compiler gives s in Java (a symbol gives a symbol)."
  [s]
  (let [m (apply str (map #(get munge-chars % %) (str s)))]
    (if (symbol? s) (symbol m) m)))

(defn namespace-munge
  "Convert a Clojure namespace name to a legal Java package name."
  [ns]
  (clojure.string/replace (str ns) \- \_))

;; Struct maps, as maps (their keys in order, then assoc'd ones).

(defn create-struct
  "Returns a structure basis object."
  [& keys]
  {::struct-keys (vec keys)})

(defmacro defstruct
  "Same as (def name (create-struct keys...))"
  [name & keys]
  `(def ~name (create-struct ~@keys)))

(defn struct-map
  "Returns a new structmap instance with the keys of the
  structure-basis. keyvals may contain all, some or none of the basis
  keys - where values are not supplied they will default to nil."
  [s & inits]
  (let [base (reduce (fn [m k] (assoc m k nil)) {} (::struct-keys s))]
    (reduce (fn [m [k v]] (assoc m k v)) base (partition 2 inits))))

(defn struct
  "Returns a new structmap instance with the keys of the
  structure-basis. vals must be supplied for basis keys in order."
  [s & vals]
  (let [ks (::struct-keys s)]
    (when (> (count vals) (count ks))
      (throw (IllegalArgumentException. "Too many arguments to struct constructor")))
    (reduce (fn [m [k v]] (assoc m k v))
            (reduce (fn [m k] (assoc m k nil)) {} ks)
            (map vector ks (concat vals (repeat nil))))))

(defn accessor
  "Returns a fn that, given an instance of a structmap with the basis,
  returns the value at the key."
  [s key]
  (when-not (some #{key} (::struct-keys s))
    (throw (IllegalArgumentException. "Not a key of struct")))
  (fn [m] (get m key)))

(defmacro definline
  "Experimental - like defmacro, except defines a named function whose
  body is the expansion, calls to which may be expanded inline as if
  it were a macro."
  [name & decl]
  (let [[pre-args [args expr]] (split-with (comp not vector?) decl)]
    `(do
       (defn ~name ~@pre-args ~args ~(apply (eval (list `fn args expr)) args))
       (alter-meta! (var ~name) assoc :inline (fn ~name ~args ~expr))
       (var ~name))))

(defn alter-meta!
  "Atomically sets the metadata for a namespace/var/ref/agent/atom to be:
  (apply f its-current-meta args). f must be free of side-effects"
  [iref f & args]
  (reset-meta! iref (apply f (meta iref) args)))

;; Declared, as in Clojure: syntax-quote reads ~x as (clojure.core/unquote x).
(declare unquote unquote-splicing)

(defn shutdown-agents
  "Initiates a shutdown of the thread pools that back the agent system.
  genera has no agents and no thread pools yet (a future runs its body when
  it is created), so there is nothing to shut down: scripts that end with
  (shutdown-agents) run unchanged."
  []
  nil)
