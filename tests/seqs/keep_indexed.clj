;; Checks: keep, keep-indexed, map-indexed, remove, some, every?, not-any?, not-every?.
(prn (keep #(when (odd? %) (* % %)) (range 8)))
(prn (keep-indexed (fn [i x] (when (even? i) x)) [:a :b :c :d]))
(prn (map-indexed vector [:a :b :c]))
(prn (remove nil? [1 nil 2 nil]))
(prn (some even? [1 3 4 5]) (some even? [1 3]) (some #{:b} [:a :b]))
(prn (every? pos? [1 2]) (every? pos? []) (every? pos? [1 -1]))
(prn (not-any? neg? [1 2]) (not-every? odd? [1 2]))
(prn (keep identity [false nil 0 1]))
