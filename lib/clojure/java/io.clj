(ns clojure.java.io
  "A minimal clojure.java.io over paths: reader, writer, file. Files are
  represented by their path strings (genera has no java.io.File); see
  docs/differences.md.")

(defn file
  "Returns a file (its path string) for the given path, joining parents
  and children with /."
  ([arg] (str arg))
  ([parent child] (str parent "/" child))
  ([parent child & more] (reduce file (file parent child) more)))

(defn as-file
  "The file (path) x names, or nil for nil."
  [x]
  (when x (str x)))

(defn reader
  "A reader over x: a reader stream is returned as is; a string is a file
  path. Options such as :encoding are accepted and ignored (UTF-8)."
  [x & opts]
  (if (clojure.core/%stream? x)
    x
    (clojure.core/%file-reader (str x))))

(defn writer
  "A writer over x: a writer stream is returned as is; a string is a file
  path, truncated unless :append is true."
  [x & opts]
  (if (clojure.core/%stream? x)
    x
    (clojure.core/%file-writer (str x) (boolean (:append (apply hash-map opts))))))

(defn delete-file
  "Delete file f. If silently is nil or false, raise an exception on failure,
  else return the value of silently."
  ([f] (delete-file f false))
  ([f silently]
   (if (clojure.core/%delete-file (str f) silently)
     true
     silently)))

(defn make-parents
  "Unsupported: genera cannot create directories yet."
  [& _]
  (throw (UnsupportedOperationException.
          "clojure.java.io/make-parents is not supported yet")))
