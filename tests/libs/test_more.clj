;; Checks: clojure.test with-test, deftest-, run-test, multi-line is and are
;; report the line of their form, testing-vars-str.
(ns t2 (:require [clojure.test :refer :all]))
(with-test
  (defn sq [x] (* x x))
  (is (= 4 (sq 2)))
  (is (= 5 (sq 2))))
(deftest multi
  (is (=
       1
       2))
  (are [a b] (= a b)
    1 1
    2 3))
(deftest- priv (is (= 1 2)))
(run-test multi)
(test-var #'sq)
(test-var #'priv)
(prn (fn? (:test (meta (var sq)))) (count (filter (comp :test meta) (vals (ns-interns 't2)))))
(prn (binding [*testing-vars* (list #'multi)] (testing-vars-str {:file "x.clj" :line 3})))
