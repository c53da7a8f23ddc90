;; clojure.data: non-core data functions (diff), written in genera.
;; Follows Clojure 1.11's clojure.data (by Stuart Halloway). Clojure
;; dispatches on two protocols (EqualityPartition, Diff) extended to Java's
;; Set, List and Map interfaces; genera has no protocols yet, so the same
;; partition is a cond over set?, sequential? and map?.
(ns clojure.data
  (:require [clojure.set :as set]))

(declare diff)

(defn- atom-diff
  "Internal helper for diff."
  [a b]
  (if (= a b) [nil nil a] [a b nil]))

(defn- vectorize
  "Convert an associative-by-numeric-index collection into
   an equivalent vector, with nil for any missing keys"
  [m]
  (when (seq m)
    (reduce
     (fn [result [k v]] (assoc result k v))
     (vec (repeat (apply max (keys m)) nil))
     m)))

(defn- diff-associative-key
  "Diff associative things a and b, comparing only the key k."
  [a b k]
  (let [va (get a k)
        vb (get b k)
        [a* b* ab] (diff va vb)
        in-a (contains? a k)
        in-b (contains? b k)
        same (and in-a in-b
                  (or (not (nil? ab))
                      (and (nil? va) (nil? vb))))]
    [(when (and in-a (or (not (nil? a*)) (not same))) {k a*})
     (when (and in-b (or (not (nil? b*)) (not same))) {k b*})
     (when same {k ab})]))

(defn- diff-associative
  "Diff associative things a and b, comparing only keys in ks."
  [a b ks]
  (reduce
   (fn [diff1 diff2]
     (doall (map merge diff1 diff2)))
   [nil nil nil]
   (map
    (partial diff-associative-key a b)
    ks)))

(defn- diff-sequential
  [a b]
  (vec (map vectorize (diff-associative
                       (if (vector? a) a (vec a))
                       (if (vector? b) b (vec b))
                       (range (max (count a) (count b)))))))

(defn equality-partition
  "Implementation detail. Subject to change."
  [x]
  (cond
    (nil? x) :atom
    (set? x) :set
    (sequential? x) :sequential
    (map? x) :map
    :else :atom))

(defn- as-set-value
  [s]
  (if (set? s) s (into #{} s)))

(defn- key-union
  "clojure.set/union of two key seqs, as Clojure computes it (conj onto the
  longer seq), so that result maps are built in the same key order."
  [s1 s2]
  (if (< (count s1) (count s2))
    (reduce conj s2 s1)
    (reduce conj s1 s2)))

(defn diff-similar
  "Implementation detail. Subject to change."
  [a b]
  (case (equality-partition a)
    :set (let [aval (as-set-value a)
               bval (as-set-value b)]
           [(not-empty (set/difference aval bval))
            (not-empty (set/difference bval aval))
            (not-empty (set/intersection aval bval))])
    :sequential (diff-sequential a b)
    :map (diff-associative a b (key-union (keys a) (keys b)))
    (atom-diff a b)))

(defn diff
  "Recursively compares a and b, returning a tuple of
  [things-only-in-a things-only-in-b things-in-both].
  Comparison rules:

  * For equal a and b, return [nil nil a].
  * Maps are subdiffed where keys match and values differ.
  * Sets are never subdiffed.
  * All sequential things are treated as associative collections
    by their indexes, with results returned as vectors.
  * Everything else (including strings!) is treated as
    an atom and compared for equality."
  [a b]
  (if (= a b)
    [nil nil a]
    (if (= (equality-partition a) (equality-partition b))
      (diff-similar a b)
      (atom-diff a b))))
