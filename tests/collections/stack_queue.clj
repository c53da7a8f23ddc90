;; Checks: vectors and lists as stacks (peek/pop at different ends), nested conj.
(def stack (-> [] (conj 1) (conj 2) (conj 3)))
(prn (peek stack) (pop stack) (-> stack pop pop pop))
(def lst (-> '() (conj 1) (conj 2) (conj 3)))
(prn (peek lst) (pop lst))
(prn (try (pop []) (catch IllegalStateException e (.getMessage e))))
(prn (conj [[1]] [2]) (conj {:a 1} {:b 2 :c 3}))
