;; The second part of clojure.core: protocols, records, types and reify
;; (after Clojure's core_deftype.clj), over the natives of
;; crates/runtime/src/natives/types.rs.
;;
;; A protocol is a var holding a map, as in Clojure: :on (its name as a
;; symbol), :var, :sigs, :method-keys (simple method keyword -> the
;; qualified keyword that inline implementations are stored under) and
;; :impls (class -> map of simple method keywords to fns), where a class is
;; the symbol genera uses for a built-in class (java.lang.String), nil, or
;; a record/type descriptor. Each method is a fn over a dispatch cache.
;;
;; A record or type R is a var holding its descriptor; `(type r)` returns it
;; and `user.R` in code names the same var. Method bodies written inline see
;; the fields as locals: immutable ones are bound on entry to the method,
;; mutable ones (^:volatile-mutable, ^:unsynchronized-mutable) are read and
;; `set!` through the instance, so the change is seen by later calls.

(defn namespace-munge
  "Convert a Clojure namespace name to a legal Java package name."
  [ns] (clojure.string/replace (str ns) "-" "_"))

(defn- %method-arities
  "The arglists of a protocol signature (name [args]+ doc?) and its doc."
  [sig]
  (let [body (rest sig)
        doc (when (string? (last body)) (last body))
        arglists (vec (filter vector? body))]
    (when (empty? arglists)
      (throw (IllegalArgumentException.
              (str "Definition of function " (first sig) " in protocol must take at least one arg."))))
    [arglists doc]))

(defn- %protocol-method [pname sig]
  (let [mname (first sig)
        [arglists doc] (%method-arities sig)
        qkw (keyword (str *ns*) (name mname))
        kw (keyword (name mname))
        cache (gensym "cache")
        arities (map (fn [arglist]
                       (let [params (vec (map (fn [_] (gensym "p")) arglist))]
                         (when (empty? params)
                           (throw (IllegalArgumentException.
                                   (str "Definition of function " mname " in protocol " pname
                                        " must take at least one arg."))))
                         `(~params ((%proto-impl ~cache ~(first params)) ~@params))))
                     (distinct arglists))]
    `(def ~(with-meta mname (cond-> {:arglists (list 'quote (apply list arglists))
                                     :protocol (list 'var pname)}
                              doc (assoc :doc doc)))
       (let [~cache (%proto-cache (var ~pname) ~qkw ~kw)]
         (fn ~mname ~@arities)))))

(defmacro defprotocol
  "A protocol is a named set of named methods and their signatures:
  (defprotocol P \"doc\"? (method [this] [this x] \"doc\"?) ...)"
  [pname & opts+sigs]
  (let [doc (when (string? (first opts+sigs)) (first opts+sigs))
        sigs (filter seq? opts+sigs)
        sig-map (into {} (map (fn [sig]
                                (let [[arglists mdoc] (%method-arities sig)]
                                  [(keyword (name (first sig)))
                                   {:tag nil
                                    :name (list 'quote (first sig))
                                    :arglists (list 'quote (apply list arglists))
                                    :doc mdoc}]))
                              sigs))
        qname (symbol (str (namespace-munge *ns*) "." (name pname)))]
    `(do
       (def ~(if doc (vary-meta pname assoc :doc doc) pname)
         {:on '~qname
          :on-interface '~qname
          :var (var ~pname)
          :sigs ~sig-map
          :method-keys ~(into {} (map (fn [sig]
                                        [(keyword (name (first sig)))
                                         (keyword (str *ns*) (name (first sig)))])
                                      sigs))
          :method-builders {}
          :impls {}})
       ~@(map (fn [sig] (%protocol-method pname sig)) sigs)
       (%proto-changed!)
       '~pname)))

(defn- %protocol? [p]
  (and (map? p) (contains? p :method-keys) (contains? p :var)))

(defn- %class-str [atype]
  (if (%type-desc? atype) (str atype) (str "class " atype)))

(defn extend
  "Implementations of protocol methods can be provided using the extend construct:
  (extend AType AProtocol {:foo an-existing-fn :bar (fn [a b] ...)} ...)"
  [atype & proto+mmaps]
  (doseq [[proto mmap] (partition 2 proto+mmaps)]
    (when-not (%protocol? proto)
      (throw (IllegalArgumentException. (str proto " is not a protocol"))))
    (when (and (%type-desc? atype) (contains? (%type-methods atype) (:var proto)))
      (throw (IllegalArgumentException.
              (str (%class-str atype) " already directly implements interface "
                   (:on-interface proto) " for protocol:" (:var proto)))))
    (alter-var-root (:var proto) assoc-in [:impls atype] mmap))
  (%proto-changed!)
  nil)

(defn- %spec-arities
  "The arities of a method spec: (name [params] body...) or
  (name ([params] body...) ...)."
  [spec]
  (if (vector? (second spec))
    [(rest spec)]
    (rest spec)))

(defn- %group-methods
  "Method specs grouped by name, in order: ([name [arity ...]] ...)."
  [specs]
  (reduce (fn [acc spec]
            (let [n (first spec)
                  i (first (keep-indexed (fn [i [m _]] (when (= m n) i)) acc))]
              (if i
                (update-in acc [i 1] into (%spec-arities spec))
                (conj acc [n (vec (%spec-arities spec))]))))
          [] specs))

(defn- %parse-impls
  "specs: Proto method-spec* Proto method-spec* ... -> [[Proto [spec ...]] ...]."
  [specs]
  (loop [specs (seq specs) acc []]
    (if specs
      (let [p (first specs)
            [ms more] (split-with seq? (next specs))]
        (recur (seq more) (conj acc [p (vec ms)])))
      acc)))

(defn- %symbols-in [form]
  (cond (symbol? form) #{form}
        (seq? form) (if (= 'quote (first form)) #{} (reduce into #{} (map %symbols-in form)))
        (coll? form) (reduce into #{} (map %symbols-in (if (map? form) (mapcat identity form) form)))
        :else #{}))

(defn- %rewrite-mutable
  "Replaces reads and `set!`s of the mutable fields (symbol -> index) in
  form by field accesses on this."
  [form this idx]
  (let [rw (fn [x] (%rewrite-mutable x this idx))]
    (cond (symbol? form) (if (contains? idx form) (list 'clojure.core/%field this (idx form)) form)
          (seq? form) (cond (= 'quote (first form)) form
                            (and (= 'set! (first form)) (contains? idx (second form)))
                            (list 'clojure.core/%set-field! this (idx (second form)) (rw (nth form 2)))
                            :else (apply list (map rw form)))
          (vector? form) (vec (map rw form))
          (map? form) (into {} (map (fn [[k v]] [(rw k) (rw v)]) form))
          (set? form) (set (map rw form))
          :else form)))

(defn- %field-name [f] (symbol (name f)))

(defn- %mutable? [f]
  (let [m (meta f)] (boolean (or (:volatile-mutable m) (:unsynchronized-mutable m)))))

(defn- %emit-arity
  "One arity of an inline method: fields (symbols, in order) in scope."
  [fields [params & body]]
  (let [this (first params)
        shadowed (set params)
        used (%symbols-in body)
        idx (into {} (map-indexed (fn [i f] [(%field-name f) i]) fields))
        mutable (into {} (keep (fn [f] (let [n (%field-name f)]
                                         (when (and (%mutable? f) (not (shadowed n)))
                                           [n (idx n)])))
                               fields))
        binds (mapcat (fn [f]
                        (let [n (%field-name f)]
                          (when (and (used n) (not (shadowed n)) (not (mutable n)))
                            [n (list 'clojure.core/%field this (idx n))])))
                      fields)
        body (if (empty? mutable) body (map (fn [x] (%rewrite-mutable x this mutable)) body))]
    (if (seq binds)
      `(~params (let [~@binds] ~@body))
      `(~params ~@body))))

(defn- %emit-methods
  "The inline methods of a type as a vector [[Proto {:m fn ...}] ...]."
  [fields specs]
  (vec (map (fn [[p ms]]
              [p (into {} (map (fn [[mname arities]]
                                 [(keyword (name mname))
                                  `(fn ~(symbol (str "." (name mname))) ~@(map (fn [a] (%emit-arity fields a)) arities))])
                               (%group-methods ms)))])
            (%parse-impls specs))))

(defn- %object-methods
  "Object's toString, the one JVM method genera's types can define: str
  (and the #object[...] printing of types) uses it."
  [type-name acc mmap]
  (reduce (fn [acc [k f]]
            (when-not (= k :toString)
              (throw (IllegalArgumentException.
                      (str "genera: " type-name " can define only toString of Object, not "
                           (name k) " (equality and hashing of deftypes are identity)"))))
            (assoc acc :java.lang.Object/toString f))
          acc mmap))

(defn- %ifn-methods
  "clojure.lang.IFn's invoke (any arities): calling the instance calls it
  with the instance first, as on the JVM."
  [type-name acc mmap]
  (reduce (fn [acc [k f]]
            (when-not (= k :invoke)
              (throw (IllegalArgumentException.
                      (str "genera: " type-name " can define only invoke of clojure.lang.IFn, not "
                           (name k)))))
            (assoc acc :clojure.lang.IFn/invoke f))
          acc mmap))

(def ^:private %interfaces
  "The clojure.lang interfaces genera's types can implement, with their
  methods: clojure.core's functions on an instance call these (deref, get
  and keyword lookup, count, seq, realized?), as on the JVM."
  '{clojure.lang.IDeref #{:deref}
    clojure.lang.ILookup #{:valAt}
    clojure.lang.Counted #{:count}
    clojure.lang.Seqable #{:seq}
    clojure.lang.IPending #{:isRealized}})

(defn- %interface-methods
  [type-name acc p mmap]
  (reduce (fn [acc [k f]]
            (when-not (contains? (get %interfaces p) k)
              (throw (IllegalArgumentException.
                      (str "genera: " type-name " can define only "
                           (clojure.string/join ", " (map name (get %interfaces p)))
                           " of " p ", not " (name k)))))
            (assoc acc (keyword (str p) (name k)) f))
          (assoc acc (keyword (str p)) true)
          mmap))

(defn- %protocol-methods [type-name acc p mmap]
            (when-not (%protocol? p)
              (throw (IllegalArgumentException.
                      (str "genera: " type-name " can implement only protocols, and "
                           (if (symbol? p) p (pr-str p))
                           " is not one (Java interfaces are JVM-only; "
                           "define a protocol with defprotocol instead)"))))
            (reduce (fn [acc [k f]]
                      (let [qk (get (:method-keys p) k)]
                        (when-not qk
                          (throw (IllegalArgumentException.
                                  (str "Can't define method not in interfaces: " (name k)))))
                        (assoc acc qk f)))
                    (assoc acc (:var p) true)
                    mmap))

(defn %inline-methods
  "Used by defrecord, deftype and reify: the methods map of a type from
  [[protocol {:method fn}] ...], keyed by qualified method keywords, with
  each protocol's var mapped to true."
  [type-name impls]
  (reduce (fn [acc [p mmap]]
            (cond (= p 'java.lang.Object) (%object-methods type-name acc mmap)
                  (= p 'clojure.lang.IFn) (%ifn-methods type-name acc mmap)
                  (contains? %interfaces p) (%interface-methods type-name acc p mmap)
                  :else (%protocol-methods type-name acc p mmap)))
          {} impls))

(defn- %type-sym [tname]
  (symbol (str (namespace-munge *ns*) "." tname)))

(defn- %check-fields [what fields]
  (when-not (and (vector? fields) (every? symbol? fields))
    (throw (IllegalArgumentException. (str what " fields must be a vector of symbols")))))

(defn- %factory-inline
  "The attr map of a positional factory ->T: calls of it with one argument
  per field expand inline to (%new T fields...), an allocation the compiler
  sees, so a record taken apart and rebuilt can reuse its memory in place."
  [tname fields]
  (let [tvar (symbol (str *ns*) (str tname))]
    {:inline `(fn [~@fields] (list '%new '~tvar ~@fields))
     :inline-arities #{(count fields)}}))

(defmacro defrecord
  "(defrecord Name [fields*] Protocol (method [this args*] body)* ...)"
  [tname fields & opts+specs]
  (%check-fields "defrecord" fields)
  (let [fields (vec (map %field-name fields))
        specs (drop-while (complement symbol?) opts+specs)]
    `(do
       (def ~tname (%make-type '~(%type-sym tname) :record '~fields))
       (defn ~(symbol (str "->" tname))
         ~(str "Positional factory function for class " (%type-sym tname) ".")
         ~(%factory-inline tname fields)
         ~fields (%new ~tname ~@fields))
       (defn ~(symbol (str "map->" tname))
         ~(str "Factory function for class " (%type-sym tname) ", taking a map of keywords to field values.")
         [m#] (%map->record ~tname m#))
       (%set-type-methods! ~tname (%inline-methods '~tname ~(%emit-methods fields specs)))
       ~tname)))

(defmacro deftype
  "(deftype Name [fields*] Protocol (method [this args*] body)* ...)"
  [tname fields & opts+specs]
  (%check-fields "deftype" fields)
  (let [specs (drop-while (complement symbol?) opts+specs)
        plain (vec (map %field-name fields))]
    `(do
       (def ~tname (%make-type '~(%type-sym tname) :type '~plain))
       (defn ~(symbol (str "->" tname))
         ~(str "Positional factory function for class " (%type-sym tname) ".")
         ~(%factory-inline tname plain)
         ~plain (%new ~tname ~@plain))
       (%set-type-methods! ~tname (%inline-methods '~tname ~(%emit-methods fields specs)))
       ~tname)))

(defmacro reify
  "(reify Protocol (method [this args*] body)* ...): an object implementing
  protocols, whose methods close over the locals in scope."
  [& specs]
  (let [tname (symbol (str (namespace-munge *ns*) "$" (gensym "reify__")))]
    `(%reify (%make-type '~tname :reify [])
             (%inline-methods 'reify ~(%emit-methods [] specs)))))

(defn- %extend-specs [specs]
  (vec (mapcat (fn [[p ms]]
                 [p (into {} (map (fn [[mname arities]]
                                    [(keyword (name mname)) `(fn ~(symbol (str "." (name mname))) ~@arities)])
                                  (%group-methods ms)))])
               (%parse-impls specs))))

(defmacro extend-type
  "(extend-type AType Protocol (method [this args*] body)* ...)"
  [t & specs]
  `(extend ~t ~@(%extend-specs specs)))

(defmacro extend-protocol
  "(extend-protocol P AType (method [this] ...) BType (method [this] ...) ...)"
  [p & specs]
  (let [groups (loop [specs (seq specs) acc []]
                 (if specs
                   (let [t (first specs)
                         [ms more] (split-with seq? (next specs))]
                     (recur (seq more) (conj acc [t ms])))
                   acc))]
    `(do ~@(map (fn [[t ms]] `(extend-type ~t ~p ~@ms)) groups) nil)))

(defn satisfies?
  "Returns true if x satisfies the protocol"
  [protocol x]
  (%satisfies? (:var protocol) x))

(defn extends?
  "Returns true if atype extends protocol"
  [protocol atype]
  (boolean (or (and (%type-desc? atype) (contains? (%type-methods atype) (:var protocol)))
               (contains? (:impls protocol) atype))))

(defn extenders
  "Returns a collection of the types explicitly extending protocol"
  [protocol]
  (keys (:impls protocol)))

(defn find-protocol-impl [protocol x]
  (let [p (:var protocol)]
    (when-let [mk (first (vals (:method-keys protocol)))]
      (%find-protocol-impl p mk (keyword (name mk)) x))))

(defmacro definterface [& _]
  (throw (IllegalArgumentException.
          "genera: definterface is JVM-only; use defprotocol (and defrecord/deftype/reify to implement it)")))

(defmacro proxy [& _]
  (throw (IllegalArgumentException.
          "genera: proxy is JVM-only; use reify with a protocol (defprotocol) instead")))

(defmacro gen-class [& _]
  (throw (IllegalArgumentException.
          "genera: gen-class is JVM-only; use defrecord/deftype with protocols, and -main for entry points")))

;; print-method: a multimethod on type. A method for a record or type
;; (defmethod print-method R [r w] ...) is also registered with the type,
;; so pr/print/str of its instances (also inside collections) use it. The
;; writer w is the current output: (.write w "text") writes to it.
(defmulti print-method (fn [x writer] (type x)))

(defmethod print-method :default [x w] (%write w (pr-str x)))

(add-watch (multi-methods (var print-method)) ::types
           (fn [_ _ old new]
             (doseq [[k _] (:methods old)]
               (when (not (contains? (:methods new) k))
                 (cond (%type-desc? k) (%set-type-printer! k nil)
                       (symbol? k) (%set-class-printed! k false))))
             (doseq [[k f] (:methods new)]
               (cond (%type-desc? k) (%set-type-printer! k f)
                     ;; A built-in class (java.util.UUID, java.lang.Long):
                     ;; printing its values calls print-method.
                     (symbol? k) (%set-class-printed! k true)))))

(defn print-simple
  "Writes (str o) to writer w, after o's metadata when *print-meta* is on."
  [o w]
  (when-let [m (and *print-meta* (meta o))]
    (%write w "^")
    (%write w (pr-str m))
    (%write w " "))
  (%write w (str o)))
