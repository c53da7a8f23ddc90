;; re-matcher, re-find over a matcher, re-groups (java.util.regex.Matcher).
(def m (re-matcher #"a(\d)" "a1 b a2 a3"))
(prn (re-find m) (re-groups m))
(prn (re-find m) (re-find m) (re-find m) (re-find m))
(prn (try (re-groups m) (catch IllegalStateException e (.getMessage e))))

;; Empty matches step one character on, and the end of the string is a match.
(def m2 (re-matcher #"x*" "ab"))
(prn (re-find m2) (re-find m2) (re-find m2) (re-find m2))

;; Without groups a match is a string.
(def m3 (re-matcher #"\d+" "12 345 λ6"))
(prn (re-find m3) (re-groups m3) (re-find m3) (re-find m3) (re-find m3))

;; The usual loop.
(defn all-matches [re s]
  (let [m (re-matcher re s)]
    (loop [acc []]
      (if-let [x (re-find m)] (recur (conj acc x)) acc))))
(prn (all-matches #"(\w)(\d)?" "a1 b c3"))
(prn (all-matches #"\s" "no-spaces"))

(prn (try (re-groups (re-matcher #"a" "b")) (catch Exception e (.getMessage e))))
(prn (instance? java.util.regex.Matcher m3))
(prn (try (re-find "not a matcher") (catch ClassCastException e :cce)))
