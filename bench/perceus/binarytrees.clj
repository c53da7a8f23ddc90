;; Binary trees, after the Computer Language Benchmarks Game: allocate and
;; walk many short-lived perfect binary trees of depth 4 to 21 (records),
;; beside one long-lived tree. Every tree is unshared and freed as soon as it
;; is checked; the output is the Game's.
;; Usage: genera run binarytrees.clj [MAX-DEPTH]

(defrecord Tree [left right])

(defn make [d]
  (if (zero? d)
    (->Tree nil nil)
    (->Tree (make (dec d)) (make (dec d)))))

(defn check [t]
  (if (nil? (:left t))
    1
    (+ 1 (check (:left t)) (check (:right t)))))

(let [n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 21)
      min-depth 4
      max-depth (max (+ min-depth 2) n)
      stretch (inc max-depth)]
  (println (str "stretch tree of depth " stretch "\t check: " (check (make stretch))))
  (let [long-lived (make max-depth)]
    (doseq [d (range min-depth (inc max-depth) 2)]
      (let [iterations (bit-shift-left 1 (+ (- max-depth d) min-depth))]
        (println (str iterations "\t trees of depth " d "\t check: "
                      (loop [i 0 sum 0]
                        (if (< i iterations) (recur (inc i) (+ sum (check (make d)))) sum))))))
    (println (str "long lived tree of depth " max-depth "\t check: " (check long-lived)))))
