;; In-process naive Fibonacci: times (fib 30) inside the process, seven
;; times, and prints the result and the median, so start-up (and, for the
;; JVM, most of the JIT's warm-up) is left out. The runner compares the
;; result line and reports the "median-ms" line.

(defn fib [n]
  (if (< n 2)
    n
    (+ (fib (- n 1)) (fib (- n 2)))))

(defn time-ms [f]
  (let [start (System/nanoTime)
        r (f)]
    [r (/ (- (System/nanoTime) start) 1e6)]))

(let [runs (vec (sort (map second (repeatedly 7 #(time-ms (fn [] (fib 30)))))))]
  (println "fib 30:" (fib 30))
  (println "median-ms" (runs 3)))
