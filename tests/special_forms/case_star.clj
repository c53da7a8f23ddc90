;; Checks: case (which expands to case*) on ints, strings, keywords, symbols, chars, nil, vectors.
(defn classify [x]
  (case x
    1 :one
    "two" :two
    :three :three
    four :four
    \5 :five
    nil :nil
    [6 7] :vec
    :other))
(doseq [x [1 "two" :three 'four \5 nil [6 7] '(6 7) 99]]
  (prn (classify x)))
