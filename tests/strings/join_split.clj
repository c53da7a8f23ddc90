;; Checks: clojure.string join and split (via require with an alias).
(require '[clojure.string :as str])
(prn (str/join [1 2 3]) (str/join ", " ["a" "b" "c"]) (str/join "-" []))
(prn (str/split "a,b,,c" #","))
(prn (str/split "one two  three" #"\s+"))
(prn (str/split-lines "l1\nl2\nl3"))
(prn (clojure.string/join "|" (map name [:x :y])))
