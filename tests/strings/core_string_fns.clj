;; Checks: str, subs, count on strings, seq of chars, apply str, string comparison.
(prn (subs "hello world" 6) (subs "hello" 1 3))
(prn (count "hello") (first "abc") (last "abc") (vec "ab"))
(prn (apply str (map char [104 105])) (apply str (filter #(not= % \l) "hello")))
(prn (compare "apple" "banana") (= "a" (str \a)))
(prn (str "x" 1 2.5 nil [1]) (string? "s") (string? \s) (char? \s))
(prn (name "already-a-string"))
(prn (int \A) (char 97))
