;; N-queens, after the nqueens benchmark of the Perceus papers: all solutions
;; for a 13x13 board as lists of queen rows, each partial solution extended
;; by consing onto a shared tail. Prints the number of solutions.
;; Usage: genera run nqueens.clj [N]

(defn safe? [queen xs]
  (loop [diag 1 xs xs]
    (if-let [q (first xs)]
      (and (not= queen q)
           (not= queen (+ q diag))
           (not= queen (- q diag))
           (recur (inc diag) (next xs)))
      true)))

(defn append-safe [k xs acc]
  (loop [k k acc acc]
    (cond
      (<= k 0) acc
      (safe? k xs) (recur (dec k) (conj acc (conj xs k)))
      :else (recur (dec k) acc))))

(defn extend-all [n xss]
  (loop [xss xss acc ()]
    (if-let [xs (first xss)]
      (recur (next xss) (append-safe n xs acc))
      acc)))

(defn find-solutions [n k]
  (if (zero? k)
    (list ())
    (extend-all n (find-solutions n (dec k)))))

(let [n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 13)]
  (println (count (find-solutions n n))))
