//! Sets, after Clojure's `PersistentHashSet`: always the hash shape (even
//! `#{1 2}`, as on the JVM), a trie of members.
//!
//! ```text
//! Set  header(scan=LARGE) | n = 6 | meta | count | root | has-nil | nil | nil
//! ```
//!
//! The layout is the hash map's (`map.rs`), and the trie is the same
//! (`hamt.rs`) with `SET_VAL` in every value slot, so a set iterates in the
//! order a hash map with the same keys does, as JVM Clojure's sets (a
//! `PersistentHashMap` inside) do.

use super::hamt::SET_VAL;
use super::*;

/// Bytes of a set literal, for drop-reuse: the root, whatever the size.
pub const fn alloc_size_set(_n: usize) -> usize {
    large_size(HASH_FIELDS)
}

pub fn is_set(v: Value) -> bool {
    has_tag(v, Tag::Set)
}

/// `#{}`.
pub fn empty_set() -> Value {
    empty_hash_root(Value::NONE, Tag::Set)
}

/// The number of members.
#[inline]
pub fn set_count(s: Value) -> usize {
    hash_count(s)
}

/// The stored member (borrowed) equal to `x`, if any (`get` on a set).
pub fn set_lookup(s: Value, x: Value) -> Res<Option<Value>> {
    Ok(hash_find(s, x)?.map(|(k, _)| k))
}

pub fn set_contains(s: Value, x: Value) -> Res<bool> {
    Ok(hash_find(s, x)?.is_some())
}

/// `(conj s x)`: both owned. In place when `s` is unique; an existing equal
/// member stays (and `x` is released).
pub fn set_conj(s: Value, x: Value) -> Res {
    hash_assoc(s, x, SET_VAL)
}

/// `(disj s x)`: `s` owned.
pub fn set_disj(s: Value, x: Value) -> Res {
    hash_without(s, x)
}

/// Calls `f` on each member (borrowed) in seq order until it returns false.
pub fn set_for_each(s: Value, f: &mut dyn FnMut(Value) -> Res<bool>) -> Res<()> {
    hash_for_each(s, &mut |k, _| f(k))
}

/// The keys of a map or the members of a set (borrowed), in seq order.
pub fn map_or_set_keys(c: Value, out: &mut Vec<Value>) -> Res<()> {
    if is_set(c) {
        set_for_each(c, &mut |x| {
            out.push(x);
            Ok(true)
        })
    } else {
        map_for_each(c, &mut |k, _| {
            out.push(k);
            Ok(true)
        })
    }
}

/// The members in seq order (borrowed).
pub fn set_members(s: Value) -> Vec<Value> {
    let mut out = Vec::with_capacity(set_count(s));
    let _ = set_for_each(s, &mut |x| {
        out.push(x);
        Ok(true)
    });
    out
}

/// The seq of `s` (owned), nil when empty.
pub fn set_seq(s: Value) -> Value {
    hash_seq(s)
}

/// A set of `items` (each owned) for a set literal: a repeated item throws
/// "Duplicate key: x".
pub fn make_set(items: &[Value]) -> Res {
    make_set_reusing(Value::NONE, items)
}

/// `make_set` allocating the root through reuse token `token`.
pub fn make_set_reusing(token: Value, items: &[Value]) -> Res {
    let mut s = empty_hash_root(token, Tag::Set);
    for (i, x) in items.iter().enumerate() {
        let dup = match set_contains(s, *x) {
            Ok(found) => found,
            Err(e) => {
                drop_all(&items[i..]);
                heap::drop(s);
                return Err(e);
            }
        };
        if dup {
            let msg = format!("Duplicate key: {}", crate::print::pr_str(*x));
            drop_all(&items[i..]);
            heap::drop(s);
            return Err(error::illegal_arg(&msg));
        }
        s = match set_conj(s, *x) {
            Ok(s) => s,
            Err(e) => {
                drop_all(&items[i + 1..]);
                return Err(e);
            }
        };
    }
    Ok(s)
}

/// A set of `items` (owned), duplicates allowed (`hash-set`, `set`).
pub fn set_from(items: &[Value]) -> Res {
    let mut s = empty_set();
    for (i, x) in items.iter().enumerate() {
        match set_conj(s, *x) {
            Ok(t) => s = t,
            Err(e) => {
                drop_all(&items[i + 1..]);
                return Err(e);
            }
        }
    }
    Ok(s)
}

/// Bytes of a closure with `n` captures, for drop-reuse.
pub const fn alloc_size_closure(n: usize) -> usize {
    HEADER_SIZE + 8 * (1 + n)
}

// ---------------------------------------------------------------------------
// Transient sets (after Clojure's TransientHashSet)
//
//   TransientSet  header | set (Value::NONE after persistent!)
//
// As transient maps (`map.rs`): the transient owns its set alone, so after
// the first path copy every update is in place.

/// `(transient s)`: `s` borrowed.
pub fn transient_set(s: Value) -> Value {
    alloc_fields(Tag::TransientSet, &[dupd(s)], 0)
}

fn transient_set_update(t: Value, f: impl FnOnce(Value) -> Res) -> Res<()> {
    let s = transient_hash_inner(t)?;
    set_field(t, 0, Value::NONE);
    match f(s) {
        Ok(s) => {
            set_field(t, 0, s);
            Ok(())
        }
        Err(e) => {
            set_field(t, 0, empty_set());
            Err(e)
        }
    }
}

/// `(conj! t x)`: `t` borrowed (updated), `x` owned.
pub fn transient_set_conj(t: Value, x: Value) -> Res<()> {
    if let Err(e) = transient_hash_inner(t) {
        heap::drop(x);
        return Err(e);
    }
    transient_set_update(t, |s| set_conj(s, x))
}

/// `(disj! t x)`: `t` borrowed (updated).
pub fn transient_set_disj(t: Value, x: Value) -> Res<()> {
    transient_set_update(t, |s| set_disj(s, x))
}

/// `(persistent! t)`: the set (owned), without meta; `t` is dead after.
pub fn transient_set_persistent(t: Value) -> Res {
    transient_map_persistent(t)
}

/// `(count t)` of a transient set.
pub fn transient_set_count(t: Value) -> Res<usize> {
    Ok(set_count(transient_hash_inner(t)?))
}

/// `(contains? t x)` / `(get t x)` on a transient set: the stored member.
pub fn transient_set_lookup(t: Value, x: Value) -> Res<Option<Value>> {
    set_lookup(transient_hash_inner(t)?, x)
}
