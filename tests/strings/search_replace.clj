;; Checks: starts-with?, ends-with?, includes?, index-of, replace with strings and regexes, reverse.
(require '[clojure.string :as str])
(prn (str/starts-with? "clojure" "clo") (str/ends-with? "clojure" "ure") (str/includes? "clojure" "oj"))
(prn (str/index-of "hello" "l") (str/index-of "hello" "z"))
(prn (str/replace "a-b-c" "-" "+") (str/replace "a1b22c" #"\d+" "#"))
(prn (str/reverse "abc"))
