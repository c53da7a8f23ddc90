;; clojure.instant: the #inst reader. genera's Date is java.util.Date only
;; (no Calendar or Timestamp); parsing is the runtime's RFC 3339 parser
;; (crates/runtime/src/tagged.rs), with clojure.instant's optional parts.
(ns clojure.instant)

(defn read-instant-date
  "To read an instant as a java.util.Date, bind *data-readers* to a map
  with this var as the value for the 'inst key. The timezone offset will
  be used to convert into UTC."
  [cs]
  (clojure.core/%read-instant-date cs))
