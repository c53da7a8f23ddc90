(ns clojure.data)
