(* deriv in OCaml: the symbolic differentiation of bench/perceus/deriv.clj. *)
type expr = Val of int | Var of string | Add of expr * expr | Mul of expr * expr
          | Pow of expr * expr | Ln of expr

let rec pown a n =
  if n = 0 then 1 else if n = 1 then a
  else let b = pown a (n / 2) in if n mod 2 = 0 then b * b else b * b * a

let rec add x y =
  match x, y with
  | Val i, Val j -> Val (i + j)
  | Val 0, f -> f
  | f, Val 0 -> f
  | f, Val i -> add (Val i) f
  | Val i, Add (Val j, f) -> add (Val (i + j)) f
  | f, Add (Val i, g) -> add (Val i) (add f g)
  | Add (f, g), h -> add f (add g h)
  | f, g -> Add (f, g)

let rec mul x y =
  match x, y with
  | Val i, Val j -> Val (i * j)
  | Val 0, _ -> Val 0
  | _, Val 0 -> Val 0
  | Val 1, f -> f
  | f, Val 1 -> f
  | f, Val i -> mul (Val i) f
  | Val i, Mul (Val j, f) -> mul (Val (i * j)) f
  | f, Mul (Val i, g) -> mul (Val i) (mul f g)
  | Mul (f, g), h -> mul f (mul g h)
  | f, g -> Mul (f, g)

let pow x y =
  match x, y with
  | Val i, Val j -> Val (pown i j)
  | _, Val 0 -> Val 1
  | f, Val 1 -> f
  | Val 0, _ -> Val 0
  | f, g -> Pow (f, g)

let ln = function Val 1 -> Val 0 | f -> Ln f

let rec d x = function
  | Val _ -> Val 0
  | Var y -> if x = y then Val 1 else Val 0
  | Add (f, g) -> add (d x f) (d x g)
  | Mul (f, g) -> add (mul f (d x g)) (mul g (d x f))
  | Pow (f, g) -> mul (pow f g) (add (mul (mul g (d x f)) (pow f (Val (-1)))) (mul (ln f) (d x g)))
  | Ln f -> mul (d x f) (pow f (Val (-1)))

let rec size = function
  | Val _ | Var _ -> 1
  | Ln f -> size f
  | Add (f, g) | Mul (f, g) | Pow (f, g) -> size f + size g

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 10 in
  let x = Var "x" in
  let e = ref (pow x x) in
  for i = 1 to n do
    e := d "x" !e;
    Printf.printf "%d count: %d\n" i (size !e)
  done
