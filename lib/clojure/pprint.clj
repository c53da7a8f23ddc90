(ns clojure.pprint)
