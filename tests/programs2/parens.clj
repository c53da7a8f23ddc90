(def pairs {\) \( \] \[ \} \{})
(defn balanced? [s]
  (empty? (reduce (fn [stack c]
                    (cond (#{\( \[ \{} c) (conj stack c)
                          (pairs c) (if (= (peek stack) (pairs c)) (pop stack) (reduced [:bad]))
                          :else stack))
                  [] s)))
(doseq [s ["()" "([]{})" "(]" "((" "{[()()]}" "" "a(b)c" ")("]] (println (pr-str s) (balanced? s)))
(println (peek [1 2 3]) (pop [1 2 3]) (peek '(1 2 3)) (pop '(1 2 3)))
(println (conj [1 2] 3) (conj '(1 2) 3) (conj #{} 1) (conj {:a 1} [:b 2]) (conj nil 1))
(println (into [] '(1 2 3)) (into '() [1 2 3]) (into {} [[:a 1]]) (into [1] (map inc) [1 2]))
