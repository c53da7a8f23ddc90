;; clojure.edn: reading edn (extensible data notation) without evaluation,
;; written in genera. Follows Clojure 1.11's clojure.edn / EdnReader:
;; read-string takes an opts map with :eof, :readers and :default; tagged
;; literals call the reader fn for their tag (from :readers, else
;; default-data-readers (#inst, #uuid), else :default, else the error "No
;; reader function for tag foo").
;;
;; The structure (collections, tags, discards, comments) is read here; each
;; atom (number, string, character, symbol, keyword) is handed to the core
;; `read-string`, which reads genera's literal syntax.
;;
;; Differences: genera has no java.io readers, so `read` takes no reader
;; (it throws a clear error).
(ns clojure.edn
  (:refer-clojure :exclude [read read-string]))

(defn- ws? [c]
  (or (= c \space) (= c \,) (= c \newline) (= c \tab) (= c \return)
      (= c \formfeed)))

(defn- delim? [c]
  (or (ws? c) (= c \() (= c \)) (= c \[) (= c \]) (= c \{) (= c \})
      (= c \") (= c \;)))

(defn- err [msg] (throw (ex-info msg {:type :reader-exception})))

(defn- skip-ws
  "The index of the next character of s at or after i that is not
  whitespace or inside a comment."
  [s i]
  (let [n (count s)]
    (loop [i i]
      (if (< i n)
        (let [c (nth s i)]
          (cond
            (ws? c) (recur (inc i))
            (= c \;) (recur (loop [j i]
                              (if (and (< j n) (not= (nth s j) \newline))
                                (recur (inc j))
                                j)))
            :else i))
        i))))

(defn- token-end [s i]
  (let [n (count s)]
    (loop [j i]
      (if (and (< j n) (not (delim? (nth s j)))) (recur (inc j)) j))))

(defn- read-atom [text]
  (let [c (nth text 0)]
    (cond
      (clojure.string/starts-with? text "::") (err (str "Invalid token: " text))
      (or (= c \@) (= c \~) (= c \`)) (err (str "Invalid leading character: " c))
      ;; ' is a constituent character in edn, not quote
      (= c \') (symbol text)
      :else (clojure.core/read-string text))))

(defn- read-map
  "A map of `kvs` as the reader makes one (RT.map): an array map up to 8
  entries, else a hash map."
  [kvs]
  (if (<= (count kvs) 16) (apply array-map kvs) (apply hash-map kvs)))

(defn- namespace-map
  "The map of #:ns{...}: unqualified keyword and symbol keys get namespace
  ns, keys in the namespace _ lose theirs."
  [ns items]
  (read-map
         (mapcat (fn [[k v]]
                   [(cond
                      (and (keyword? k) (nil? (namespace k))) (keyword ns (name k))
                      (and (keyword? k) (= "_" (namespace k))) (keyword (name k))
                      (and (symbol? k) (nil? (namespace k))) (symbol ns (name k))
                      (and (symbol? k) (= "_" (namespace k))) (symbol (name k))
                      :else k)
                    v])
                 (partition 2 items))))

(defn- string-end
  "Index just past the closing quote of the string starting at i."
  [s i]
  (let [n (count s)]
    (loop [j (inc i)]
      (cond
        (>= j n) (err "EOF while reading string")
        (= (nth s j) \\) (recur (+ j 2))
        (= (nth s j) \") (inc j)
        :else (recur (inc j))))))

(declare read-next)

;; Markers for "no value here": a closing delimiter, end of input.
(def ^:private CLOSE (symbol "edn--close"))
(def ^:private EOF (symbol "edn--eof"))

(defn- read-delimited
  "Reads forms until the closing character `close`; returns [items next-i]."
  [s i close opts]
  (loop [i i items []]
    (let [i (skip-ws s i)]
      (if (>= i (count s))
        (err "EOF while reading")
        (if (= (nth s i) close)
          [items (inc i)]
          (let [[v j] (read-next s i opts true)]
            (cond
              ;; a discard (#_) just before the end
              (identical? v CLOSE) (if (= (nth s j) close)
                                     [items (inc j)]
                                     (err (str "Unmatched delimiter: " (nth s j))))
              (identical? v EOF) (err "EOF while reading")
              :else (recur j (conj items v)))))))))

(defn- check-distinct [items what]
  (loop [seen #{} xs (seq items)]
    (when xs
      (let [x (first xs)]
        (when (contains? seen x)
          (err (str "Duplicate key: " (pr-str x))))
        (recur (conj seen x) (next xs))))))

(defn- tagged [tag value opts]
  (let [f (or (get (:readers opts) tag)
              (get default-data-readers tag)
              (let [d (:default opts)] (when d #(d tag %))))]
    (if f
      (f value)
      (err (str "No reader function for tag " tag)))))

(defn- read-next
  "Reads one form of s from i: returns [value next-i]; value is CLOSE at a
  closing delimiter and EOF at the end of the input."
  [s i opts in-coll]
  (let [i (skip-ws s i)
        n (count s)]
    (if (>= i n)
      [EOF i]
      (let [c (nth s i)]
        (cond
          (= c \() (let [[items j] (read-delimited s (inc i) \) opts)]
                     [(apply list items) j])
          (= c \[) (let [[items j] (read-delimited s (inc i) \] opts)]
                     [items j])
          (= c \{) (let [[items j] (read-delimited s (inc i) \} opts)]
                     (when (odd? (count items))
                       (err "Map literal must contain an even number of forms"))
                     (check-distinct (take-nth 2 items) "key")
                     [(read-map items) j])
          (or (= c \)) (= c \]) (= c \}))
          (if in-coll
            [CLOSE i]
            (err (str "Unmatched delimiter: " c)))
          (= c \") (let [j (string-end s i)]
                     [(clojure.core/read-string (subs s i j)) j])
          (= c \\) (let [j (token-end s (+ i 2))]
                     (when (> (+ i 1) (dec n)) (err "EOF while reading character"))
                     [(clojure.core/read-string (subs s i j)) j])
          (= c \^) (let [[m j] (read-next s (inc i) opts false)
                         _ (when (identical? m EOF) (err "EOF while reading"))
                         [v k] (read-next s j opts false)
                         m (cond (map? m) m
                                 (or (symbol? m) (string? m)) {:tag m}
                                 (keyword? m) {m true}
                                 :else (err "Metadata must be Symbol,Keyword,String or Map"))]
                     (when (identical? v EOF) (err "EOF while reading"))
                     [(vary-meta v merge m) k])
          (= c \#)
          (if (>= (inc i) n)
            (err "EOF while reading")
            (let [d (nth s (inc i))]
              (cond
                (= d \{) (let [[items j] (read-delimited s (+ i 2) \} opts)]
                           (check-distinct items "key")
                           [(set items) j])
                (= d \_) (let [[v j] (read-next s (+ i 2) opts false)]
                           (when (identical? v EOF) (err "EOF while reading"))
                           (read-next s j opts in-coll))
                (= d \:) (let [j (token-end s (+ i 2))
                               ns (subs s (+ i 2) j)
                               k (skip-ws s j)]
                           (when (or (= ns "") (>= k n) (not= (nth s k) \{))
                             (err "Namespaced map must specify a map"))
                           (let [[items j] (read-delimited s (inc k) \} opts)]
                             (when (odd? (count items))
                               (err "Namespaced map literal must contain an even number of forms"))
                             (check-distinct (take-nth 2 items) "key")
                             [(namespace-map ns items) j]))
                (= d \#) (let [j (token-end s (+ i 2))]
                           [(clojure.core/read-string (subs s i j)) j])
                (or (delim? d) (= d \") (= d \() (= d \') (= d \=) (= d \^))
                (err (str "No dispatch macro for: " d))
                :else
                (let [j (token-end s (inc i))
                      tag (read-atom (subs s (inc i) j))]
                  (when-not (symbol? tag)
                    (err "Reader tag must be a symbol"))
                  (let [[v k] (read-next s j opts false)]
                    (when (identical? v EOF) (err "EOF while reading"))
                    [(tagged tag v opts) k])))))
          :else
          (let [j (token-end s i)]
            [(read-atom (subs s i j)) j]))))))

(defn read-string
  "Reads one object from the string s. Returns nil when s is nil.
  Returns the value of :eof from opts (else throws) at the end of input.

  opts is a map that can include the following keys:
  :eof - value to return on end-of-file. When not supplied, eof throws an exception.
  :readers  - a map of tag symbols to data-reader functions to be considered before default-data-readers.
  :default - A function of two args, that will, if present and no reader is found for a tag,
             be called with the tag and the value."
  ([s] (read-string {:eof nil} s))
  ([opts s]
   (when s
     (let [[v _] (read-next s 0 opts false)]
       (if (identical? v EOF)
         (if (contains? opts :eof)
           (:eof opts)
           (err "EOF while reading"))
         v)))))

(defn read
  "Reads the next object from stream, which must be an instance of
  java.io.PushbackReader. genera has no reader (stream) objects yet, so this
  throws; use clojure.edn/read-string."
  ([] (read nil))
  ([stream] (read {} stream))
  ([opts stream]
   (throw (ex-info "clojure.edn/read: genera has no java.io readers (PushbackReader) yet; use clojure.edn/read-string"
                   {:stream stream}))))
