;; Streams: *out* bound to a writer, with-out-str, with-in-str, read-line,
;; read, slurp/spit, line-seq, with-open, clojure.java.io.
(require '[clojure.java.io :as io])
(let [w (java.io.StringWriter.)]
  (binding [*out* w]
    (print "hi" [1 "a"])
    (prn :x "s")
    (println 1 2)
    (printf "%d-%s" 3 "z")
    (newline)
    (flush))
  (println (pr-str (str w))))
(let [w (java.io.StringWriter.)]
  (.write w "abc")
  (.write w (int \d))
  (println (str w) (.toString w)))
(println (pr-str (with-out-str (print 1 2) (prn [3]))))
(let [w (java.io.StringWriter.)]
  (println (pr-str (with-out-str (binding [*out* w] (print "inner")) (print "outer"))))
  (println (pr-str (str w))))
(println (pr-str (binding [*out* (java.io.StringWriter.)] (with-out-str (print "x")))))
(with-in-str "line one\nline two\n(+ 1 2) :k"
  (println (read-line))
  (println (read-line))
  (println (read) (read))
  (println (read *in* false :eof)))
(println (with-in-str "" (read-line)))
(println (read (java.io.PushbackReader. (java.io.StringReader. "[1 2] x"))))
(def path "/tmp/genera-core-io-test.txt")
(spit path "a\nb\n")
(spit path "c" :append true)
(println (pr-str (slurp path)))
(with-open [r (io/reader path)]
  (println (vec (line-seq r))))
(with-open [w (io/writer path)]
  (.write w "fresh\n")
  (.write w "text"))
(println (pr-str (slurp path)))
(with-open [w (io/writer path :append true)]
  (binding [*out* w] (println) (print "more")))
(println (pr-str (slurp (io/reader path))))
(println (io/delete-file path) (io/delete-file path :gone))
(println (try (slurp "/tmp/genera-no-such-file") (catch java.io.FileNotFoundException e (ex-message e))))
(println (try (with-in-str "(1 2" (read)) (catch Exception e :eof-error)))
(println (eval '(+ 1 2)) (eval (list 'str "a" 1)) (eval [1 '(inc 1)]))
(println (load-string "(def from-load 5) (* from-load 2)") (var-get (resolve (quote from-load))))
(println (eval (read-string "(let [x 2] (* x x))")))
(def wrapper (java.io.StringWriter.))
(with-open [w wrapper] (.write w "closed?"))
(println (str wrapper))
