(ns clojure.edn)
