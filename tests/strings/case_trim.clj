;; Checks: upper-case, lower-case, capitalize, trim, triml, trimr, blank?.
(require '[clojure.string :as str])
(prn (str/upper-case "hello") (str/lower-case "HeLLo") (str/capitalize "hELLO"))
(prn (str/trim "  x  ") (str/triml "  x  ") (str/trimr "  x  "))
(prn (str/blank? "") (str/blank? "  ") (str/blank? nil) (str/blank? " a "))
