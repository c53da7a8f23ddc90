;; Checks: case without default throws IllegalArgumentException "No matching clause: 5".
(println (try (case 5 1 :one 2 :two)
              (catch IllegalArgumentException e (.getMessage e))))
(println (try (case "x" "y" 1)
              (catch IllegalArgumentException e (.getMessage e))))
(println (try (case :k :j 1)
              (catch IllegalArgumentException e (.getMessage e))))
