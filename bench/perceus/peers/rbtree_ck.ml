(* rbtree-ck in OCaml: the inserts of bench/perceus/rbtree_ck.clj, every
   fifth tree kept in a list (the kept trees share their unchanged nodes). *)
type color = Red | Black
type tree = Leaf | Node of color * tree * int * bool * tree

let balance_left l k v r =
  match l with
  | Node (_, Node (Red, lx, kx, vx, rx), ky, vy, ry) ->
      Node (Red, Node (Black, lx, kx, vx, rx), ky, vy, Node (Black, ry, k, v, r))
  | Node (_, ly, ky, vy, Node (Red, lx, kx, vx, rx)) ->
      Node (Red, Node (Black, ly, ky, vy, lx), kx, vx, Node (Black, rx, k, v, r))
  | Node (_, lx, kx, vx, rx) -> Node (Black, Node (Red, lx, kx, vx, rx), k, v, r)
  | Leaf -> Leaf

let balance_right l k v r =
  match r with
  | Node (_, Node (Red, lx, kx, vx, rx), ky, vy, ry) ->
      Node (Red, Node (Black, l, k, v, lx), kx, vx, Node (Black, rx, ky, vy, ry))
  | Node (_, lx, kx, vx, Node (Red, ly, ky, vy, ry)) ->
      Node (Red, Node (Black, l, k, v, lx), kx, vx, Node (Black, ly, ky, vy, ry))
  | Node (_, lx, kx, vx, rx) -> Node (Black, l, k, v, Node (Red, lx, kx, vx, rx))
  | Leaf -> Leaf

let is_red = function Node (Red, _, _, _, _) -> true | _ -> false

let rec ins t k v =
  match t with
  | Leaf -> Node (Red, Leaf, k, v, Leaf)
  | Node (Red, l, kx, vx, r) ->
      if k < kx then Node (Red, ins l k v, kx, vx, r)
      else if k = kx then Node (Red, l, k, v, r)
      else Node (Red, l, kx, vx, ins r k v)
  | Node (Black, l, kx, vx, r) ->
      if k < kx then
        if is_red l then balance_left (ins l k v) kx vx r
        else Node (Black, ins l k v, kx, vx, r)
      else if k = kx then Node (Black, l, k, v, r)
      else if is_red r then balance_right l kx vx (ins r k v)
      else Node (Black, l, kx, vx, ins r k v)

let insert t k v =
  match ins t k v with
  | Node (Red, l, k, v, r) -> Node (Black, l, k, v, r)
  | t -> t

let rec fold t acc f =
  match t with Leaf -> acc | Node (_, l, k, v, r) -> fold r (f k v (fold l acc f)) f

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 4200000 in
  let rec make i t kept =
    if i <= 0 then kept
    else
      let k = i - 1 in
      let t = insert t k (k mod 10 = 0) in
      make k t (if k mod 5 = 0 then t :: kept else kept)
  in
  let trees = make n Leaf [] in
  let count = match trees with [] -> 0 | t :: _ -> fold t 0 (fun _ v acc -> if v then acc + 1 else acc) in
  Printf.printf "%d %d\n" (List.length trees) count
