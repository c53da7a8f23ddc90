(* cfold in OCaml: the constant folding of bench/perceus/cfold.clj. *)
type expr = Var of int | Val of int | Add of expr * expr | Mul of expr * expr

let rec mk_expr n v =
  if n = 0 then (if v = 0 then Var 1 else Val v)
  else Add (mk_expr (n - 1) (v + 1), mk_expr (n - 1) (max (v - 1) 0))

let rec append_add e1 e2 = match e1 with Add (l, r) -> Add (l, append_add r e2) | _ -> Add (e1, e2)
let rec append_mul e1 e2 = match e1 with Mul (l, r) -> Mul (l, append_mul r e2) | _ -> Mul (e1, e2)

let rec reassoc = function
  | Add (l, r) -> append_add (reassoc l) (reassoc r)
  | Mul (l, r) -> append_mul (reassoc l) (reassoc r)
  | e -> e

let fold_add a b =
  match a, b with
  | Val i, Val j -> Val (i + j)
  | Val i, Add (f, Val j) -> Add (Val (i + j), f)
  | Val i, Add (Val j, f) -> Add (Val (i + j), f)
  | _ -> Add (a, b)

let fold_mul a b =
  match a, b with
  | Val i, Val j -> Val (i * j)
  | Val i, Mul (f, Val j) -> Mul (Val (i * j), f)
  | Val i, Mul (Val j, f) -> Mul (Val (i * j), f)
  | _ -> Mul (a, b)

let rec cfold = function
  | Add (l, r) -> fold_add (cfold l) (cfold r)
  | Mul (l, r) -> fold_mul (cfold l) (cfold r)
  | e -> e

let rec eval = function
  | Var _ -> 0
  | Val v -> v
  | Add (l, r) -> eval l + eval r
  | Mul (l, r) -> eval l * eval r

let () =
  let depth = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 18 in
  let e = mk_expr depth 1 in
  let before = eval e in
  Printf.printf "%d %d\n" before (eval (cfold (reassoc e)))
