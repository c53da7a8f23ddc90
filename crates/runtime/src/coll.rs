//! Persistent collections: lists, cons cells, vectors, maps, sets, map
//! entries, and the generic collection functions over them (`count`, `nth`,
//! `get`, `conj`, `assoc`, ...).
//!
//! ```text
//! EmptyList  header | meta                         `()`; one immortal instance without meta
//! List       header | first | rest | meta | count  rest is a List or an EmptyList
//! Cons       header | first | more | meta          more is a seq or nil
//! MapEntry   header | key | val
//! Vector     header(scan=LARGE) | n | meta | items...
//! Map        header(scan=LARGE) | n | meta | k0 | v0 | k1 | v1 ...   (insertion order)
//! Set        header(scan=LARGE) | n | meta | items...                (insertion order)
//! ```
//! Vectors, maps and sets are arrays (fast tries and HAMTs come later) whose
//! memory block may have spare capacity: a function that takes one of them
//! owned updates it in place when it is unique, growing it by `realloc`
//! (amortized O(1) `conj`). A shared one is copied first. This is the
//! Perceus payoff: `(assoc v i x)` on an unshared vector writes one word.
//!
//! Maps and sets keep insertion order, which is JVM Clojure's printing
//! order for array maps (up to 8 entries). Lookup is linear for now.

use crate::equiv;
use crate::error::{self, cast_error};
use crate::heap;
use crate::num;
use crate::object::{
    alloc_fields, alloc_fields_reusing, alloc_large, alloc_large_reusing, field, has_tag,
    large_count, large_field, large_fields, large_size, large_unique_with_room, raw, replace_field,
    set_large_count, set_large_field, set_raw, tag_of, HEADER_SIZE,
};
use crate::seq;
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use std::sync::OnceLock;

#[inline(always)]
pub(crate) fn dupd(v: Value) -> Value {
    heap::dup(v);
    v
}

// ---------------------------------------------------------------------------
// Lists

/// The empty list `()` (immortal).
pub fn empty_list() -> Value {
    static EMPTY: OnceLock<u64> = OnceLock::new();
    Value(*EMPTY.get_or_init(|| {
        let v = alloc_fields(Tag::EmptyList, &[Value::NIL], 0);
        heap::make_immortal(v);
        v.0
    }))
}

/// A list cell `(x . rest)`; `x` and `rest` (a List or EmptyList) owned.
pub fn list_cell(x: Value, rest: Value) -> Value {
    let count = if has_tag(rest, Tag::List) {
        raw(rest, 3) + 1
    } else {
        1
    };
    let v = alloc_fields(Tag::List, &[x, rest, Value::NIL], 1);
    set_raw(v, 3, count);
    v
}

/// A list of `items` (owned), in order.
pub fn list_from_owned(items: Vec<Value>) -> Value {
    list_from(&items)
}

/// A list of `items` (each owned), in order.
pub fn list_from(items: &[Value]) -> Value {
    let mut l = empty_list();
    for x in items.iter().rev() {
        l = list_cell(*x, l);
    }
    l
}

pub fn is_list(v: Value) -> bool {
    has_tag(v, Tag::List) || has_tag(v, Tag::EmptyList)
}

// ---------------------------------------------------------------------------
// Cons

/// Bytes of a Cons cell, for drop-reuse.
pub const fn alloc_size_cons() -> usize {
    HEADER_SIZE + 24
}

/// `(cons x coll)`: `x` and `coll` owned. `coll` is stored as the rest
/// when it is a seq or nil; a collection is replaced by its seq.
pub fn cons(x: Value, coll: Value) -> Value {
    cons_reusing(Value::NONE, x, coll)
}

/// `cons` through a reuse token (`Value::NONE` for none).
pub fn cons_reusing(token: Value, x: Value, coll: Value) -> Value {
    let more = match tag_of(coll) {
        Some(Tag::Vector | Tag::Map | Tag::Set | Tag::String | Tag::MapEntry) => {
            // seq of these never throws.
            let s = seq::seq(coll).unwrap_or(Value::NIL);
            heap::drop(coll);
            s
        }
        // Seqs are kept as they are; anything else is kept too and throws
        // "Don't know how to create ISeq" when the rest is walked.
        _ => coll,
    };
    alloc_fields_reusing(token, Tag::Cons, &[x, more, Value::NIL], 0)
}

// ---------------------------------------------------------------------------
// Map entries

pub fn map_entry(k: Value, v: Value) -> Value {
    alloc_fields(Tag::MapEntry, &[k, v], 0)
}

// ---------------------------------------------------------------------------
// Vectors

pub const fn alloc_size_vector(n: usize) -> usize {
    large_size(1 + n)
}

/// A vector of `items` (each owned).
pub fn make_vector(items: &[Value]) -> Value {
    make_vector_reusing(Value::NONE, items)
}

pub fn make_vector_reusing(token: Value, items: &[Value]) -> Value {
    let v = alloc_large_reusing(token, Tag::Vector, 1 + items.len());
    set_large_field(v, 0, Value::NIL);
    for (i, x) in items.iter().enumerate() {
        set_large_field(v, 1 + i, *x);
    }
    set_large_count(v, 1 + items.len());
    v
}

pub fn vector_from_vec(items: Vec<Value>) -> Value {
    make_vector(&items)
}

/// An empty vector with room for `cap` items.
pub fn vector_with_capacity(cap: usize) -> Value {
    let v = alloc_large(Tag::Vector, 1 + cap);
    set_large_field(v, 0, Value::NIL);
    set_large_count(v, 1);
    v
}

pub fn is_vector(v: Value) -> bool {
    has_tag(v, Tag::Vector)
}

#[inline]
pub fn vector_len(v: Value) -> usize {
    large_count(v) - 1
}

/// The items of a vector (or map entry), borrowed.
#[inline]
pub fn vector_items<'a>(v: Value) -> &'a [Value] {
    if has_tag(v, Tag::MapEntry) {
        // SAFETY: a MapEntry's two value fields are words 0 and 1.
        return unsafe {
            std::slice::from_raw_parts(
                crate::object::Header::word(v.header(), 0) as *const Value,
                2,
            )
        };
    }
    &large_fields(v)[1..]
}

/// `(conj v x)`: `v` and `x` owned. In place when `v` is unique.
pub fn vector_push(v: Value, x: Value) -> Value {
    let v = large_unique_with_room(v, 1);
    let n = large_count(v);
    set_large_field(v, n, x);
    set_large_count(v, n + 1);
    v
}

/// `(assoc v i x)` for `i < count`: `v` and `x` owned.
pub fn vector_set(v: Value, i: usize, x: Value) -> Value {
    let v = large_unique_with_room(v, 0);
    let old = large_field(v, 1 + i);
    set_large_field(v, 1 + i, x);
    heap::drop(old);
    v
}

/// `(pop v)` for a non-empty vector (owned).
pub fn vector_pop(v: Value) -> Value {
    let v = large_unique_with_room(v, 0);
    let n = large_count(v);
    let last = large_field(v, n - 1);
    set_large_count(v, n - 1);
    heap::drop(last);
    v
}

// ---------------------------------------------------------------------------
// Maps

pub const fn alloc_size_map(n: usize) -> usize {
    large_size(1 + 2 * n)
}

pub fn is_map(v: Value) -> bool {
    has_tag(v, Tag::Map)
}

pub fn empty_map() -> Value {
    let m = alloc_large(Tag::Map, 1);
    set_large_field(m, 0, Value::NIL);
    set_large_count(m, 1);
    m
}

#[inline]
pub fn map_count(m: Value) -> usize {
    (large_count(m) - 1) / 2
}

/// Keys and values alternating (borrowed).
#[inline]
pub fn map_kvs<'a>(m: Value) -> &'a [Value] {
    &large_fields(m)[1..]
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

/// The index (in pairs) of key `k` in map `m`.
pub fn map_index_of(m: Value, k: Value) -> Res<Option<usize>> {
    let kvs = map_kvs(m);
    for i in 0..kvs.len() / 2 {
        if key_eq(kvs[2 * i], k)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The value at `k` (borrowed), if present.
pub fn map_lookup(m: Value, k: Value) -> Res<Option<Value>> {
    Ok(map_index_of(m, k)?.map(|i| map_kvs(m)[2 * i + 1]))
}

/// `(assoc m k v)`: all three owned. In place when `m` is unique.
pub fn map_assoc(m: Value, k: Value, v: Value) -> Res {
    let idx = match map_index_of(m, k) {
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
            if map_kvs(m)[2 * i + 1] == v {
                heap::drop(k);
                heap::drop(v);
                return Ok(m);
            }
            let m = large_unique_with_room(m, 0);
            let old = large_field(m, 2 + 2 * i);
            set_large_field(m, 2 + 2 * i, v);
            heap::drop(old);
            heap::drop(k);
            Ok(m)
        }
        None => {
            let m = large_unique_with_room(m, 2);
            let n = large_count(m);
            set_large_field(m, n, k);
            set_large_field(m, n + 1, v);
            set_large_count(m, n + 2);
            Ok(m)
        }
    }
}

/// `(dissoc m k)`: `m` owned. Keeps the order of the other entries.
pub fn map_dissoc(m: Value, k: Value) -> Res {
    let idx = match map_index_of(m, k) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(m);
            return Err(e);
        }
    };
    let Some(i) = idx else { return Ok(m) };
    let m = large_unique_with_room(m, 0);
    let n = large_count(m);
    let (ok, ov) = (large_field(m, 1 + 2 * i), large_field(m, 2 + 2 * i));
    for j in (1 + 2 * i)..(n - 2) {
        set_large_field(m, j, large_field(m, j + 2));
    }
    set_large_count(m, n - 2);
    heap::drop(ok);
    heap::drop(ov);
    Ok(m)
}

/// A map from `kvs` (keys and values alternating, each owned) for a map
/// literal: a repeated key throws "Duplicate key: k".
pub fn make_map(kvs: &[Value]) -> Res {
    make_map_reusing(Value::NONE, kvs)
}

pub fn make_map_reusing(token: Value, kvs: &[Value]) -> Res {
    debug_assert!(kvs.len() & 1 == 0);
    let m = alloc_large_reusing(token, Tag::Map, 1 + kvs.len());
    set_large_field(m, 0, Value::NIL);
    set_large_count(m, 1);
    for (i, pair) in kvs.chunks(2).enumerate() {
        let dup = match map_index_of(m, pair[0]) {
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
        let n = large_count(m);
        set_large_field(m, n, pair[0]);
        set_large_field(m, n + 1, pair[1]);
        set_large_count(m, n + 2);
    }
    Ok(m)
}

/// A map from `kvs` (owned) where later keys win (`hash-map`, `array-map`).
pub fn map_from_kvs(kvs: &[Value]) -> Res {
    let mut m = empty_map();
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

fn drop_all(vs: &[Value]) {
    for v in vs {
        heap::drop(*v);
    }
}

// ---------------------------------------------------------------------------
// Sets

pub const fn alloc_size_set(n: usize) -> usize {
    large_size(1 + n)
}

pub fn is_set(v: Value) -> bool {
    has_tag(v, Tag::Set)
}

pub fn empty_set() -> Value {
    let s = alloc_large(Tag::Set, 1);
    set_large_field(s, 0, Value::NIL);
    set_large_count(s, 1);
    s
}

#[inline]
pub fn set_items<'a>(s: Value) -> &'a [Value] {
    &large_fields(s)[1..]
}

pub fn set_index_of(s: Value, x: Value) -> Res<Option<usize>> {
    for (i, y) in set_items(s).iter().enumerate() {
        if key_eq(*y, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

pub fn set_contains(s: Value, x: Value) -> Res<bool> {
    Ok(set_index_of(s, x)?.is_some())
}

/// `(conj s x)`: both owned.
pub fn set_conj(s: Value, x: Value) -> Res {
    match set_index_of(s, x) {
        Ok(Some(_)) => {
            heap::drop(x);
            Ok(s)
        }
        Ok(None) => {
            let s = large_unique_with_room(s, 1);
            let n = large_count(s);
            set_large_field(s, n, x);
            set_large_count(s, n + 1);
            Ok(s)
        }
        Err(e) => {
            heap::drop(s);
            heap::drop(x);
            Err(e)
        }
    }
}

/// `(disj s x)`: `s` owned.
pub fn set_disj(s: Value, x: Value) -> Res {
    let idx = match set_index_of(s, x) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(s);
            return Err(e);
        }
    };
    let Some(i) = idx else { return Ok(s) };
    let s = large_unique_with_room(s, 0);
    let n = large_count(s);
    let old = large_field(s, 1 + i);
    for j in (1 + i)..(n - 1) {
        set_large_field(s, j, large_field(s, j + 1));
    }
    set_large_count(s, n - 1);
    heap::drop(old);
    Ok(s)
}

/// A set of `items` (each owned) for a set literal: a repeated item throws
/// "Duplicate key: x".
pub fn make_set(items: &[Value]) -> Res {
    make_set_reusing(Value::NONE, items)
}

pub fn make_set_reusing(token: Value, items: &[Value]) -> Res {
    let s = alloc_large_reusing(token, Tag::Set, 1 + items.len());
    set_large_field(s, 0, Value::NIL);
    set_large_count(s, 1);
    for (i, x) in items.iter().enumerate() {
        let dup = match set_index_of(s, *x) {
            Ok(found) => found.is_some(),
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
        let n = large_count(s);
        set_large_field(s, n, *x);
        set_large_count(s, n + 1);
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
// Metadata

/// The index of the meta field of objects that have one.
fn meta_field(v: Value) -> Option<usize> {
    Some(match tag_of(v)? {
        Tag::Symbol => 2,
        Tag::EmptyList => 0,
        Tag::List | Tag::Cons | Tag::LazySeq | Tag::ArraySeq => 2,
        Tag::Range => 3,
        Tag::Vector | Tag::Map | Tag::Set => 1, // word 1 = large field 0
        Tag::Atom => 3,
        Tag::MetaFn => 1,
        Tag::Var => 1,
        _ => return None,
    })
}

/// `(meta x)` (owned).
pub fn meta(v: Value) -> Value {
    match meta_field(v) {
        Some(i) => dupd(field(v, i)),
        None => Value::NIL,
    }
}

/// `(with-meta x m)`: `x` owned, `m` borrowed. Updates `x` in place when it
/// is unique.
pub fn with_meta(x: Value, m: Value) -> Res {
    if !m.is_nil() && !is_map(m) {
        let e = cast_error(m, "clojure.lang.IPersistentMap");
        heap::drop(x);
        return Err(e);
    }
    let tag = tag_of(x);
    match tag {
        Some(Tag::Closure | Tag::NativeFn) => {
            return Ok(alloc_fields(Tag::MetaFn, &[x, dupd(m)], 0));
        }
        Some(Tag::MetaFn) if !heap::is_unique(x) => {
            let f = dupd(field(x, 0));
            heap::drop(x);
            return Ok(alloc_fields(Tag::MetaFn, &[f, dupd(m)], 0));
        }
        Some(Tag::MapEntry) => {
            let kv = vector_items(x);
            let v = make_vector(&[dupd(kv[0]), dupd(kv[1])]);
            heap::drop(x);
            return with_meta(v, m);
        }
        Some(Tag::EmptyList) if heap::is_immortal(x) => {
            return Ok(alloc_fields(Tag::EmptyList, &[dupd(m)], 0));
        }
        _ => {}
    }
    let Some(i) = meta_field(x).filter(|_| !matches!(tag, Some(Tag::Atom | Tag::Var))) else {
        let e = error::cast_error(x, "clojure.lang.IObj");
        heap::drop(x);
        return Err(e);
    };
    let x = if heap::is_unique(x) {
        x
    } else {
        shallow_copy(x)
    };
    replace_field(x, i, dupd(m));
    Ok(x)
}

/// A copy of `v` (owned; released) sharing its fields (dup'd).
fn shallow_copy(v: Value) -> Value {
    let tag = tag_of(v).expect("heap object");
    let c = match tag {
        Tag::Vector | Tag::Map | Tag::Set => return large_unique_with_room(v, 0),
        Tag::List => {
            let c = alloc_fields(
                Tag::List,
                &[dupd(field(v, 0)), dupd(field(v, 1)), dupd(field(v, 2))],
                1,
            );
            set_raw(c, 3, raw(v, 3));
            c
        }
        _ => {
            // SAFETY: v is a live object with `scan` ordinary value fields and
            // no raw payload (the remaining meta-carrying tags).
            let n = unsafe { (*v.header()).scan } as usize;
            let fields: Vec<Value> = (0..n).map(|i| dupd(field(v, i))).collect();
            alloc_fields(tag, &fields, 0)
        }
    };
    heap::drop(v);
    c
}

// ---------------------------------------------------------------------------
// Generic collection functions

/// `(count coll)`.
pub fn count(v: Value) -> Res<usize> {
    if v.is_nil() {
        return Ok(0);
    }
    match tag_of(v) {
        Some(Tag::Vector) => Ok(vector_len(v)),
        Some(Tag::Map) => Ok(map_count(v)),
        Some(Tag::Set) => Ok(set_items(v).len()),
        Some(Tag::String) => Ok(string::char_count(v)),
        Some(Tag::List) => Ok(raw(v, 3) as usize),
        Some(Tag::EmptyList) => Ok(0),
        Some(Tag::MapEntry) => Ok(2),
        Some(Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range) => seq::seq_count(v),
        _ => Err(error::unsupported(&format!(
            "count not supported on this type: {}",
            error::simple_class_name_of(v)
        ))),
    }
}

/// `(count coll)` consuming `coll`: a seq is walked releasing each cell as
/// the count passes it.
pub fn count_owned(v: Value) -> Res<usize> {
    if is_walked_seq(v) {
        return seq::seq_count_owned(v);
    }
    let r = count(v);
    heap::drop(v);
    r
}

/// Seqs that `count` and `nth` walk (the others know their length).
fn is_walked_seq(v: Value) -> bool {
    matches!(
        tag_of(v),
        Some(Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range | Tag::List)
    )
}

/// An index argument: an integer, else ClassCastException.
fn index_arg(i: Value) -> Res<i64> {
    if let Some(n) = num::as_long(i) {
        return Ok(n);
    }
    if num::is_number(i) {
        return num::to_long(i);
    }
    Err(cast_error(i, "java.lang.Number"))
}

fn oob(i: i64, len: usize) -> crate::Thrown {
    error::index_out_of_bounds(&format!("Index {i} out of bounds for length {len}"))
}

/// `(nth coll i)`: throws IndexOutOfBoundsException out of range.
pub fn nth(coll: Value, i: Value) -> Res {
    let n = index_arg(i)?;
    match nth_opt(coll, n)? {
        Some(x) => Ok(x),
        None if coll.is_nil() => Ok(Value::NIL),
        None => {
            let len = count(coll).unwrap_or(0);
            Err(oob(n, len))
        }
    }
}

/// `(nth coll i)` consuming `coll` (see `count_owned`).
pub fn nth_owned(coll: Value, i: Value) -> Res {
    let nil = coll.is_nil();
    match nth_walk_owned(coll, i, true)? {
        Ok(x) => Ok(x),
        Err(_) if nil => Ok(Value::NIL),
        Err((n, len)) => Err(oob(n, len)),
    }
}

/// `(nth coll i not-found)` consuming `coll` (see `count_owned`).
pub fn nth_or_owned(coll: Value, i: Value, not_found: Value) -> Res {
    Ok(nth_walk_owned(coll, i, false)?.unwrap_or_else(|_| dupd(not_found)))
}

/// The `i`th item of `coll` (consumed), or the index and (if `want_len`)
/// the length when out of range.
fn nth_walk_owned(coll: Value, i: Value, want_len: bool) -> Res<Result<Value, (i64, usize)>> {
    if !is_walked_seq(coll) {
        let r = index_arg(i).and_then(|n| {
            Ok(match nth_opt(coll, n)? {
                Some(x) => Ok(x),
                None if want_len => Err((n, count(coll).unwrap_or(0))),
                None => Err((n, 0)),
            })
        });
        heap::drop(coll);
        return r;
    }
    let n = match index_arg(i) {
        Ok(n) => n,
        Err(e) => {
            heap::drop(coll);
            return Err(e);
        }
    };
    if n < 0 {
        let len = if want_len {
            count_owned(coll).unwrap_or(0)
        } else {
            heap::drop(coll);
            0
        };
        return Ok(Err((n, len)));
    }
    Ok(seq::seq_nth_owned(coll, n as usize)?.map_err(|len| (n, len)))
}

/// `(nth coll i not-found)`.
pub fn nth_or(coll: Value, i: Value, not_found: Value) -> Res {
    let n = index_arg(i)?;
    Ok(nth_opt(coll, n)?.unwrap_or_else(|| dupd(not_found)))
}

/// The `n`th item (owned), `None` when out of range.
pub fn nth_opt(coll: Value, n: i64) -> Res<Option<Value>> {
    if coll.is_nil() {
        return Ok(None);
    }
    let idx = |len: usize| {
        if n >= 0 && (n as usize) < len {
            Some(n as usize)
        } else {
            None
        }
    };
    match tag_of(coll) {
        Some(Tag::Vector | Tag::MapEntry) => {
            let items = vector_items(coll);
            Ok(idx(items.len()).map(|i| dupd(items[i])))
        }
        Some(Tag::String) => {
            let s = string::str_of(coll);
            Ok(if n < 0 {
                None
            } else {
                s.chars().nth(n as usize).map(Value::char)
            })
        }
        Some(
            Tag::List | Tag::EmptyList | Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range,
        ) => {
            if n < 0 {
                return Ok(None);
            }
            seq::seq_nth(coll, n as usize)
        }
        _ => Err(error::unsupported(&format!(
            "nth not supported on this type: {}",
            error::simple_class_name_of(coll)
        ))),
    }
}

/// `(get coll k)` (owned result; nil when absent).
pub fn get(coll: Value, k: Value) -> Res {
    get_or(coll, k, Value::NIL)
}

/// `(get coll k not-found)`.
pub fn get_or(coll: Value, k: Value, not_found: Value) -> Res {
    Ok(lookup(coll, k)?.unwrap_or_else(|| dupd(not_found)))
}

/// The value at `k` (owned), `None` when absent or not a lookup.
pub fn lookup(coll: Value, k: Value) -> Res<Option<Value>> {
    match tag_of(coll) {
        Some(Tag::Map) => Ok(map_lookup(coll, k)?.map(dupd)),
        Some(Tag::Vector | Tag::MapEntry) => match num::as_long(k) {
            Some(i) => {
                let items = vector_items(coll);
                Ok(if i >= 0 && (i as usize) < items.len() {
                    Some(dupd(items[i as usize]))
                } else {
                    None
                })
            }
            None => Ok(None),
        },
        Some(Tag::Set) => Ok(set_index_of(coll, k)?.map(|i| dupd(set_items(coll)[i]))),
        Some(Tag::String) => match num::as_long(k) {
            Some(i) if i >= 0 => Ok(string::str_of(coll)
                .chars()
                .nth(i as usize)
                .map(Value::char)),
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// `(contains? coll k)`.
pub fn contains(coll: Value, k: Value) -> Res<bool> {
    if coll.is_nil() {
        return Ok(false);
    }
    match tag_of(coll) {
        Some(Tag::Map) => Ok(map_index_of(coll, k)?.is_some()),
        Some(Tag::Set) => set_contains(coll, k),
        Some(Tag::Vector | Tag::MapEntry | Tag::String) => Ok(match num::as_long(k) {
            Some(i) => i >= 0 && (i as usize) < count(coll)?,
            None => false,
        }),
        _ => Err(error::illegal_arg(&format!(
            "contains? not supported on type: {}",
            error::class_name_of(coll)
        ))),
    }
}

/// `(conj coll x)`: `coll` owned, `x` borrowed.
pub fn conj(coll: Value, x: Value) -> Res {
    if coll.is_nil() {
        return Ok(list_cell(dupd(x), empty_list()));
    }
    match tag_of(coll) {
        Some(Tag::Vector) => Ok(vector_push(coll, dupd(x))),
        Some(Tag::MapEntry) => {
            let kv = vector_items(coll);
            let v = make_vector(&[dupd(kv[0]), dupd(kv[1]), dupd(x)]);
            heap::drop(coll);
            Ok(v)
        }
        Some(Tag::Map) => map_conj(coll, x),
        Some(Tag::Set) => set_conj(coll, dupd(x)),
        Some(Tag::List | Tag::EmptyList) => {
            let m = if has_tag(coll, Tag::EmptyList) {
                field(coll, 0)
            } else {
                Value::NIL
            };
            let l = list_cell(dupd(x), coll);
            if !m.is_nil() {
                replace_field(l, 2, dupd(m));
            }
            Ok(l)
        }
        Some(Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range) => Ok(cons(dupd(x), coll)),
        _ => {
            let e = cast_error(coll, "clojure.lang.IPersistentCollection");
            heap::drop(coll);
            Err(e)
        }
    }
}

/// `(conj m x)` on a map: `x` is a map entry, a pair vector, a map, or nil.
fn map_conj(m: Value, x: Value) -> Res {
    if x.is_nil() {
        return Ok(m);
    }
    match tag_of(x) {
        Some(Tag::MapEntry) => map_assoc(m, dupd(field(x, 0)), dupd(field(x, 1))),
        Some(Tag::Vector) => {
            let items = vector_items(x);
            if items.len() != 2 {
                heap::drop(m);
                return Err(error::illegal_arg("Vector arg to map conj must be a pair"));
            }
            map_assoc(m, dupd(items[0]), dupd(items[1]))
        }
        Some(Tag::Map) => {
            let mut m = m;
            for kv in map_kvs(x).chunks(2) {
                m = map_assoc(m, dupd(kv[0]), dupd(kv[1]))?;
            }
            Ok(m)
        }
        _ => {
            // A seq of entries.
            let mut m = m;
            let mut it = match seq::SeqIter::new(x) {
                Ok(it) => it,
                Err(e) => {
                    heap::drop(m);
                    return Err(e);
                }
            };
            loop {
                match it.next_item() {
                    Ok(Some(e)) => {
                        let r = map_conj(m, e);
                        heap::drop(e);
                        m = r?;
                    }
                    Ok(None) => return Ok(m),
                    Err(e) => {
                        heap::drop(m);
                        return Err(e);
                    }
                }
            }
        }
    }
}

/// `(assoc coll k v)`: `coll` owned, `k` and `v` borrowed.
pub fn assoc(coll: Value, k: Value, v: Value) -> Res {
    if coll.is_nil() {
        return make_map(&[dupd(k), dupd(v)]);
    }
    match tag_of(coll) {
        Some(Tag::Map) => map_assoc(coll, dupd(k), dupd(v)),
        Some(Tag::Vector | Tag::MapEntry) => {
            let coll = if has_tag(coll, Tag::MapEntry) {
                let kv = vector_items(coll);
                let vec = make_vector(&[dupd(kv[0]), dupd(kv[1])]);
                heap::drop(coll);
                vec
            } else {
                coll
            };
            let Some(i) = num::as_long(k) else {
                heap::drop(coll);
                return Err(error::illegal_arg("Key must be integer"));
            };
            let len = vector_len(coll);
            if i >= 0 && (i as usize) < len {
                Ok(vector_set(coll, i as usize, dupd(v)))
            } else if i as usize == len {
                Ok(vector_push(coll, dupd(v)))
            } else {
                heap::drop(coll);
                Err(oob(i, len))
            }
        }
        _ => {
            let e = cast_error(coll, "clojure.lang.Associative");
            heap::drop(coll);
            Err(e)
        }
    }
}

/// `(dissoc m k)`: `m` owned.
pub fn dissoc(m: Value, k: Value) -> Res {
    if m.is_nil() {
        return Ok(m);
    }
    if is_map(m) {
        return map_dissoc(m, k);
    }
    let e = cast_error(m, "clojure.lang.IPersistentMap");
    heap::drop(m);
    Err(e)
}

/// `(disj s x)`: `s` owned.
pub fn disj(s: Value, x: Value) -> Res {
    if s.is_nil() {
        return Ok(s);
    }
    if is_set(s) {
        return set_disj(s, x);
    }
    let e = cast_error(s, "clojure.lang.IPersistentSet");
    heap::drop(s);
    Err(e)
}

/// `(peek coll)`.
pub fn peek(coll: Value) -> Res {
    if coll.is_nil() {
        return Ok(Value::NIL);
    }
    match tag_of(coll) {
        Some(Tag::Vector) => Ok(vector_items(coll)
            .last()
            .map(|x| dupd(*x))
            .unwrap_or(Value::NIL)),
        Some(Tag::List) => Ok(dupd(field(coll, 0))),
        Some(Tag::EmptyList) => Ok(Value::NIL),
        _ => Err(cast_error(coll, "clojure.lang.IPersistentStack")),
    }
}

/// `(pop coll)`: `coll` owned.
pub fn pop(coll: Value) -> Res {
    if coll.is_nil() {
        return Ok(coll);
    }
    match tag_of(coll) {
        Some(Tag::Vector) => {
            if vector_len(coll) == 0 {
                heap::drop(coll);
                return Err(error::illegal_state("Can't pop empty vector"));
            }
            Ok(vector_pop(coll))
        }
        Some(Tag::List) => {
            let r = dupd(field(coll, 1));
            heap::drop(coll);
            Ok(r)
        }
        Some(Tag::EmptyList) => {
            heap::drop(coll);
            Err(error::illegal_state("Can't pop empty list"))
        }
        _ => {
            let e = cast_error(coll, "clojure.lang.IPersistentStack");
            heap::drop(coll);
            Err(e)
        }
    }
}

/// `(find m k)`: the map entry, or nil.
pub fn find(m: Value, k: Value) -> Res {
    match tag_of(m) {
        Some(Tag::Map) => Ok(match map_index_of(m, k)? {
            Some(i) => {
                let kv = map_kvs(m);
                map_entry(dupd(kv[2 * i]), dupd(kv[2 * i + 1]))
            }
            None => Value::NIL,
        }),
        Some(Tag::Vector) => Ok(match num::as_long(k) {
            Some(i) if i >= 0 && (i as usize) < vector_len(m) => {
                map_entry(dupd(k), dupd(vector_items(m)[i as usize]))
            }
            _ => Value::NIL,
        }),
        _ if m.is_nil() => Ok(Value::NIL),
        _ => Err(cast_error(m, "java.util.Map")),
    }
}

/// `(empty coll)`: an empty collection of the same kind with the same meta.
pub fn empty(coll: Value) -> Res {
    let m = meta(coll);
    let e = match tag_of(coll) {
        Some(Tag::Vector | Tag::MapEntry) => make_vector(&[]),
        Some(Tag::Map) => empty_map(),
        Some(Tag::Set) => empty_set(),
        Some(
            Tag::List | Tag::EmptyList | Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range,
        ) => empty_list(),
        _ => {
            heap::drop(m);
            return Ok(Value::NIL);
        }
    };
    if m.is_nil() {
        Ok(e)
    } else {
        let r = with_meta(e, m);
        heap::drop(m);
        r
    }
}

/// `(keys m)`: a seq of the keys, or nil.
pub fn keys(m: Value) -> Res {
    key_or_val_seq(m, 0)
}

/// `(vals m)`.
pub fn vals(m: Value) -> Res {
    key_or_val_seq(m, 1)
}

fn key_or_val_seq(m: Value, which: usize) -> Res {
    if m.is_nil() {
        return Ok(Value::NIL);
    }
    if is_map(m) {
        if map_count(m) == 0 {
            return Ok(Value::NIL);
        }
        let items: Vec<Value> = map_kvs(m).chunks(2).map(|kv| dupd(kv[which])).collect();
        return Ok(list_from(&items));
    }
    // A seq of map entries.
    let mut out = Vec::new();
    let mut it = seq::SeqIter::new(m)?;
    while let Some(e) = it.next_item()? {
        let r = if has_tag(e, Tag::MapEntry) {
            Ok(dupd(field(e, which)))
        } else {
            Err(cast_error(e, "java.util.Map$Entry"))
        };
        heap::drop(e);
        match r {
            Ok(x) => out.push(x),
            Err(t) => {
                drop_all(&out);
                return Err(t);
            }
        }
    }
    Ok(if out.is_empty() {
        Value::NIL
    } else {
        list_from(&out)
    })
}

/// `(subvec v start end)`.
pub fn subvec(v: Value, start: i64, end: i64) -> Res {
    if !is_vector(v) {
        return Err(cast_error(v, "clojure.lang.IPersistentVector"));
    }
    let len = vector_len(v) as i64;
    if start < 0 || end < start || end > len {
        return Err(error::index_out_of_bounds(&format!(
            "subvec [{start}, {end}) out of bounds for length {len}"
        )));
    }
    let items: Vec<Value> = vector_items(v)[start as usize..end as usize]
        .iter()
        .map(|x| dupd(*x))
        .collect();
    Ok(make_vector(&items))
}

/// Builds a vector from any seqable (`vec`).
pub fn vec(coll: Value) -> Res {
    vec_owned(dupd(coll))
}

/// `vec` consuming `coll` (a seq's cells are released as they are passed).
pub fn vec_owned(coll: Value) -> Res {
    if is_vector(coll) && meta(coll).is_nil() {
        return Ok(coll);
    }
    let items = seq::to_vec_owned(coll)?;
    Ok(vector_from_vec(items))
}

/// `(into to from)`: `to` owned.
pub fn into(to: Value, from: Value) -> Res {
    into_owned(to, dupd(from))
}

/// `(into to from)`, both owned (a seq's cells are released as they are
/// passed).
pub fn into_owned(to: Value, from: Value) -> Res {
    let mut acc = to;
    let mut it = match seq::SeqIter::new_owned(from) {
        Ok(it) => it,
        Err(e) => {
            heap::drop(acc);
            return Err(e);
        }
    };
    loop {
        match it.next_item() {
            Ok(Some(x)) => {
                let r = conj(acc, x);
                heap::drop(x);
                acc = r?;
            }
            Ok(None) => return Ok(acc),
            Err(e) => {
                heap::drop(acc);
                return Err(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, kw, pr};

    #[test]
    fn vectors_grow_in_place_when_unique() {
        check_leaks(|| {
            let mut v = make_vector(&[]);
            for i in 0..1000 {
                v = vector_push(v, Value::fixnum(i));
            }
            assert_eq!(vector_len(v), 1000);
            assert_eq!(vector_items(v)[999], Value::fixnum(999));
            // A shared vector is copied, the original untouched.
            heap::dup(v);
            let w = vector_set(v, 0, Value::fixnum(-1));
            assert_ne!(w, v);
            assert_eq!(vector_items(v)[0], Value::fixnum(0));
            assert_eq!(vector_items(w)[0], Value::fixnum(-1));
            // A unique vector is updated where it is.
            let addr = w;
            let w = vector_set(w, 1, Value::fixnum(-2));
            assert_eq!(w, addr);
            heap::drop(v);
            heap::drop(w);
        });
    }

    #[test]
    fn maps_keep_insertion_order() {
        check_leaks(|| {
            let m = make_map(&[kw("b"), Value::fixnum(2), kw("a"), Value::fixnum(1)]).unwrap();
            let m = map_assoc(m, kw("c"), Value::fixnum(3)).unwrap();
            let m = map_assoc(m, kw("b"), Value::fixnum(20)).unwrap();
            assert_eq!(pr(m), "{:b 20, :a 1, :c 3}");
            let m = map_dissoc(m, kw("a")).unwrap();
            assert_eq!(pr(m), "{:b 20, :c 3}");
            heap::drop(m);
            let e = make_map(&[kw("a"), Value::fixnum(1), kw("a"), Value::fixnum(2)]).unwrap_err();
            assert_eq!(error::exception_message(e.0).unwrap(), "Duplicate key: :a");
            heap::drop(e.0);
        });
    }

    #[test]
    fn generic_ops() {
        check_leaks(|| {
            let v = make_vector(&[Value::fixnum(1), Value::fixnum(2)]);
            let e = nth(v, Value::fixnum(5)).unwrap_err();
            assert!(error::exception_is(e.0, "IndexOutOfBoundsException"));
            heap::drop(e.0);
            let l = conj(Value::NIL, Value::fixnum(1)).unwrap();
            assert_eq!(pr(l), "(1)");
            heap::drop(l);
            let v = assoc(v, Value::fixnum(2), Value::fixnum(3)).unwrap();
            assert_eq!(pr(v), "[1 2 3]");
            let v = pop(v).unwrap();
            assert_eq!(pr(v), "[1 2]");
            heap::drop(v);
            let s = make_set(&[Value::fixnum(1), Value::fixnum(2)]).unwrap();
            assert!(contains(s, Value::fixnum(2)).unwrap());
            let s = set_disj(s, Value::fixnum(1)).unwrap();
            assert_eq!(pr(s), "#{2}");
            heap::drop(s);
        });
    }
}
