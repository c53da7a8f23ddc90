;; Checks: str of a regex is its source (Pattern.toString), pr-str keeps the #"..." literal.
(prn (str #"a\d"))
(prn (pr-str #"a\d"))
(println #"x+y" (str #"x+y" "!"))
(prn (str "[" #"\s+" "]"))
(prn [#"a\d"])
(prn (str [#"a"]))
