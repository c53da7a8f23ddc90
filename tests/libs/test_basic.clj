;; Checks: clojure.test deftest/is/testing/are, = and predicate reporting,
;; messages, thrown?/thrown-with-msg?, run-tests' report text and summary map.
(ns basic-test
  (:require [clojure.test :refer :all]))

(deftest arithmetic
  (is (= 4 (+ 2 2)))
  (is (= 5 (+ 2 2)) "two and two")
  (is (even? 3))
  (is (nil? nil))
  (testing "nested"
    (testing "contexts"
      (is (< 3 1))
      (is (= [1 2] (list 1 2)))))
  (are [x y] (= x (inc y))
    2 1
    4 3)
  (is (thrown? ArithmeticException (/ 1 0)))
  (is (thrown-with-msg? clojure.lang.ExceptionInfo #"bo+m" (throw (ex-info "boom" {}))))
  (is (thrown? ArithmeticException (+ 1 1)))
  (is (contains? {:a 1} :b))
  (is (let [x 1] (= x 2))))

(prn (run-tests))
(prn (successful? (run-tests 'basic-test)))
(prn (successful? {:test 1 :pass 1 :fail 0 :error 0}))
(prn (is (= 1 1)) (is (= 1 2)) (is true "msg") (is false "msg"))
(prn (ex-message (is (thrown? Exception (throw (Exception. "e"))))))
