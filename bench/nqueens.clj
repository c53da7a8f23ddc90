;; N-queens with lists, after the nqueens benchmark of the Perceus papers:
;; every partial solution is a list of queen rows, extended by consing, so
;; the work is list allocation, traversal and fixnum comparison. Counts the
;; solutions for boards of 8 to 11 queens.

(defn safe? [queen diag xs]
  (loop [diag diag xs xs]
    (if (empty? xs)
      true
      (let [q (first xs)]
        (and (not= queen q)
             (not= queen (+ q diag))
             (not= queen (- q diag))
             (recur (inc diag) (rest xs)))))))

(defn append-safe [queen xs xss]
  (loop [queen queen xss xss]
    (cond
      (<= queen 0) xss
      (safe? queen 1 xs) (recur (dec queen) (conj xss (conj xs queen)))
      :else (recur (dec queen) xss))))

(defn extend-all [n acc xss]
  (if (empty? xss)
    acc
    (recur n (append-safe n (first xss) acc) (rest xss))))

(defn find-solutions [n queen]
  (if (zero? queen)
    (list ())
    (extend-all n () (find-solutions n (dec queen)))))

(defn queens [n]
  (count (find-solutions n n)))

(doseq [n (range 8 12)]
  (println n "queens:" (queens n)))
