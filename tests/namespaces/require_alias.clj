;; Checks: ns with :require :as and :refer on clojure.string.
(ns demo.strings
  (:require [clojure.string :as s :refer [upper-case]]))
(println (s/join "+" ["a" "b"]))
(println (upper-case "shout"))
(prn ::s/thing)
