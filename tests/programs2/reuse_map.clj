;; A map over a unique list, written as a recursive function with cons: with
;; drop-reuse each cell of the input is rebuilt in place (crates/cli/tests/
;; reuse_stats.rs counts the hits).
(defn my-map [f xs]
  (if (seq xs)
    (cons (f (first xs)) (my-map f (rest xs)))
    nil))

(defn build [n]
  (loop [i n acc nil]
    (if (zero? i) acc (recur (dec i) (cons i acc)))))

(def n (if (seq *command-line-args*) (parse-long (first *command-line-args*)) 1000))

(let [ys (my-map inc (my-map #(* 2 %) (build n)))]
  (println (count ys) (reduce + ys) (take 5 ys) (last ys)))
