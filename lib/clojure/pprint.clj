;; clojure.pprint: pretty printing of data, print-table and a subset of
;; cl-format, written in genera. Follows Clojure 1.11's clojure.pprint.
;;
;; pprint lays data out as Clojure's pretty writer (an XP-style printer) does
;; with the simple (data) dispatch: each collection is a logical block and
;; the separators between its elements are linear newlines. A linear newline
;; breaks when its block has broken already (or a block inside it has), or
;; when the rest of the block, and what follows it up to the next newline of
;; an enclosing block, does not fit before *print-right-margin*. Clojure's
;; writer reaches these decisions by streaming through a buffer; genera
;; builds the token list first and decides each newline in order, which
;; gives the same layout.
;;
;; Missing: the code dispatch (code-dispatch, formatting of defn/let/...),
;; with-pprint-dispatch and set-pprint-dispatch (they throw), :miser and :fill
;; newlines (data printing uses none), pprint-logical-block and
;; pprint-newline for user dispatch functions, and most cl-format directives
;; (supported: ~a ~s ~d ~b ~o ~x with a minimum column, ~% ~& ~~ ~{ ~} ~^
;; ~[ ~; ~] ~:[ ~@[ ~* ~p ~c ~f).
(ns clojure.pprint
  (:require [clojure.string :as str]))

(def ^:dynamic *print-right-margin*
  "Pretty printing will try to avoid anything going beyond this column."
  72)

(def ^:dynamic *print-miser-width*
  "The column at which to enter miser style (unused by data printing)."
  40)

(def ^:dynamic *print-pretty* true)
(def ^:dynamic *print-suppress-namespaces* nil)
(def ^:dynamic *print-radix* nil)
(def ^:dynamic *print-base* 10)

;; ---------------------------------------------------------------------------
;; Tokens: [:text s trailing-ws] [:start block prefix] [:end block suffix]
;; [:nl block]; blocks are numbers, parents[block] their enclosing block.

(defn- reader-macro [x]
  (when (and (seq? x) (seq x) (symbol? (first x)) (= 2 (count x)))
    (case (first x)
      quote "'"
      clojure.core/deref "@"
      var "#'"
      clojure.core/unquote "~"
      nil)))

(defn- tokens
  "The token vector and the parents vector of x's layout."
  [x]
  (let [toks (volatile! [])
        parents (volatile! [nil])
        emit! (fn [t] (vswap! toks conj t))
        level (volatile! 0)]
    (letfn [(text! [s ws] (emit! [:text s ws]))
            (block! [parent prefix suffix body]
              (let [b (count @parents)]
                (vswap! parents conj parent)
                (emit! [:start b prefix])
                (body b)
                (emit! [:end b suffix])))
            (elements! [b xs]
              (loop [xs (seq xs) n 0]
                (when xs
                  (if (and *print-length* (>= n *print-length*))
                    (text! "..." "")
                    (do
                      (out! b (first xs))
                      (when (next xs)
                        (text! "" " ")
                        (emit! [:nl b])
                        (recur (next xs) (inc n))))))))
            (coll! [parent prefix suffix xs]
              (if (and *print-level* (>= @level *print-level*))
                (text! "#" "")
                (do
                  (vswap! level inc)
                  (block! parent prefix suffix #(elements! % xs))
                  (vswap! level dec))))
            (out! [parent x]
              (cond
                (and (seq? x) (reader-macro x))
                (do (text! (reader-macro x) "") (out! parent (second x)))
                (map? x)
                (if (and *print-level* (>= @level *print-level*))
                  (text! "#" "")
                  (do
                    (vswap! level inc)
                    (block! parent "{" "}"
                            (fn [b]
                              (loop [es (seq x) n 0]
                                (when es
                                  (if (and *print-length* (>= n *print-length*))
                                    (text! "..." "")
                                    (let [[k v] (first es)]
                                      (block! b nil nil
                                              (fn [eb]
                                                (out! eb k)
                                                (text! "" " ")
                                                (emit! [:nl eb])
                                                (out! eb v)))
                                      (when (next es)
                                        (text! "," " ")
                                        (emit! [:nl b])
                                        (recur (next es) (inc n)))))))))
                    (vswap! level dec)))
                (vector? x) (coll! parent "[" "]" x)
                (set? x) (coll! parent "#{" "}" x)
                (or (seq? x) (list? x)) (coll! parent "(" ")" x)
                :else (text! (pr-str x) "")))]
      (out! 0 x)
      [@toks @parents])))

(defn- strict-ancestor? [parents p c]
  (loop [c (nth parents c)]
    (cond (nil? c) false
          (= c p) true
          :else (recur (nth parents c)))))

(defn- token-length [t]
  (case (nth t 0)
    :text (+ (count (nth t 1)) (count (nth t 2)))
    :start (count (or (nth t 2) ""))
    :end (count (or (nth t 2) ""))
    0))

(defn- section-length
  "Length of the tokens after the newline at i, up to the next newline of a
  block enclosing its block."
  [toks parents i]
  (let [b (nth (nth toks i) 1)
        n (count toks)]
    (loop [j (inc i) len 0]
      (if (>= j n)
        len
        (let [t (nth toks j)]
          (if (and (= :nl (nth t 0)) (strict-ancestor? parents (nth t 1) b))
            len
            (recur (inc j) (+ len (token-length t)))))))))

(defn- layout
  "The text of the tokens laid out within the right margin, starting at
  column col."
  [[toks parents] col]
  (let [margin *print-right-margin*
        n (count toks)
        sb (volatile! [])
        out! (fn [s] (vswap! sb conj s))]
    (loop [i 0 col col ws nil indent {} done #{}]
      (if (>= i n)
        (do (when ws (out! ws)) (apply str @sb))
        (let [t (nth toks i)
              flush-ws (fn [] (when ws (out! ws)) (+ col (count (or ws ""))))]
          (case (nth t 0)
            :text (let [col (flush-ws)
                        s (nth t 1)
                        w (nth t 2)]
                    (out! s)
                    (recur (inc i) (+ col (count s)) (when (seq w) w) indent done))
            :start (let [col (flush-ws)
                         p (or (nth t 2) "")]
                     (out! p)
                     (recur (inc i) (+ col (count p)) nil
                            (assoc indent (nth t 1) (+ col (count p))) done))
            :end (let [col (flush-ws)
                       s (or (nth t 2) "")]
                   (out! s)
                   (recur (inc i) (+ col (count s)) nil indent done))
            :nl (let [b (nth t 1)
                      brk (or (contains? done b)
                              (and margin
                                   (not (< (+ col (section-length toks parents i))
                                           margin))))]
                  (if brk
                    (let [ind (get indent b 0)]
                      (out! "\n")
                      (out! (apply str (repeat ind " ")))
                      (recur (inc i) ind nil indent
                             (loop [d (conj done b) p (nth parents b)]
                               (if p (recur (conj d p) (nth parents p)) d))))
                    (recur (inc i) (flush-ws) nil indent done)))))))))

(defn- pretty-str [x]
  (layout (tokens x) 0))

(defn pprint
  "Pretty print object to the optional output writer. If the writer is not
  provided, print the object to the currently bound value of *out*.
  genera has no writers: a writer argument is not supported."
  ([object]
   (print (pretty-str object))
   (newline))
  ([object writer]
   (if (or (nil? writer) (true? writer))
     (pprint object)
     (throw (ex-info "clojure.pprint/pprint: genera has no writers; call (pprint object)"
                     {:writer writer})))))

(defn pp
  "A convenience macro that pretty prints the last thing output. This is
  exactly equivalent to (pprint *1)."
  []
  (pprint (var-get (resolve 'clojure.core/*1))))

(defn write
  "Write an object subject to the current bindings of the printer control
  variables. genera supports the keyword arguments :stream (nil: return
  a string; true or absent: print), :pretty and :right-margin."
  [object & kw-args]
  (let [opts (apply hash-map kw-args)
        s (binding [*print-right-margin* (get opts :right-margin *print-right-margin*)]
            (if (get opts :pretty *print-pretty*) (pretty-str object) (pr-str object)))]
    (if (and (contains? opts :stream) (nil? (:stream opts)))
      s
      (do (print s) nil))))

(defn with-pprint-dispatch-unsupported [& _]
  (throw (ex-info "clojure.pprint: dispatch tables (with-pprint-dispatch, set-pprint-dispatch, code-dispatch) are not supported in genera yet"
                  {})))

(defmacro with-pprint-dispatch
  "Not supported in genera yet: throws."
  [function & body]
  `(with-pprint-dispatch-unsupported ~function))

(defn set-pprint-dispatch
  "Not supported in genera yet: throws."
  [function]
  (with-pprint-dispatch-unsupported function))

(def code-dispatch :code-dispatch)
(def simple-dispatch :simple-dispatch)

;; ---------------------------------------------------------------------------
;; print-table

(defn print-table
  "Prints a collection of maps in a textual table. Prints table headings
   ks, and then a line of output for each row, corresponding to the keys
   in ks. If ks are not specified, use the keys of the first item in rows."
  ([ks rows]
   (when (seq rows)
     (let [widths (map
                   (fn [k]
                     (apply max (count (str k)) (map #(count (str (get % k))) rows)))
                   ks)
           spacers (map #(apply str (repeat % "-")) widths)
           fmts (map #(str "%" % "s") widths)
           fmt-row (fn [leader divider trailer row]
                     (str leader
                          (apply str (interpose divider
                                                (for [[col fmt] (map vector (map #(get row %) ks) fmts)]
                                                  (format fmt (str col)))))
                          trailer))]
       (println)
       (println (fmt-row "| " " | " " |" (zipmap ks ks)))
       (println (fmt-row "|-" "-+-" "-|" (zipmap ks spacers)))
       (doseq [row rows]
         (println (fmt-row "| " " | " " |" row))))))
  ([rows] (print-table (keys (first rows)) rows)))

;; ---------------------------------------------------------------------------
;; cl-format (a subset)

(defn- format-error [msg s]
  (throw (ex-info (str "cl-format: " msg " in control string \"" s "\"") {})))

(defn- parse-directive
  "Parses the directive after the ~ at i: returns
  {:params [..] :colon b :at b :char c :end index-after}."
  [s i]
  (let [n (count s)]
    (loop [j (inc i) params [] cur "" colon false at false]
      (when (>= j n) (format-error "unterminated directive" s))
      (let [c (nth s j)]
        (cond
          (or (<= (int \0) (int c) (int \9)) (and (= c \-) (= cur "")))
          (recur (inc j) params (str cur c) colon at)
          (= c \')
          (recur (+ j 2) params (str "'" (nth s (inc j))) colon at)
          (= c \,)
          (recur (inc j) (conj params cur) "" colon at)
          (= c \:) (recur (inc j) params cur true at)
          (= c \@) (recur (inc j) params cur colon true)
          :else
          {:params (let [ps (conj params cur)]
                     (mapv (fn [p] (cond (= p "") nil
                                         (str/starts-with? p "'") (nth p 1)
                                         :else (parse-long p)))
                           ps))
           :colon colon :at at :char (first (str/lower-case (str c))) :end (inc j)})))))

(defn- find-close
  "Index of the ~ of the directive closing the group opened before i
  (close is \\} or \\]), skipping nested groups; also the indices of ~; at
  this level."
  [s i open close]
  (let [n (count s)]
    (loop [j i depth 0 seps []]
      (when (>= j n) (format-error (str "no closing ~" close) s))
      (if (= (nth s j) \~)
        (let [d (parse-directive s j)
              c (:char d)]
          (cond
            (= c open) (recur (:end d) (inc depth) seps)
            (and (= c close) (zero? depth)) [j seps d]
            (= c close) (recur (:end d) (dec depth) seps)
            (and (= c \;) (zero? depth)) (recur (:end d) depth (conj seps [j d]))
            :else (recur (:end d) depth seps)))
        (recur (inc j) depth seps)))))

(defn- pad [s mincol left?]
  (let [s (str s)
        k (- (or mincol 0) (count s))]
    (if (pos? k)
      (if left? (str (apply str (repeat k " ")) s) (str s (apply str (repeat k " "))))
      s)))

(defn- int-str [x radix commas]
  (if (integer? x)
    (let [neg (neg? x)
          digits (loop [v (if neg (- x) x) acc ()]
                   (let [q (quot v radix) r (rem v radix)
                         acc (cons (nth "0123456789abcdefghijklmnopqrstuvwxyz" r) acc)]
                     (if (zero? q) acc (recur q acc))))
          digits (if commas
                   (apply str (reverse (interpose \, (map #(apply str (reverse %))
                                                          (partition-all 3 (reverse digits))))))
                   (apply str digits))]
      [neg digits])
    nil))

(declare run-format)

(defn- exec-format
  "Runs control string s over args; returns [output-pieces remaining-args
  stop?] where stop? is set by ~^ when args are exhausted."
  [s args]
  (let [n (count s)
        all (vec args)]
    (loop [i 0 args args out []]
      (if (>= i n)
        [out args false]
        (let [c (nth s i)]
          (if (not= c \~)
            (let [j (or (str/index-of s "~" i) n)]
              (recur j args (conj out (subs s i j))))
            (let [{:keys [params colon at char end]} (parse-directive s i)
                  p0 (first params)]
              (case char
                \a (recur end (rest args)
                          (conj out (pad (if (nil? (first args)) (if colon "()" "nil")
                                             (print-str (first args)))
                                         p0 at)))
                \s (recur end (rest args) (conj out (pad (pr-str (first args)) p0 at)))
                (\d \b \o \x)
                (let [x (first args)
                      radix (case char \d 10 \b 2 \o 8 \x 16)
                      r (int-str x radix colon)
                      s1 (if r
                           (let [[neg digits] r]
                             (str (cond neg "-" at "+" :else "") digits))
                           (print-str x))
                      padc (nth params 1 nil)
                      padded (pad s1 p0 true)
                      padded (if (and padc (not= padded s1))
                               (str (apply str (repeat (- (count padded) (count s1)) padc)) s1)
                               padded)]
                  (recur end (rest args) (conj out padded)))
                \f (let [x (first args)
                         d (nth params 1 nil)
                         s1 (if d (format (str "%." d "f") (double x)) (str (double x)))]
                     (recur end (rest args) (conj out (pad s1 p0 true))))
                \c (recur end (rest args) (conj out (str (first args))))
                \p (if colon
                     (let [prev (nth all (- (count all) (count args) 1) nil)]
                       (recur end args
                              (conj out (if (= prev 1) (if at "y" "") (if at "ies" "s")))))
                     (recur end (rest args)
                            (conj out (if (= (first args) 1) (if at "y" "") (if at "ies" "s")))))
                \% (recur end args (conj out (apply str (repeat (or p0 1) "\n"))))
                \& (recur end args (conj out :fresh-line))
                \~ (recur end args (conj out (apply str (repeat (or p0 1) "~"))))
                \newline (let [k (loop [k end]
                                   (if (and (< k n) (#{\space \tab} (nth s k))) (recur (inc k)) k))]
                           (recur k args out))
                \* (recur end (if colon args (drop (or p0 1) args)) out)
                \^ (if (empty? args)
                     [out args true]
                     (recur end args out))
                \{ (let [[close-i _ close-d] (find-close s end \{ \})
                         body (subs s end close-i)
                         [items args] (if at [args nil] [(first args) (rest args)])
                         pieces (loop [items (seq items) acc []]
                                  (if (nil? items)
                                    acc
                                    (let [[o remaining stop]
                                          (if colon
                                            (let [[o _ stop] (exec-format body (seq (first items)))]
                                              [o (next items) stop])
                                            (exec-format body items))
                                          acc (into acc o)]
                                      (cond
                                        (and stop (not colon)) acc
                                        (and stop colon (nil? (next items))) acc
                                        (= remaining items) acc
                                        :else (recur (seq remaining) acc)))))]
                     (recur (:end close-d) (if at nil args) (into out pieces)))
                \[ (let [[close-i seps close-d] (find-close s end \[ \])
                         bounds (concat [end] (map (fn [[j d]] (:end d)) seps))
                         ends (concat (map first seps) [close-i])
                         clauses (mapv #(subs s %1 %2) bounds ends)
                         [clause args] (cond
                                         colon [(if (first args) (nth clauses 1 "") (nth clauses 0 ""))
                                                (rest args)]
                                         at (if (first args) [(nth clauses 0 "") args] ["" (rest args)])
                                         :else (let [k (or p0 (first args))
                                                     args (if p0 args (rest args))
                                                     default? (some (fn [[_ d]] (:colon d)) seps)]
                                                 [(cond (< -1 k (count clauses)) (nth clauses k)
                                                        default? (peek clauses)
                                                        :else "")
                                                  args]))
                         [o args stop] (exec-format clause args)]
                     (if stop
                       [(into out o) args true]
                       (recur (:end close-d) args (into out o))))
                (format-error (str "directive ~" char " is not supported") s)))))))))

(defn cl-format
  "An implementation of a Common Lisp compatible format function (a subset:
  ~a ~s ~d ~b ~o ~x ~f ~c ~p ~% ~& ~~ ~{ ~} ~^ ~[ ~; ~] ~*).
  genera has no writers: writer is nil (return a string) or true (print). writer is nil
  (return a string) or true (print to *out*)."
  [writer format-in & args]
  (let [[pieces] (exec-format format-in (seq args))
        s (loop [ps pieces acc ""]
            (if-let [[p & more] (seq ps)]
              (recur more (if (= p :fresh-line)
                            (if (or (= acc "") (str/ends-with? acc "\n")) acc (str acc "\n"))
                            (str acc p)))
              acc))]
    (if (nil? writer)
      s
      (do (print s) nil))))
