(* nqueens in OCaml: the list-based search of bench/perceus/nqueens.clj. *)
let safe queen xs =
  let rec go diag = function
    | [] -> true
    | q :: rest -> queen <> q && queen <> q + diag && queen <> q - diag && go (diag + 1) rest
  in
  go 1 xs

let rec append_safe k xs acc =
  if k <= 0 then acc
  else if safe k xs then append_safe (k - 1) xs ((k :: xs) :: acc)
  else append_safe (k - 1) xs acc

let rec extend_all n xss acc =
  match xss with [] -> acc | xs :: rest -> extend_all n rest (append_safe n xs acc)

let rec find_solutions n k = if k = 0 then [ [] ] else extend_all n (find_solutions n (k - 1)) []

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 13 in
  Printf.printf "%d\n" (List.length (find_solutions n n))
