;; Checks: boolean, not, true?/false?/nil?/some? on many values.
(prn (map boolean [nil false true 0 "" [] :k]))
(prn (map not [nil false true 0]))
(prn (true? true) (true? 1) (false? false) (false? nil) (nil? nil) (nil? false) (some? false) (some? nil))
