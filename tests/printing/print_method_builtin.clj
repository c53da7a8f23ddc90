;; defmethod print-method on built-in classes: pr, prn and print call it; str does not.
(defmethod print-method java.util.UUID [u w] (.write w (str "#my-uuid \"" u "\"")))
(prn (parse-uuid "550e8400-e29b-41d4-a716-446655440000") [1 (parse-uuid "00000000-0000-0000-0000-000000000001")])
(print (parse-uuid "550e8400-e29b-41d4-a716-446655440000")) (newline)
(prn (pr-str (parse-uuid "00000000-0000-0000-0000-000000000001")) (str (parse-uuid "00000000-0000-0000-0000-000000000001")))
(defmethod print-method clojure.lang.Keyword [k w] (.write w (str "<" (name k) ">")))
(prn :a {:b 1})
