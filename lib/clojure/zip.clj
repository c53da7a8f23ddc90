(ns clojure.zip)
