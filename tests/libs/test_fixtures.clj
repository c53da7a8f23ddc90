;; Checks: clojure.test fixtures (:once and :each, in order), test-var,
;; test-vars, test-ns-hook, custom report methods, custom assert-expr,
;; an erroring test, inc-report-counter, run-all-tests with a regex.
(ns fixtures-test
  (:require [clojure.test :as t :refer [deftest is testing use-fixtures]]))

(def log (atom []))

(defn once [f] (swap! log conj :once-before) (f) (swap! log conj :once-after))
(defn each [f] (swap! log conj :each-before) (f) (swap! log conj :each-after))
(defn each2 [f] (swap! log conj :inner) (f))
(use-fixtures :once once)
(use-fixtures :each each each2)

(deftest one (swap! log conj :one) (is (= 1 1)))
(deftest two (swap! log conj :two) (is (= 2 2)))

(t/test-vars [#'one #'two])
(prn @log)
(reset! log [])
(prn (t/test-var #'one) @log)

;; A custom assert-expr.
(defmethod t/assert-expr 'roughly [msg form]
  (let [[_ a b] form]
    `(let [a# ~a b# ~b]
       (if (< (abs (- a# b#)) 0.01)
         (t/do-report {:type :pass :message ~msg :expected '~form :actual a#})
         (t/do-report {:type :fail :message ~msg :expected '~form :actual a#})))))

(deftest approx
  (is (roughly 1.0 1.001))
  (is (roughly 1.0 2.0) "not close"))

(prn (t/run-test-var #'approx))

;; An erroring test, reported by a custom :error method (JVM Clojure prints
;; Java stack traces here).
(ns errors-test
  (:require [clojure.test :as t :refer [deftest is]]))

(def seen (atom []))
(defmethod t/report :error [m]
  (t/inc-report-counter :error)
  (swap! seen conj [(:message m) (:expected m) (ex-message (:actual m))]))

(deftest explodes
  (is (= 1 (throw (ex-info "inside" {:a 1}))))
  (throw (ex-info "outside" {})))

(prn (t/run-tests))
(prn @seen)

;; test-ns-hook decides what runs.
(ns hooked-test
  (:require [clojure.test :as t :refer [deftest is]]))
(deftest a (is (= :a :a)))
(deftest b (is (= :b :c)))
(defn test-ns-hook [] (a))
(prn (t/run-tests))

(ns user)
(require '[clojure.test :as t])
(prn (t/run-all-tests #"hooked.*"))

;; Reporting through a custom :fail method and the :begin/:end events.
(ns custom-test
  (:require [clojure.test :as t :refer [deftest is testing]]))
(def events (atom []))
(defmethod t/report :begin-test-var [m] (swap! events conj [:begin (:var m)]))
(defmethod t/report :end-test-var [m] (swap! events conj [:end (:var m)]))
(deftest c (testing "ctx" (is (= 1 2))))
(t/test-var #'c)
(prn @events)
(methods t/report)
(remove-method t/report :begin-test-var)
(remove-method t/report :end-test-var)
(remove-method t/report :error)
(prn (t/testing-contexts-str))
(binding [t/*testing-contexts* (list "b" "a")] (prn (t/testing-contexts-str)))
(prn (t/function? 'map) (t/function? 'when) (t/function? 'nope))
