//! Maps: array maps and hash maps under one tag, after Clojure's
//! `PersistentArrayMap` and `PersistentHashMap`.
//!
//! ```text
//! array map  Map header(scan=LARGE) | n = 1 + 2c (odd) | meta | k0 | v0 | k1 | v1 ...
//! hash map   Map header(scan=LARGE) | n = 6 (even)     | meta | count | root | has-null | null-val | nil
//! ```
//!
//! An array map keeps insertion order and is searched linearly; `assoc` of a
//! new key onto one with 8 entries or more makes a hash map (Clojure's
//! `HASHTABLE_THRESHOLD`), and a hash map stays one however small it gets.
//! The hash map's `root` is a trie node (`hamt`) or nil; the nil key is kept
//! beside it and comes first in the seq, as in Clojure. Both shapes are
//! `Tag::Map`, so every "is this a map" test in the runtime is one tag test;
//! the field count tells them apart (odd: array; even: hash), and survives
//! the generic copy (`large_unique_with_room`).

use super::hamt::{self, node_assoc, node_find, node_without, NodeIter};
use super::*;

/// `v` (owned) made unique without growing: itself when unique (skipping
/// the capacity query `large_unique_with_room` makes), else a copy.
#[inline(always)]
pub(crate) fn unique(v: Value) -> Value {
    if heap::is_unique(v) {
        v
    } else {
        large_unique_with_room(v, 0)
    }
}

/// Clojure's `PersistentArrayMap.HASHTABLE_THRESHOLD`, in entries.
pub const ARRAY_MAP_MAX: usize = 8;
/// The field count of a hash-shaped map or set root.
pub(crate) const HASH_FIELDS: usize = 6;
const F_COUNT: usize = 1;
const F_ROOT: usize = 2;
const F_HAS_NULL: usize = 3;
const F_NULL_VAL: usize = 4;

/// Bytes of a map literal of `n` entries, for drop-reuse.
pub const fn alloc_size_map(n: usize) -> usize {
    if n <= ARRAY_MAP_MAX {
        large_size(1 + 2 * n)
    } else {
        large_size(HASH_FIELDS)
    }
}

pub fn is_map(v: Value) -> bool {
    has_tag(v, Tag::Map)
}

/// True for a map in the hash (trie) shape.
#[inline]
pub fn is_hash_map(m: Value) -> bool {
    large_count(m) & 1 == 0
}

/// `{}`: an empty array map.
pub fn empty_map() -> Value {
    let m = alloc_large(Tag::Map, 1);
    set_large_field(m, 0, Value::NIL);
    set_large_count(m, 1);
    m
}

/// An empty hash-shaped root with tag `tag` (Map or Set), through `token`.
pub(crate) fn empty_hash_root(token: Value, tag: Tag) -> Value {
    let m = alloc_large_reusing(token, tag, HASH_FIELDS);
    let init = [
        Value::NIL,
        Value::fixnum(0),
        Value::NIL,
        Value::FALSE,
        Value::NIL,
        Value::NIL,
    ];
    for (i, x) in init.iter().enumerate() {
        set_large_field(m, i, *x);
    }
    set_large_count(m, HASH_FIELDS);
    m
}

/// An empty hash map (`PersistentHashMap.EMPTY`).
pub fn empty_hash_map() -> Value {
    empty_hash_root(Value::NONE, Tag::Map)
}

/// The number of entries.
#[inline]
pub fn map_count(m: Value) -> usize {
    if is_hash_map(m) {
        hash_count(m)
    } else {
        (large_count(m) - 1) / 2
    }
}

pub(crate) fn hash_count(c: Value) -> usize {
    large_field(c, F_COUNT).as_fixnum() as usize
}

/// Key equality for lookups: identity decides most cases without `=`.
#[inline]
pub(crate) fn key_eq(a: Value, b: Value) -> Res<bool> {
    if a == b {
        return Ok(true);
    }
    if !a.is_ptr() && !b.is_ptr() {
        return Ok(false);
    }
    if string::is_keyword(a) || string::is_keyword(b) {
        return Ok(false);
    }
    equiv::equiv(a, b)
}

// ---------------------------------------------------------------------------
// The hash shape (shared with sets)

/// The stored key and value (borrowed) equal to `k` in hash root `c`.
pub(crate) fn hash_find(c: Value, k: Value) -> Res<Option<(Value, Value)>> {
    if k.is_nil() {
        return Ok(if large_field(c, F_HAS_NULL) == Value::TRUE {
            Some((Value::NIL, large_field(c, F_NULL_VAL)))
        } else {
            None
        });
    }
    let root = large_field(c, F_ROOT);
    if root.is_nil() {
        return Ok(None);
    }
    node_find(root, 0, equiv::hash(k)?, k)
}

/// `(assoc c k v)` on hash root `c`: all three owned; in place when `c`
/// (and the nodes on the path) are unique.
pub(crate) fn hash_assoc(c: Value, k: Value, v: Value) -> Res {
    let found = if k.is_nil() {
        Ok((0, hash_find(c, k).unwrap_or(None)))
    } else {
        equiv::hash(k).and_then(|h| Ok((h, node_find_root(c, h, k)?)))
    };
    let (h, found) = match found {
        Ok(x) => x,
        Err(e) => {
            heap::drop(c);
            heap::drop(k);
            heap::drop(v);
            return Err(e);
        }
    };
    if let Some((_, old)) = found {
        if old == v {
            heap::drop(k);
            heap::drop(v);
            return Ok(c);
        }
    }
    let c = unique(c);
    if found.is_none() {
        set_large_field(c, F_COUNT, Value::fixnum(hash_count(c) as i64 + 1));
    }
    if k.is_nil() {
        let old = large_field(c, F_NULL_VAL);
        set_large_field(c, F_HAS_NULL, Value::TRUE);
        set_large_field(c, F_NULL_VAL, v);
        heap::drop(old);
        return Ok(c);
    }
    let root = large_field(c, F_ROOT);
    let root = if root.is_nil() { hamt_empty() } else { root };
    let root = node_assoc(root, 0, h, k, v, found.map(|f| f.0));
    set_large_field(c, F_ROOT, root);
    Ok(c)
}

fn hamt_empty() -> Value {
    let n = alloc_large(Tag::BitmapNode, 1);
    set_large_field(n, 0, Value::fixnum(0));
    set_large_count(n, 1);
    n
}

fn node_find_root(c: Value, h: i32, k: Value) -> Res<Option<(Value, Value)>> {
    let root = large_field(c, F_ROOT);
    if root.is_nil() {
        return Ok(None);
    }
    node_find(root, 0, h, k)
}

/// `(dissoc c k)` on hash root `c` (owned). A hash map never shrinks back to
/// an array map (as in Clojure).
pub(crate) fn hash_without(c: Value, k: Value) -> Res {
    let found = if k.is_nil() {
        Ok((0, hash_find(c, k).unwrap_or(None)))
    } else {
        equiv::hash(k).and_then(|h| Ok((h, node_find_root(c, h, k)?)))
    };
    let (h, found) = match found {
        Ok(x) => x,
        Err(e) => {
            heap::drop(c);
            return Err(e);
        }
    };
    let Some((target, _)) = found else {
        return Ok(c);
    };
    let c = unique(c);
    set_large_field(c, F_COUNT, Value::fixnum(hash_count(c) as i64 - 1));
    if k.is_nil() {
        let old = large_field(c, F_NULL_VAL);
        set_large_field(c, F_HAS_NULL, Value::FALSE);
        set_large_field(c, F_NULL_VAL, Value::NIL);
        heap::drop(old);
        return Ok(c);
    }
    let root = large_field(c, F_ROOT);
    let root = node_without(root, 0, h, target).unwrap_or(Value::NIL);
    set_large_field(c, F_ROOT, root);
    Ok(c)
}

/// Walks the entries of hash root `c` in seq order (the nil key first),
/// key and value borrowed, until `f` returns false.
pub(crate) fn hash_for_each(c: Value, f: &mut dyn FnMut(Value, Value) -> Res<bool>) -> Res<()> {
    if large_field(c, F_HAS_NULL) == Value::TRUE && !f(Value::NIL, large_field(c, F_NULL_VAL))? {
        return Ok(());
    }
    for (k, v) in NodeIter::new(large_field(c, F_ROOT)) {
        if !f(k, v)? {
            break;
        }
    }
    Ok(())
}

/// The seq (owned) of hash root `c`, or nil when empty: the nil entry (a
/// cons cell) before the trie's node seq, as `PersistentHashMap.seq`.
pub(crate) fn hash_seq(c: Value) -> Value {
    let root = large_field(c, F_ROOT);
    let s = if root.is_nil() {
        Value::NIL
    } else {
        hamt::node_seq(root, 0, Value::NIL)
    };
    if large_field(c, F_HAS_NULL) == Value::TRUE {
        let x = hamt::entry_item(Value::NIL, large_field(c, F_NULL_VAL));
        return cons(x, if s.is_nil() { empty_list() } else { s });
    }
    s
}

/// A walk over a hash root's entries (borrowed), for `SeqIter`.
pub struct HashIter {
    null: Option<(Value, Value)>,
    nodes: NodeIter,
}

impl HashIter {
    /// Starts at hash root `c` (borrowed: the caller keeps it alive).
    pub fn new(c: Value) -> HashIter {
        let null = (large_field(c, F_HAS_NULL) == Value::TRUE)
            .then(|| (Value::NIL, large_field(c, F_NULL_VAL)));
        HashIter {
            null,
            nodes: NodeIter::new(large_field(c, F_ROOT)),
        }
    }

    /// The next entry as a walk yields it (owned): a map entry or a member.
    pub fn next_item(&mut self) -> Option<Value> {
        if let Some((k, v)) = self.null.take() {
            return Some(hamt::entry_item(k, v));
        }
        self.nodes.next().map(|(k, v)| hamt::entry_item(k, v))
    }

    /// The entries not yet yielded, as a seq (owned) or nil.
    pub fn rest(&self) -> Value {
        let s = hamt::node_iter_rest(&self.nodes);
        match self.null {
            Some((k, v)) => cons(
                hamt::entry_item(k, v),
                if s.is_nil() { empty_list() } else { s },
            ),
            None => s,
        }
    }
}

// ---------------------------------------------------------------------------
// The array shape

#[inline]
fn array_kvs<'a>(m: Value) -> &'a [Value] {
    &large_fields(m)[1..]
}

/// The index (in pairs) of key `k` in array map `m`.
fn array_index_of(m: Value, k: Value) -> Res<Option<usize>> {
    let kvs = array_kvs(m);
    for i in 0..kvs.len() / 2 {
        if key_eq(kvs[2 * i], k)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// An array map turned hash map (owned; released), meta kept: Clojure's
/// `createHT`, which adds the entries in order.
fn array_to_hash(m: Value) -> Res {
    let meta = dupd(large_field(m, 0));
    let kvs: Vec<Value> = array_kvs(m).iter().map(|x| dupd(*x)).collect();
    heap::drop(m);
    let h = empty_hash_map();
    set_large_field(h, 0, meta);
    assoc_all(h, &kvs)
}

fn array_assoc(m: Value, k: Value, v: Value) -> Res {
    let idx = match array_index_of(m, k) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(m);
            heap::drop(k);
            heap::drop(v);
            return Err(e);
        }
    };
    match idx {
        Some(i) => {
            if array_kvs(m)[2 * i + 1] == v {
                heap::drop(k);
                heap::drop(v);
                return Ok(m);
            }
            let m = unique(m);
            let old = large_field(m, 2 + 2 * i);
            set_large_field(m, 2 + 2 * i, v);
            heap::drop(old);
            heap::drop(k);
            Ok(m)
        }
        None if map_count(m) >= ARRAY_MAP_MAX => match array_to_hash(m) {
            Ok(h) => hash_assoc(h, k, v),
            Err(e) => {
                heap::drop(k);
                heap::drop(v);
                Err(e)
            }
        },
        None => Ok(array_push(m, k, v)),
    }
}

fn array_push(m: Value, k: Value, v: Value) -> Value {
    let m = large_unique_with_room(m, 2);
    let n = large_count(m);
    set_large_field(m, n, k);
    set_large_field(m, n + 1, v);
    set_large_count(m, n + 2);
    m
}

/// Removes pair `i`: keeping the order of the others (persistent), or
/// moving the last pair into the hole (`TransientArrayMap.doWithout`).
fn array_remove(m: Value, i: usize, swap_last: bool) -> Value {
    let m = unique(m);
    let n = large_count(m);
    let (ok, ov) = (large_field(m, 1 + 2 * i), large_field(m, 2 + 2 * i));
    if swap_last {
        set_large_field(m, 1 + 2 * i, large_field(m, n - 2));
        set_large_field(m, 2 + 2 * i, large_field(m, n - 1));
    } else {
        for j in (1 + 2 * i)..(n - 2) {
            set_large_field(m, j, large_field(m, j + 2));
        }
    }
    set_large_count(m, n - 2);
    heap::drop(ok);
    heap::drop(ov);
    m
}

fn array_dissoc(m: Value, k: Value, swap_last: bool) -> Res {
    match array_index_of(m, k) {
        Ok(Some(i)) => Ok(array_remove(m, i, swap_last)),
        Ok(None) => Ok(m),
        Err(e) => {
            heap::drop(m);
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------
// Maps: the public functions

/// The stored key and value (borrowed) for `k`, if present (`find`).
pub fn map_find(m: Value, k: Value) -> Res<Option<(Value, Value)>> {
    if is_hash_map(m) {
        return hash_find(m, k);
    }
    let kvs = array_kvs(m);
    Ok(array_index_of(m, k)?.map(|i| (kvs[2 * i], kvs[2 * i + 1])))
}

/// The value at `k` (borrowed), if present.
pub fn map_lookup(m: Value, k: Value) -> Res<Option<Value>> {
    Ok(map_find(m, k)?.map(|(_, v)| v))
}

/// `map_lookup` of a keyword `k` (borrowed result): an array map is
/// scanned by identity, since keywords are interned and no other key equals
/// one; a hash map is searched as usual. The fast path of `(:k m)`.
#[inline]
pub fn map_lookup_keyword(m: Value, k: Value) -> Res<Option<Value>> {
    debug_assert!(string::is_keyword(k));
    if is_hash_map(m) {
        return map_lookup(m, k);
    }
    let kvs = array_kvs(m);
    Ok((0..kvs.len() / 2)
        .find(|&i| kvs[2 * i] == k)
        .map(|i| kvs[2 * i + 1]))
}

/// True if `m` has key `k`.
pub fn map_contains(m: Value, k: Value) -> Res<bool> {
    Ok(map_find(m, k)?.is_some())
}

/// `(assoc m k v)`: all three owned. In place when `m` is unique.
pub fn map_assoc(m: Value, k: Value, v: Value) -> Res {
    if is_hash_map(m) {
        hash_assoc(m, k, v)
    } else {
        array_assoc(m, k, v)
    }
}

/// `(dissoc m k)`: `m` owned. An array map keeps the order of the others.
pub fn map_dissoc(m: Value, k: Value) -> Res {
    if is_hash_map(m) {
        hash_without(m, k)
    } else {
        array_dissoc(m, k, false)
    }
}

/// Calls `f` on each entry (key and value borrowed) in seq order until it
/// returns false. The map must stay unchanged meanwhile.
pub fn map_for_each(m: Value, f: &mut dyn FnMut(Value, Value) -> Res<bool>) -> Res<()> {
    if is_hash_map(m) {
        return hash_for_each(m, f);
    }
    for kv in array_kvs(m).chunks(2) {
        if !f(kv[0], kv[1])? {
            break;
        }
    }
    Ok(())
}

/// The entries in seq order, keys and values borrowed.
pub fn map_entries(m: Value) -> Vec<(Value, Value)> {
    let mut out = Vec::with_capacity(map_count(m));
    let _ = map_for_each(m, &mut |k, v| {
        out.push((k, v));
        Ok(true)
    });
    out
}

/// Keys and values alternating, in seq order (borrowed).
pub fn map_kvs(m: Value) -> Vec<Value> {
    map_entries(m)
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect()
}

/// The seq of `m` (owned), nil when empty.
pub fn map_seq(m: Value) -> Value {
    if is_hash_map(m) {
        return hash_seq(m);
    }
    if map_count(m) == 0 {
        Value::NIL
    } else {
        seq::array_seq(dupd(m), 0)
    }
}

/// A map from `kvs` (keys and values alternating, each owned) for a map
/// literal: a repeated key throws "Duplicate key: k". Up to 8 entries make
/// an array map, more a hash map (Clojure's `RT.map`).
pub fn make_map(kvs: &[Value]) -> Res {
    make_map_reusing(Value::NONE, kvs)
}

/// `make_map` allocating the root through reuse token `token`.
pub fn make_map_reusing(token: Value, kvs: &[Value]) -> Res {
    debug_assert!(kvs.len() & 1 == 0);
    let n = kvs.len() / 2;
    let mut m = if n <= ARRAY_MAP_MAX {
        let m = alloc_large_reusing(token, Tag::Map, 1 + kvs.len());
        set_large_field(m, 0, Value::NIL);
        set_large_count(m, 1);
        m
    } else {
        empty_hash_root(token, Tag::Map)
    };
    for (i, pair) in kvs.chunks(2).enumerate() {
        let dup = match map_find(m, pair[0]) {
            Ok(found) => found.is_some(),
            Err(e) => {
                drop_all(&kvs[2 * i..]);
                heap::drop(m);
                return Err(e);
            }
        };
        if dup {
            let msg = format!("Duplicate key: {}", crate::print::pr_str(pair[0]));
            drop_all(&kvs[2 * i..]);
            heap::drop(m);
            return Err(error::illegal_arg(&msg));
        }
        m = if n <= ARRAY_MAP_MAX {
            array_push(m, pair[0], pair[1])
        } else {
            match hash_assoc(m, pair[0], pair[1]) {
                Ok(m) => m,
                Err(e) => {
                    drop_all(&kvs[2 * i + 2..]);
                    return Err(e);
                }
            }
        };
    }
    Ok(m)
}

/// A map from `kvs` (owned) as by `assoc` onto `{}`: later keys win; an
/// array map up to 8 entries, else a hash map.
pub fn map_from_kvs(kvs: &[Value]) -> Res {
    assoc_all(empty_map(), kvs)
}

/// Rebuilds the trie of hash map or set `c` (an immortal one loaded from an
/// image) in place, hashing its keys again: `c` keeps its identity and
/// metadata, its count and root are replaced by those of a new trie (made
/// immortal, like `c`).
pub(crate) fn rehash_in_place(c: Value) -> Res<()> {
    let fresh = if has_tag(c, Tag::Set) {
        super::set_from(&super::set_members(c))?
    } else {
        hash_map_from_kvs(&map_kvs(c))?
    };
    heap::make_immortal(fresh);
    debug_assert_eq!(large_count(fresh), HASH_FIELDS);
    // Field 0 is the metadata, kept; the rest describe the trie.
    for i in 1..HASH_FIELDS {
        set_large_field(c, i, large_field(fresh, i));
    }
    Ok(())
}

/// `(hash-map k v ...)`: `kvs` owned; always the hash shape.
pub fn hash_map_from_kvs(kvs: &[Value]) -> Res {
    assoc_all(empty_hash_map(), kvs)
}

/// `(array-map k v ...)`: `kvs` owned; an array map of any size in
/// insertion order (Clojure's `createAsIfByAssoc`), later keys win.
pub fn array_map_from_kvs(kvs: &[Value]) -> Res {
    let mut m = empty_map();
    for (i, pair) in kvs.chunks(2).enumerate() {
        let idx = match array_index_of(m, pair[0]) {
            Ok(x) => x,
            Err(e) => {
                heap::drop(m);
                drop_all(&kvs[2 * i..]);
                return Err(e);
            }
        };
        m = match idx {
            Some(j) => {
                let old = large_field(m, 2 + 2 * j);
                set_large_field(m, 2 + 2 * j, pair[1]);
                heap::drop(old);
                heap::drop(pair[0]);
                m
            }
            None => array_push(m, pair[0], pair[1]),
        };
    }
    Ok(m)
}

fn assoc_all(mut m: Value, kvs: &[Value]) -> Res {
    for (i, pair) in kvs.chunks(2).enumerate() {
        match map_assoc(m, pair[0], pair[1]) {
            Ok(x) => m = x,
            Err(e) => {
                drop_all(&kvs[2 * i + 2..]);
                return Err(e);
            }
        }
    }
    Ok(m)
}

pub(crate) fn drop_all(vs: &[Value]) {
    for v in vs {
        heap::drop(*v);
    }
}

// ---------------------------------------------------------------------------
// Transient maps (after Clojure's TransientHashMap and TransientArrayMap)
//
//   TransientMap  header | map (Value::NONE after persistent!)
//
// The transient owns its map alone: the first update path-copies what it
// shares with the persistent map it came from, and from then on the root and
// every node it has touched are unique, so updates are in place, which is
// what Clojure's edit token buys. `persistent!` hands the map out and kills
// the transient.

fn transient_dead() -> crate::Thrown {
    error::throw(
        "IllegalAccessError",
        "Transient used after persistent! call",
    )
}

/// `(transient m)`: `m` borrowed.
pub fn transient_map(m: Value) -> Value {
    alloc_fields(Tag::TransientMap, &[dupd(m)], 0)
}

/// The live map inside transient `t` (borrowed), or the "used after
/// persistent!" error.
pub fn transient_hash_inner(t: Value) -> Res<Value> {
    let m = field(t, 0);
    if m == Value::NONE {
        Err(transient_dead())
    } else {
        Ok(m)
    }
}

/// Runs `f` on the map (owned) taken out of transient `t` and stores the
/// result back; on error the transient is left empty.
fn transient_update(t: Value, f: impl FnOnce(Value) -> Res, empty: fn() -> Value) -> Res<()> {
    let m = transient_hash_inner(t)?;
    set_field(t, 0, Value::NONE);
    match f(m) {
        Ok(m) => {
            set_field(t, 0, m);
            Ok(())
        }
        Err(e) => {
            set_field(t, 0, empty());
            Err(e)
        }
    }
}

/// `(assoc! t k v)`: `t` borrowed (updated), `k` and `v` owned.
pub fn transient_map_assoc(t: Value, k: Value, v: Value) -> Res<()> {
    if let Err(e) = transient_hash_inner(t) {
        heap::drop(k);
        heap::drop(v);
        return Err(e);
    }
    transient_update(t, |m| map_assoc(m, k, v), empty_map)
}

/// `(dissoc! t k)`: `t` borrowed (updated). An array map moves its last
/// entry into the hole, as `TransientArrayMap` does.
pub fn transient_map_dissoc(t: Value, k: Value) -> Res<()> {
    transient_update(
        t,
        |m| {
            if is_hash_map(m) {
                hash_without(m, k)
            } else {
                array_dissoc(m, k, true)
            }
        },
        empty_map,
    )
}

/// `(conj! t x)` on a transient map: `x` an entry, pair vector, map or nil.
pub fn transient_map_conj(t: Value, x: Value) -> Res<()> {
    transient_update(t, |m| conj(m, x), empty_map)
}

/// `(persistent! t)`: the map (owned), without meta; `t` is dead after.
pub fn transient_map_persistent(t: Value) -> Res {
    let m = transient_hash_inner(t)?;
    set_field(t, 0, Value::NONE);
    if large_field(m, 0).is_nil() {
        return Ok(m);
    }
    let m = unique(m);
    let meta = large_field(m, 0);
    set_large_field(m, 0, Value::NIL);
    heap::drop(meta);
    Ok(m)
}

/// The JVM class of transient map `t`: it follows its map's shape.
pub fn transient_map_class(t: Value) -> &'static str {
    let m = field(t, 0);
    if m != Value::NONE && !is_hash_map(m) {
        "clojure.lang.PersistentArrayMap$TransientArrayMap"
    } else {
        "clojure.lang.PersistentHashMap$TransientHashMap"
    }
}

/// `(count t)` of a transient map.
pub fn transient_map_count(t: Value) -> Res<usize> {
    Ok(map_count(transient_hash_inner(t)?))
}
