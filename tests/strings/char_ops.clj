;; Checks: characters: comparison, int codes, building strings from chars, char predicates.
(prn (map int "AZaz09") (apply str (map char (range 97 102))))
(prn (compare \a \b) (= \a (first "a")) (char? (first "x")))
(prn (frequencies (filter #{\a \e \i \o \u} "education is important")))
(prn (apply str (map (fn [c] (if (= c \space) \_ c)) "a b c")))
(prn (sort (seq "clojure")))
