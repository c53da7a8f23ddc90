;; The same kind of pipeline as a transducer: no intermediate seqs.
(println (transduce (comp (map inc) (filter even?)) + (range 10000000)))
