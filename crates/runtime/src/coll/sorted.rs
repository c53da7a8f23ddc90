//! Sorted maps and sets: persistent red-black trees, after Clojure's
//! `PersistentTreeMap` (Okasaki's insertion, Kahrs' deletion) and
//! `PersistentTreeSet` (a tree whose nodes carry no value).
//!
//! ```text
//! SortedMap  header | comparator (nil: `compare`) | root (nil or TreeNode) | count (fixnum) | meta
//! SortedSet  the same layout; each node's val is nil
//! TreeNode   header | key | val | left | right | color (fixnum: 0 black, 1 red)
//! TreeSeq    header | stack | mode (fixnum) | count (fixnum, -1: unknown) | meta
//! ```
//! Every field is a scanned value field (the count and color are fixnums),
//! so freeing, `with-meta`'s shallow copy and the inspector stay generic.
//!
//! An update runs in two phases. The *search* walks the tree borrowed,
//! calling the comparator (user code that may throw) and recording the
//! direction taken at each node; nothing has been changed if it throws.
//! The *rebuild* replays those directions with Clojure's rebalancing,
//! without comparing again, so it cannot fail. It takes nodes apart with
//! `Pool::open`: a node whose count is unique (Perceus) gives its memory to
//! the pool and the next node built takes it, so an unshared map is
//! rewritten in place along the path; a shared node is copied (path
//! copying) and the original is left to its other owners.
//!
//! A `TreeSeq` is Clojure's `PersistentTreeMap.Seq`: an explicit stack (a
//! chain of Cons cells holding nodes, nearest first) of the nodes still to
//! visit, so walking never recurses; `mode` says ascending or descending
//! and whether it yields map entries or keys (a set's seq).

use super::*;
use crate::callable;
use crate::object::set_field;

const F_CMP: usize = 0;
const F_ROOT: usize = 1;
const F_COUNT: usize = 2;
const F_META: usize = 3;

const N_KEY: usize = 0;
const N_VAL: usize = 1;
const N_LEFT: usize = 2;
const N_RIGHT: usize = 3;
const N_COLOR: usize = 4;

/// The fixnums 0 and 1 as words (`n << 1 | 1`).
const BLACK_W: Value = Value(1);
const RED_W: Value = Value(3);

/// `TreeSeq` mode bits.
const MODE_ASC: i64 = 1;
const MODE_KEYS: i64 = 2;

// ---------------------------------------------------------------------------
// Classification and construction

/// `(sorted? x)` for maps: a `SortedMap`.
pub fn is_sorted_map(v: Value) -> bool {
    has_tag(v, Tag::SortedMap)
}

/// A `SortedSet`.
pub fn is_sorted_set(v: Value) -> bool {
    has_tag(v, Tag::SortedSet)
}

/// `(sorted? x)`: a sorted map or set.
pub fn is_sorted(v: Value) -> bool {
    is_sorted_map(v) || is_sorted_set(v)
}

/// A `TreeSeq`.
pub fn is_tree_seq(v: Value) -> bool {
    has_tag(v, Tag::TreeSeq)
}

/// An empty sorted map (`set`: false) or set ordered by `comp` (borrowed;
/// nil for `compare`). The caller checks that `comp` is a function.
pub fn empty_sorted(comp: Value, set: bool) -> Value {
    let tag = if set { Tag::SortedSet } else { Tag::SortedMap };
    alloc_fields(
        tag,
        &[dupd(comp), Value::NIL, Value::fixnum(0), Value::NIL],
        0,
    )
}

/// The comparator (borrowed; nil means `compare`).
pub fn sorted_comparator(s: Value) -> Value {
    field(s, F_CMP)
}

/// The number of entries, O(1).
pub fn sorted_count(s: Value) -> usize {
    field(s, F_COUNT).as_fixnum() as usize
}

fn root(s: Value) -> Value {
    field(s, F_ROOT)
}

#[inline(always)]
fn left_of(n: Value) -> Value {
    field(n, N_LEFT)
}

#[inline(always)]
fn right_of(n: Value) -> Value {
    field(n, N_RIGHT)
}

/// Red (`nil` is black, but not a node: see `is_black`).
#[inline(always)]
fn is_red(n: Value) -> bool {
    !n.is_nil() && field(n, N_COLOR) == RED_W
}

/// A black node (Clojure's `instanceof Black`: false for nil).
#[inline(always)]
fn is_black(n: Value) -> bool {
    !n.is_nil() && field(n, N_COLOR) != RED_W
}

fn color(red: bool) -> Value {
    if red {
        RED_W
    } else {
        BLACK_W
    }
}

// ---------------------------------------------------------------------------
// Comparing

/// Compares `a` and `b` (borrowed) with comparator `comp`: `compare` when
/// nil; otherwise a fn called as Clojure's `AFunction.compare` does: a
/// number result is its int value; a boolean means "less than" when true,
/// and when false `(comp b a)` decides between greater and equal.
/// Exceptions from the comparator propagate.
pub fn compare_with(comp: Value, a: Value, b: Value) -> Res<i32> {
    if comp.is_nil() {
        if a.is_fixnum() && b.is_fixnum() {
            return Ok(a.as_fixnum().cmp(&b.as_fixnum()) as i32);
        }
        return equiv::compare(a, b);
    }
    let r = callable::invoke(comp, &[a, b])?;
    if r == Value::TRUE {
        return Ok(-1);
    }
    if r == Value::FALSE {
        let back = callable::invoke(comp, &[b, a])?;
        let gt = back.truthy();
        heap::drop(back);
        return Ok(gt as i32);
    }
    comparator_number(r)
}

/// The int value of a comparator's result (owned), as Java's `intValue`.
fn comparator_number(r: Value) -> Res<i32> {
    if r.is_nil() {
        return Err(error::throw(
            "NullPointerException",
            "Cannot invoke \"java.lang.Number.intValue()\" because \"n\" is null",
        ));
    }
    let out = if let Some(n) = num::as_long(r) {
        Ok(n as i32)
    } else if num::is_number(r) {
        num::to_double(r).map(|d| d as i32)
    } else {
        Err(cast_error(r, "java.lang.Number"))
    };
    heap::drop(r);
    out
}

/// The directions (true: left) from the root to where `k` is or would go,
/// and the node holding it (borrowed) if present.
fn search(s: Value, k: Value) -> Res<(Vec<bool>, Option<Value>)> {
    let comp = sorted_comparator(s);
    let mut dirs = Vec::with_capacity(48);
    let mut t = root(s);
    while !t.is_nil() {
        let c = compare_with(comp, k, field(t, N_KEY))?;
        if c == 0 {
            return Ok((dirs, Some(t)));
        }
        dirs.push(c < 0);
        t = if c < 0 { left_of(t) } else { right_of(t) };
    }
    Ok((dirs, None))
}

/// The node holding `k` (borrowed), if any (`entryAt`).
pub fn sorted_node(s: Value, k: Value) -> Res<Option<Value>> {
    let comp = sorted_comparator(s);
    let mut t = root(s);
    while !t.is_nil() {
        let c = compare_with(comp, k, field(t, N_KEY))?;
        if c == 0 {
            return Ok(Some(t));
        }
        t = if c < 0 { left_of(t) } else { right_of(t) };
    }
    Ok(None)
}

/// The key and value of a node (borrowed).
pub fn node_kv(n: Value) -> (Value, Value) {
    (field(n, N_KEY), field(n, N_VAL))
}

// ---------------------------------------------------------------------------
// Rebuilding: nodes taken apart and put together, in place when unique

/// The fields of a node taken apart (each owned).
struct Parts {
    k: Value,
    v: Value,
    l: Value,
    r: Value,
}

/// Nodes whose memory is free to be rewritten: unique nodes taken apart by
/// `open` (their fields moved out). `mk` takes from here before
/// allocating; what is left when the update ends is freed.
struct Pool(Vec<Value>);

impl Pool {
    fn new() -> Pool {
        Pool(Vec::new())
    }

    /// Takes node `n` (owned) apart: its fields move out when it is
    /// unique (its memory goes to the pool), else they are dup'd and `n`
    /// released.
    fn open(&mut self, n: Value) -> Parts {
        let p = Parts {
            k: field(n, N_KEY),
            v: field(n, N_VAL),
            l: field(n, N_LEFT),
            r: field(n, N_RIGHT),
        };
        if heap::is_unique(n) {
            self.0.push(n);
        } else {
            for x in [p.k, p.v, p.l, p.r] {
                heap::dup(x);
            }
            heap::drop(n);
        }
        p
    }

    /// A node of these fields (each owned), in pooled memory if any.
    fn mk(&mut self, red: bool, k: Value, v: Value, l: Value, r: Value) -> Value {
        match self.0.pop() {
            Some(n) => {
                set_field(n, N_KEY, k);
                set_field(n, N_VAL, v);
                set_field(n, N_LEFT, l);
                set_field(n, N_RIGHT, r);
                set_field(n, N_COLOR, color(red));
                n
            }
            None => alloc_fields(Tag::TreeNode, &[k, v, l, r, color(red)], 0),
        }
    }

    /// `n` (owned) with color `red`: rewritten in place when unique.
    fn recolor(&mut self, n: Value, red: bool) -> Value {
        if is_red(n) == red {
            return n;
        }
        if heap::is_unique(n) {
            set_field(n, N_COLOR, color(red));
            return n;
        }
        let p = self.open(n);
        self.mk(red, p.k, p.v, p.l, p.r)
    }

    fn blacken(&mut self, n: Value) -> Value {
        self.recolor(n, false)
    }

    fn redden(&mut self, n: Value) -> Value {
        debug_assert!(is_black(n), "red-black invariant: redden of a red node");
        self.recolor(n, true)
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for n in self.0.drain(..) {
            // The fields were moved out: clear them so freeing drops nothing.
            for i in 0..5 {
                set_field(n, i, Value::NIL);
            }
            heap::drop(n);
        }
    }
}

/// Inserts `k`/`v` (owned) below `t` (owned; nil at the end of `dirs`).
/// Clojure's `add` with `addLeft`/`addRight`.
fn insert(p: &mut Pool, t: Value, dirs: &[bool], k: Value, v: Value) -> Value {
    let Some((&go_left, rest)) = dirs.split_first() else {
        debug_assert!(t.is_nil());
        return p.mk(true, k, v, Value::NIL, Value::NIL);
    };
    let red = is_red(t);
    let n = p.open(t);
    if go_left {
        let ins = insert(p, n.l, rest, k, v);
        if red {
            p.mk(true, n.k, n.v, ins, n.r)
        } else {
            balance_left(p, ins, n.k, n.v, n.r)
        }
    } else {
        let ins = insert(p, n.r, rest, k, v);
        if red {
            p.mk(true, n.k, n.v, n.l, ins)
        } else {
            balance_right(p, ins, n.k, n.v, n.l)
        }
    }
}

/// `ins.balanceLeft(parent)`: `ins` became the left child of the black
/// node (`k`, `v`, _, `right`).
fn balance_left(p: &mut Pool, ins: Value, k: Value, v: Value, right: Value) -> Value {
    if is_red(ins) {
        if is_red(left_of(ins)) {
            let i = p.open(ins);
            let l = p.blacken(i.l);
            let r = p.mk(false, k, v, i.r, right);
            return p.mk(true, i.k, i.v, l, r);
        }
        if is_red(right_of(ins)) {
            let i = p.open(ins);
            let ir = p.open(i.r);
            let l = p.mk(false, i.k, i.v, i.l, ir.l);
            let r = p.mk(false, k, v, ir.r, right);
            return p.mk(true, ir.k, ir.v, l, r);
        }
    }
    p.mk(false, k, v, ins, right)
}

/// `ins.balanceRight(parent)`: `ins` became the right child of the black
/// node (`k`, `v`, `left`, _).
fn balance_right(p: &mut Pool, ins: Value, k: Value, v: Value, left: Value) -> Value {
    if is_red(ins) {
        if is_red(right_of(ins)) {
            let i = p.open(ins);
            let l = p.mk(false, k, v, left, i.l);
            let r = p.blacken(i.r);
            return p.mk(true, i.k, i.v, l, r);
        }
        if is_red(left_of(ins)) {
            let i = p.open(ins);
            let il = p.open(i.l);
            let l = p.mk(false, k, v, left, il.l);
            let r = p.mk(false, i.k, i.v, il.r, i.r);
            return p.mk(true, il.k, il.v, l, r);
        }
    }
    p.mk(false, k, v, left, ins)
}

/// The tree `t` (owned) with the value at the end of `dirs` replaced by
/// `v` (owned); the key stays the one already there, as in Clojure.
fn replace_val(p: &mut Pool, t: Value, dirs: &[bool], v: Value) -> Value {
    let red = is_red(t);
    let n = p.open(t);
    match dirs.split_first() {
        None => {
            heap::drop(n.v);
            p.mk(red, n.k, v, n.l, n.r)
        }
        Some((true, rest)) => {
            let l = replace_val(p, n.l, rest, v);
            p.mk(red, n.k, n.v, l, n.r)
        }
        Some((false, rest)) => {
            let r = replace_val(p, n.r, rest, v);
            p.mk(red, n.k, n.v, n.l, r)
        }
    }
}

/// The tree `t` (owned) without the node at the end of `dirs`
/// (Clojure's `remove`).
fn remove(p: &mut Pool, t: Value, dirs: &[bool]) -> Value {
    let Some((&go_left, rest)) = dirs.split_first() else {
        let n = p.open(t);
        heap::drop(n.k);
        heap::drop(n.v);
        return append(p, n.l, n.r);
    };
    let left_black = is_black(left_of(t));
    let right_black = is_black(right_of(t));
    let n = p.open(t);
    if go_left {
        let del = remove(p, n.l, rest);
        if left_black {
            balance_left_del(p, n.k, n.v, del, n.r)
        } else {
            p.mk(true, n.k, n.v, del, n.r)
        }
    } else {
        let del = remove(p, n.r, rest);
        if right_black {
            balance_right_del(p, n.k, n.v, n.l, del)
        } else {
            p.mk(true, n.k, n.v, n.l, del)
        }
    }
}

/// Joins two trees (owned) whose keys are all ordered left before right.
fn append(p: &mut Pool, left: Value, right: Value) -> Value {
    if left.is_nil() {
        return right;
    }
    if right.is_nil() {
        return left;
    }
    match (is_red(left), is_red(right)) {
        (true, true) => {
            let l = p.open(left);
            let r = p.open(right);
            let app = append(p, l.r, r.l);
            if is_red(app) {
                let a = p.open(app);
                let x = p.mk(true, l.k, l.v, l.l, a.l);
                let y = p.mk(true, r.k, r.v, a.r, r.r);
                p.mk(true, a.k, a.v, x, y)
            } else {
                let y = p.mk(true, r.k, r.v, app, r.r);
                p.mk(true, l.k, l.v, l.l, y)
            }
        }
        (true, false) => {
            let l = p.open(left);
            let y = append(p, l.r, right);
            p.mk(true, l.k, l.v, l.l, y)
        }
        (false, true) => {
            let r = p.open(right);
            let x = append(p, left, r.l);
            p.mk(true, r.k, r.v, x, r.r)
        }
        (false, false) => {
            let l = p.open(left);
            let r = p.open(right);
            let app = append(p, l.r, r.l);
            if is_red(app) {
                let a = p.open(app);
                let x = p.mk(false, l.k, l.v, l.l, a.l);
                let y = p.mk(false, r.k, r.v, a.r, r.r);
                p.mk(true, a.k, a.v, x, y)
            } else {
                let y = p.mk(false, r.k, r.v, app, r.r);
                balance_left_del(p, l.k, l.v, l.l, y)
            }
        }
    }
}

fn balance_left_del(p: &mut Pool, k: Value, v: Value, del: Value, right: Value) -> Value {
    if is_red(del) {
        let d = p.blacken(del);
        return p.mk(true, k, v, d, right);
    }
    if is_black(right) {
        let r = p.redden(right);
        return right_balance(p, k, v, del, r);
    }
    debug_assert!(is_red(right) && is_black(left_of(right)), "invariant");
    if !(is_red(right) && is_black(left_of(right))) {
        // Unreachable in a valid tree; keep it a search tree regardless.
        return p.mk(false, k, v, del, right);
    }
    let r = p.open(right);
    let rl = p.open(r.l);
    let x = p.mk(false, k, v, del, rl.l);
    let rr = p.redden(r.r);
    let y = right_balance(p, r.k, r.v, rl.r, rr);
    p.mk(true, rl.k, rl.v, x, y)
}

fn balance_right_del(p: &mut Pool, k: Value, v: Value, left: Value, del: Value) -> Value {
    if is_red(del) {
        let d = p.blacken(del);
        return p.mk(true, k, v, left, d);
    }
    if is_black(left) {
        let l = p.redden(left);
        return left_balance(p, k, v, l, del);
    }
    debug_assert!(is_red(left) && is_black(right_of(left)), "invariant");
    if !(is_red(left) && is_black(right_of(left))) {
        return p.mk(false, k, v, left, del);
    }
    let l = p.open(left);
    let lr = p.open(l.r);
    let ll = p.redden(l.l);
    let x = left_balance(p, l.k, l.v, ll, lr.l);
    let y = p.mk(false, k, v, lr.r, del);
    p.mk(true, lr.k, lr.v, x, y)
}

fn left_balance(p: &mut Pool, k: Value, v: Value, ins: Value, right: Value) -> Value {
    if is_red(ins) && is_red(left_of(ins)) {
        let i = p.open(ins);
        let x = p.blacken(i.l);
        let y = p.mk(false, k, v, i.r, right);
        return p.mk(true, i.k, i.v, x, y);
    }
    if is_red(ins) && is_red(right_of(ins)) {
        let i = p.open(ins);
        let ir = p.open(i.r);
        let x = p.mk(false, i.k, i.v, i.l, ir.l);
        let y = p.mk(false, k, v, ir.r, right);
        return p.mk(true, ir.k, ir.v, x, y);
    }
    p.mk(false, k, v, ins, right)
}

fn right_balance(p: &mut Pool, k: Value, v: Value, left: Value, ins: Value) -> Value {
    if is_red(ins) && is_red(right_of(ins)) {
        let i = p.open(ins);
        let x = p.mk(false, k, v, left, i.l);
        let y = p.blacken(i.r);
        return p.mk(true, i.k, i.v, x, y);
    }
    if is_red(ins) && is_red(left_of(ins)) {
        let i = p.open(ins);
        let il = p.open(i.l);
        let x = p.mk(false, k, v, left, il.l);
        let y = p.mk(false, i.k, i.v, il.r, i.r);
        return p.mk(true, il.k, il.v, x, y);
    }
    p.mk(false, k, v, left, ins)
}

// ---------------------------------------------------------------------------
// The collection operations

/// A unique copy of the collection `s` (owned) with its root taken out
/// (owned): `s` itself when unique, else a new header sharing the root.
fn take_root(s: Value) -> (Value, Value) {
    if heap::is_unique(s) {
        let r = field(s, F_ROOT);
        set_field(s, F_ROOT, Value::NIL);
        return (s, r);
    }
    let tag = tag_of(s).expect("sorted collection");
    let c = alloc_fields(
        tag,
        &[
            dupd(field(s, F_CMP)),
            Value::NIL,
            field(s, F_COUNT),
            dupd(field(s, F_META)),
        ],
        0,
    );
    let r = dupd(field(s, F_ROOT));
    heap::drop(s);
    (c, r)
}

fn put_root(s: Value, root: Value, count: usize) -> Value {
    set_field(s, F_ROOT, root);
    set_field(s, F_COUNT, Value::fixnum(count as i64));
    s
}

/// `(assoc m k v)` on a sorted map or `(conj s k)` on a sorted set (`v`
/// nil): all owned. In place along the path when unshared. Throws what
/// the comparator throws (everything passed is then released).
pub fn sorted_assoc(s: Value, k: Value, v: Value) -> Res {
    let (dirs, found) = match search(s, k) {
        Ok(x) => x,
        Err(e) => {
            drop_all(&[s, k, v]);
            return Err(e);
        }
    };
    let n = sorted_count(s);
    if let Some(node) = found {
        heap::drop(k);
        if field(node, N_VAL) == v {
            heap::drop(v);
            return Ok(s);
        }
        let (s, r) = take_root(s);
        let mut p = Pool::new();
        let r = replace_val(&mut p, r, &dirs, v);
        return Ok(put_root(s, r, n));
    }
    let (s, r) = take_root(s);
    let mut p = Pool::new();
    let r = insert(&mut p, r, &dirs, k, v);
    let r = p.blacken(r);
    Ok(put_root(s, r, n + 1))
}

/// `(dissoc m k)` / `(disj s k)`: `s` owned, `k` borrowed.
pub fn sorted_without(s: Value, k: Value) -> Res {
    let (dirs, found) = match search(s, k) {
        Ok(x) => x,
        Err(e) => {
            heap::drop(s);
            return Err(e);
        }
    };
    if found.is_none() {
        return Ok(s);
    }
    let n = sorted_count(s);
    let (s, r) = take_root(s);
    let mut p = Pool::new();
    let r = remove(&mut p, r, &dirs);
    let r = if r.is_nil() { r } else { p.blacken(r) };
    Ok(put_root(s, r, n - 1))
}

/// `(conj m x)` on a sorted map (`m` owned, `x` borrowed): `x` a map entry,
/// a pair vector, a map, or a seq of entries.
pub fn sorted_map_conj(m: Value, x: Value) -> Res {
    if x.is_nil() {
        return Ok(m);
    }
    match tag_of(x) {
        Some(Tag::MapEntry) => sorted_assoc(m, dupd(field(x, 0)), dupd(field(x, 1))),
        Some(Tag::Vector) => {
            let items = vector_items(x);
            if items.len() != 2 {
                heap::drop(m);
                return Err(error::illegal_arg("Vector arg to map conj must be a pair"));
            }
            sorted_assoc(m, dupd(items[0]), dupd(items[1]))
        }
        _ => fold_items(m, seq::SeqIter::new(x), |m, e| {
            if has_tag(e, Tag::MapEntry) {
                sorted_assoc(m, dupd(field(e, 0)), dupd(field(e, 1)))
            } else {
                sorted_map_conj(m, e)
            }
        }),
    }
}

/// `(get m k)` on a sorted map (the value) or set (the key as stored),
/// owned; `None` when absent.
pub fn sorted_lookup(s: Value, k: Value) -> Res<Option<Value>> {
    Ok(sorted_node(s, k)?.map(|n| {
        let i = if is_sorted_set(s) { N_KEY } else { N_VAL };
        dupd(field(n, i))
    }))
}

/// `(find m k)`: the entry (owned) or nil.
pub fn sorted_find(m: Value, k: Value) -> Res {
    Ok(match sorted_node(m, k)? {
        Some(n) => map_entry(dupd(field(n, N_KEY)), dupd(field(n, N_VAL))),
        None => Value::NIL,
    })
}

/// `(empty s)`: same kind and comparator, no entries (meta: see `empty`).
pub fn sorted_empty(s: Value) -> Value {
    empty_sorted(sorted_comparator(s), is_sorted_set(s))
}

/// A sorted map from `kvs` (keys and values alternating, borrowed) ordered
/// by `comp`: later keys win, as `sorted-map` does.
pub fn sorted_map_from(comp: Value, kvs: &[Value]) -> Res {
    let mut m = empty_sorted(comp, false);
    for kv in kvs.chunks(2) {
        m = sorted_assoc(m, dupd(kv[0]), dupd(kv[1]))?;
    }
    Ok(m)
}

/// A sorted set of `items` (borrowed) ordered by `comp`.
pub fn sorted_set_from(comp: Value, items: &[Value]) -> Res {
    let mut s = empty_sorted(comp, true);
    for x in items {
        s = sorted_assoc(s, dupd(*x), Value::NIL)?;
    }
    Ok(s)
}

// ---------------------------------------------------------------------------
// Seqs

/// Pushes `t` (borrowed) and its left (ascending) or right spine onto
/// `stack` (owned), as `Seq.push`.
fn push_spine(mut t: Value, mut stack: Value, asc: bool) -> Value {
    while !t.is_nil() {
        stack = alloc_fields(Tag::Cons, &[dupd(t), stack, Value::NIL], 0);
        t = if asc { left_of(t) } else { right_of(t) };
    }
    stack
}

fn make_tree_seq(stack: Value, mode: i64, count: i64) -> Value {
    alloc_fields(
        Tag::TreeSeq,
        &[stack, Value::fixnum(mode), Value::fixnum(count), Value::NIL],
        0,
    )
}

fn seq_mode(s: Value, asc: bool) -> i64 {
    (if asc { MODE_ASC } else { 0 }) | (if is_sorted_set(s) { MODE_KEYS } else { 0 })
}

/// `(seq s)` (`asc`) or `(rseq s)` of a sorted map or set: nil when
/// empty, else a `TreeSeq` (owned).
pub fn sorted_seq(s: Value, asc: bool) -> Value {
    if sorted_count(s) == 0 {
        return Value::NIL;
    }
    let stack = push_spine(root(s), Value::NIL, asc);
    make_tree_seq(stack, seq_mode(s, asc), sorted_count(s) as i64)
}

/// The entries from `k` on (`seqFrom`): ascending, those not less than
/// `k`; descending, those not greater. Nil when there are none.
pub fn sorted_seq_from(s: Value, k: Value, asc: bool) -> Res {
    let comp = sorted_comparator(s);
    let mut stack = Value::NIL;
    let mut t = root(s);
    while !t.is_nil() {
        let c = match compare_with(comp, k, field(t, N_KEY)) {
            Ok(c) => c,
            Err(e) => {
                heap::drop(stack);
                return Err(e);
            }
        };
        if c == 0 {
            stack = alloc_fields(Tag::Cons, &[dupd(t), stack, Value::NIL], 0);
            break;
        }
        let toward = if asc { c < 0 } else { c > 0 };
        if toward {
            stack = alloc_fields(Tag::Cons, &[dupd(t), stack, Value::NIL], 0);
        }
        t = if c < 0 { left_of(t) } else { right_of(t) };
    }
    Ok(if stack.is_nil() {
        stack
    } else {
        make_tree_seq(stack, seq_mode(s, asc), -1)
    })
}

/// The key a sorted collection orders an item of its seq by: the key of
/// a map entry, or a set's item itself (`entryKey`).
pub fn sorted_entry_key(s: Value, e: Value) -> Res<Value> {
    if is_sorted_set(s) {
        return Ok(e);
    }
    if has_tag(e, Tag::MapEntry) {
        return Ok(field(e, 0));
    }
    Err(cast_error(e, "java.util.Map$Entry"))
}

/// `(first s)` of a sorted map (an entry) or set (a key), owned; nil
/// when empty. Walks the left spine without building a seq.
pub fn sorted_first(s: Value) -> Value {
    let mut t = root(s);
    if t.is_nil() {
        return t;
    }
    while !left_of(t).is_nil() {
        t = left_of(t);
    }
    if is_sorted_set(s) {
        dupd(field(t, N_KEY))
    } else {
        map_entry(dupd(field(t, N_KEY)), dupd(field(t, N_VAL)))
    }
}

/// The first item of a `TreeSeq` (owned): a map entry, or a key.
pub fn tree_seq_first(q: Value) -> Value {
    let node = field(field(q, 0), 0);
    if field(q, 1).as_fixnum() & MODE_KEYS != 0 {
        dupd(field(node, N_KEY))
    } else {
        map_entry(dupd(field(node, N_KEY)), dupd(field(node, N_VAL)))
    }
}

/// The rest of a `TreeSeq` after its first item (owned), or nil.
pub fn tree_seq_next(q: Value) -> Value {
    let stack = field(q, 0);
    let mode = field(q, 1).as_fixnum();
    let asc = mode & MODE_ASC != 0;
    let node = field(stack, 0);
    let below = dupd(field(stack, 1));
    let next = push_spine(if asc { right_of(node) } else { left_of(node) }, below, asc);
    if next.is_nil() {
        return Value::NIL;
    }
    let cnt = field(q, 2).as_fixnum();
    make_tree_seq(next, mode, if cnt < 0 { -1 } else { cnt - 1 })
}

/// The count of a `TreeSeq` when known without walking.
pub fn tree_seq_count(q: Value) -> Option<usize> {
    let c = field(q, 2).as_fixnum();
    (c >= 0).then_some(c as usize)
}

/// Calls `f` on each node's key and value (borrowed), in order, without
/// allocating; stops at the first error.
pub fn sorted_for_each(s: Value, mut f: impl FnMut(Value, Value) -> Res<()>) -> Res<()> {
    let mut stack: Vec<Value> = Vec::with_capacity(64);
    let mut t = root(s);
    loop {
        while !t.is_nil() {
            stack.push(t);
            t = left_of(t);
        }
        let Some(n) = stack.pop() else {
            return Ok(());
        };
        f(field(n, N_KEY), field(n, N_VAL))?;
        t = right_of(n);
    }
}

// ---------------------------------------------------------------------------
// Equality and hashing

/// `=` where `a` is a sorted map: `b` any map with the same entries. As
/// `APersistentMap.equiv`, each key of `a` is looked up in `b` (which
/// may throw, e.g. a sorted `b` whose comparator cannot order it).
pub fn sorted_map_equiv(a: Value, b: Value) -> Res<bool> {
    if !(is_map(b) || is_sorted_map(b)) || map_like_count(b) != sorted_count(a) {
        return Ok(false);
    }
    let mut same = true;
    sorted_for_each(a, |k, v| {
        if same {
            same = match map_like_lookup(b, k)? {
                Some(w) => {
                    let r = equiv::equiv(v, w);
                    heap::drop(w);
                    r?
                }
                None => false,
            };
        }
        Ok(())
    })?;
    Ok(same)
}

/// `=` where `a` is a sorted set: `b` any set with the same members.
pub fn sorted_set_equiv(a: Value, b: Value) -> Res<bool> {
    if !(is_set(b) || is_sorted_set(b)) || set_like_count(b) != sorted_count(a) {
        return Ok(false);
    }
    let mut same = true;
    sorted_for_each(a, |k, _| {
        if same {
            same = if is_set(b) {
                set_contains(b, k)?
            } else {
                sorted_node(b, k)?.is_some()
            };
        }
        Ok(())
    })?;
    Ok(same)
}

fn map_like_count(m: Value) -> usize {
    if is_map(m) {
        map_count(m)
    } else {
        sorted_count(m)
    }
}

fn set_like_count(s: Value) -> usize {
    if is_set(s) {
        set_count(s)
    } else {
        sorted_count(s)
    }
}

fn map_like_lookup(m: Value, k: Value) -> Res<Option<Value>> {
    if is_map(m) {
        Ok(map_lookup(m, k)?.map(dupd))
    } else {
        sorted_lookup(m, k)
    }
}

/// `(hash s)`: as a hash map's or set's of the same entries (Clojure's
/// `hashUnordered`); `entry_hash` hashes one key and value.
pub fn sorted_hash(s: Value, entry_hash: impl Fn(Value, Value) -> Res<i32>) -> Res<i32> {
    let mut sum: i32 = 0;
    sorted_for_each(s, |k, v| {
        sum = sum.wrapping_add(entry_hash(k, v)?);
        Ok(())
    })?;
    Ok(crate::murmur::mix_coll_hash(sum, sorted_count(s) as i32))
}

#[cfg(test)]
/// Checks the red-black invariants (root black, no red node with a red
/// child, the same number of black nodes on every path) and returns
/// the black height.
pub(crate) fn check_tree(s: Value) -> usize {
    fn walk(t: Value) -> usize {
        if t.is_nil() {
            return 1;
        }
        if is_red(t) {
            assert!(!is_red(left_of(t)) && !is_red(right_of(t)), "red-red");
        }
        let (l, r) = (walk(left_of(t)), walk(right_of(t)));
        assert_eq!(l, r, "black heights differ");
        l + usize::from(!is_red(t))
    }
    assert!(!is_red(root(s)), "red root");
    walk(root(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, kw, pr};

    #[test]
    fn sorted_map_basics() {
        check_leaks(|| {
            let mut m = empty_sorted(Value::NIL, false);
            for (k, v) in [("b", 1), ("a", 2), ("c", 3)] {
                m = sorted_assoc(m, kw(k), Value::fixnum(v)).unwrap();
            }
            assert_eq!(pr(m), "{:a 2, :b 1, :c 3}");
            let m = sorted_without(m, kw("b")).unwrap();
            assert_eq!(pr(m), "{:a 2, :c 3}");
            let e = sorted_assoc(m, Value::fixnum(1), Value::NIL).unwrap_err();
            assert!(error::exception_is(e.0, "ClassCastException"));
            heap::drop(e.0);
        });
    }

    #[test]
    fn unique_maps_are_rewritten_in_place() {
        check_leaks(|| {
            let mut m = empty_sorted(Value::NIL, false);
            for i in 0..100 {
                m = sorted_assoc(m, Value::fixnum(i), Value::fixnum(i)).unwrap();
            }
            let addr = m;
            let root_before = root(m);
            let live = heap::live_objects();
            // Replacing a value of an unshared map allocates nothing.
            let m = sorted_assoc(m, Value::fixnum(50), Value::fixnum(-1)).unwrap();
            assert_eq!(m, addr);
            assert_eq!(root(m), root_before);
            assert_eq!(heap::live_objects(), live);
            // A shared one is path-copied; the original is untouched.
            heap::dup(m);
            let m2 = sorted_assoc(m, Value::fixnum(50), Value::fixnum(7)).unwrap();
            assert_ne!(m2, m);
            assert_eq!(
                pr(sorted_lookup(m, Value::fixnum(50)).unwrap().unwrap()),
                "-1"
            );
            assert_eq!(
                pr(sorted_lookup(m2, Value::fixnum(50)).unwrap().unwrap()),
                "7"
            );
            heap::drop(m);
            heap::drop(m2);
        });
    }

    /// A boolean comparator (`>` on longs), as a native fn.
    fn greater(a: &[Value]) -> Res {
        Ok(Value::bool(a[0].as_fixnum() > a[1].as_fixnum()))
    }

    #[derive(Debug, Clone)]
    enum Op {
        Assoc(i64, i64),
        Dissoc(i64),
        Share,
        Release,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0i64..60, -50i64..50).prop_map(|(k, v)| Op::Assoc(k, v)),
            3 => (0i64..60).prop_map(Op::Dissoc),
            1 => Just(Op::Share),
            1 => Just(Op::Release),
        ]
    }

    /// The entries in tree order, values as their printed strings.
    fn entries(m: Value) -> Vec<(i64, String)> {
        let mut out = Vec::new();
        sorted_for_each(m, |k, v| {
            out.push((k.as_fixnum(), crate::string::str_of(v).to_string()));
            Ok(())
        })
        .unwrap();
        out
    }

    fn model_entries(model: &BTreeMap<i64, String>, desc: bool) -> Vec<(i64, String)> {
        let mut v: Vec<(i64, String)> = model.iter().map(|(k, v)| (*k, v.clone())).collect();
        if desc {
            v.reverse();
        }
        v
    }

    /// Random assoc/dissoc against a BTreeMap, with snapshots shared
    /// along the way (path copying) and released (the tree becomes unique
    /// again: in-place updates, checked by the live-object count).
    fn run_model(ops: &[Op], desc: bool) {
        check_leaks(|| {
            let comp = if desc {
                crate::callable::make_native_fn("test/>", greater)
            } else {
                Value::NIL
            };
            let mut m = empty_sorted(comp, false);
            heap::drop(comp);
            let mut model: BTreeMap<i64, String> = BTreeMap::new();
            let mut kept: Vec<(Value, BTreeMap<i64, String>)> = Vec::new();
            for op in ops {
                let unique = kept.is_empty();
                let live = heap::live_objects();
                match op {
                    Op::Assoc(k, x) => {
                        let present = model.contains_key(k);
                        let v = crate::string::make_str(&x.to_string());
                        m = sorted_assoc(m, Value::fixnum(*k), v).unwrap();
                        model.insert(*k, x.to_string());
                        if unique {
                            // A new node (and string); a replaced value frees
                            // the old string: nothing else is allocated.
                            let grew = if present { 0 } else { 2 };
                            assert_eq!(heap::live_objects(), live + grew);
                        }
                    }
                    Op::Dissoc(k) => {
                        let present = model.remove(k).is_some();
                        m = sorted_without(m, Value::fixnum(*k)).unwrap();
                        if unique {
                            let shrank = if present { 2 } else { 0 };
                            assert_eq!(heap::live_objects(), live - shrank);
                        }
                    }
                    Op::Share => kept.push((dupd(m), model.clone())),
                    Op::Release => {
                        if !kept.is_empty() {
                            let (snap, md) = kept.remove(0);
                            assert_eq!(entries(snap), model_entries(&md, desc));
                            heap::drop(snap);
                        }
                    }
                }
                check_tree(m);
                assert_eq!(sorted_count(m), model.len());
                assert_eq!(entries(m), model_entries(&model, desc));
                for k in 0..60 {
                    let got = sorted_lookup(m, Value::fixnum(k)).unwrap();
                    let want = model.get(&k);
                    assert_eq!(
                        got.map(|v| crate::string::str_of(v).to_string()).as_ref(),
                        want
                    );
                    if let Some(v) = got {
                        heap::drop(v);
                    }
                }
            }
            for (snap, md) in kept {
                check_tree(snap);
                assert_eq!(entries(snap), model_entries(&md, desc));
                heap::drop(snap);
            }
            // The seqs walk in order both ways.
            let fwd = seq::to_vec_owned(sorted_seq(m, true)).unwrap();
            let bwd = seq::to_vec_owned(sorted_seq(m, false)).unwrap();
            assert_eq!(fwd.len(), model.len());
            let ks = |v: &[Value]| {
                v.iter()
                    .map(|e| field(*e, 0).as_fixnum())
                    .collect::<Vec<_>>()
            };
            let mut rev = ks(&bwd);
            rev.reverse();
            assert_eq!(ks(&fwd), rev);
            drop_all(&fwd);
            drop_all(&bwd);
            heap::drop(m);
        });
    }

    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #[test]
        fn sorted_map_matches_model(ops in proptest::collection::vec(op(), 0..200)) {
            run_model(&ops, false);
        }

        #[test]
        fn sorted_map_by_boolean_comparator_matches_model(
            ops in proptest::collection::vec(op(), 0..200)
        ) {
            run_model(&ops, true);
        }

        #[test]
        fn sorted_set_matches_model(ops in proptest::collection::vec((any::<bool>(), 0i64..40), 0..200)) {
            check_leaks(|| {
                let mut s = empty_sorted(Value::NIL, true);
                let mut model = std::collections::BTreeSet::new();
                for (add, x) in &ops {
                    if *add {
                        s = sorted_assoc(s, Value::fixnum(*x), Value::NIL).unwrap();
                        model.insert(*x);
                    } else {
                        s = sorted_without(s, Value::fixnum(*x)).unwrap();
                        model.remove(x);
                    }
                    check_tree(s);
                    let items = seq::to_vec(s).unwrap();
                    let got: Vec<i64> = items.iter().map(|x| x.as_fixnum()).collect();
                    assert_eq!(got, model.iter().copied().collect::<Vec<_>>());
                }
                heap::drop(s);
            });
        }
    }

    #[test]
    fn large_tree_stays_balanced() {
        check_leaks(|| {
            let mut m = empty_sorted(Value::NIL, true);
            for i in 0..100_000 {
                m = sorted_assoc(m, Value::fixnum((i * 7919) % 100_003), Value::NIL).unwrap();
            }
            let bh = check_tree(m);
            assert!(bh <= 18, "black height {bh}");
            for i in 0..50_000 {
                m = sorted_without(m, Value::fixnum((i * 7919) % 100_003)).unwrap();
            }
            check_tree(m);
            assert_eq!(sorted_count(m), 50_000);
            heap::drop(m);
        });
    }
}
