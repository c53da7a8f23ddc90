;; Checks: parse-long, parse-double, read-string of numbers.
(prn (parse-long "42") (parse-long "-7") (parse-long "x") (parse-long "1.5"))
(prn (parse-double "1.5") (parse-double "1e3") (parse-double "abc"))
(prn (read-string "42") (read-string "1/2") (read-string "2.5") (read-string "7N"))
(prn (read-string "[1 :a \"s\"]"))
