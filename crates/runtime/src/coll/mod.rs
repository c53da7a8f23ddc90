//! Persistent collections: lists, cons cells, vectors, maps, sets, map
//! entries, and the generic collection functions over them (`count`, `nth`,
//! `get`, `conj`, `assoc`, ...).
//!
//! ```text
//! EmptyList  header | meta                         `()`; one immortal instance without meta
//! List       header | first | rest | meta | count  rest is a List or an EmptyList
//! Cons       header | first | more | meta          more is a seq or nil
//! MapEntry   header | key | val
//! Vector     header | count | shift | root | tail | meta   (a trie: see vector.rs)
//! SubVector  header | vector | start | end | meta
//! Map        array map or hash map (see map.rs)
//! Set        hash set (see set.rs); their trie nodes are in hamt.rs
//! ```
//! Vectors are Clojure's 32-way tries (`vector.rs`); maps and sets are
//! array maps and HAMTs. All are updated in place along the path to the
//! changed item when their nodes are unique, and path-copied only where
//! nodes are shared. This is the Perceus payoff: `(assoc v i x)` on an
//! unshared vector writes one word.

use crate::equiv;
use crate::error::{self, cast_error};
use crate::heap;
use crate::num;
use crate::object::{
    alloc_fields, alloc_fields_reusing, alloc_large, alloc_large_reusing, field, has_tag,
    large_count, large_field, large_fields, large_size, large_unique_with_room, raw, replace_field,
    set_field, set_large_count, set_large_field, set_raw, tag_of, HEADER_SIZE,
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

pub mod chunk;
mod list;
pub use list::*;
mod vector;
pub use vector::*;
mod hamt;
pub use hamt::{is_node_seq, node_seq_first, node_seq_next, NodeIter};
mod map;
pub use map::*;
mod set;
pub use set::*;
mod sorted;
pub use sorted::*;
mod array;
pub mod record;
pub use array::*;
#[cfg(test)]
mod map_tests;

// ---------------------------------------------------------------------------
// Metadata

/// The index of the meta field of objects that have one.
fn meta_field(v: Value) -> Option<usize> {
    Some(match tag_of(v)? {
        Tag::Symbol => 2,
        Tag::EmptyList => 0,
        Tag::List | Tag::Cons | Tag::LazySeq | Tag::ArraySeq => 2,
        Tag::Range | Tag::ChunkedCons => 3,
        Tag::Map | Tag::Set => 1, // word 1 = large field 0
        Tag::Vector => VECTOR_META,
        Tag::SubVector => SUBVECTOR_META,
        Tag::Atom => 3,
        Tag::MetaFn => 1,
        Tag::Var => 1,
        Tag::SortedMap | Tag::SortedSet | Tag::TreeSeq => 3,
        Tag::Record | Tag::Reify => return record::meta_index(v),
        _ => return None,
    })
}

/// `(meta x)` (owned).
/// Sets every value field of `v` to nil, dropping what they held. For
/// releasing what an immortal cell holds at exit (`image::release_cells`).
pub(crate) fn clear_value_fields(v: Value) {
    // SAFETY: v is a live object; scan_fields names its value words.
    let (count, first) = unsafe { crate::object::Header::scan_fields(v.header()) };
    for i in 0..count {
        replace_field(v, first + i, Value::NIL);
    }
}

pub fn meta(v: Value) -> Value {
    match meta_field(v) {
        Some(i) => dupd(field(v, i)),
        None => Value::NIL,
    }
}

/// `(with-meta x m)`: `x` owned, `m` borrowed. Updates `x` in place when it
/// is unique.
pub fn with_meta(x: Value, m: Value) -> Res {
    if !m.is_nil() && !is_map(m) && !is_sorted_map(m) {
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
            let kv = [field(x, 0), field(x, 1)];
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
        Tag::Map | Tag::Set => return large_unique_with_room(v, 0),
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
        Some(Tag::Vector | Tag::SubVector) => Ok(vector_len(v)),
        Some(Tag::TransientVector) => Ok(vector_len(transient_inner(v)?)),
        Some(Tag::Map) => Ok(map_count(v)),
        Some(Tag::Set) => Ok(set_count(v)),
        Some(Tag::TransientMap) => transient_map_count(v),
        Some(Tag::TransientSet) => transient_set_count(v),
        Some(Tag::String) => Ok(string::char_count(v)),
        Some(Tag::List) => Ok(raw(v, 3) as usize),
        Some(Tag::EmptyList) => Ok(0),
        Some(Tag::MapEntry) => Ok(2),
        Some(Tag::SortedMap | Tag::SortedSet) => Ok(sorted_count(v)),
        Some(Tag::Record) => Ok(record::record_count(v)),
        Some(
            Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range | Tag::TreeSeq | Tag::ChunkedCons,
        ) => seq::seq_count(v),
        Some(Tag::ObjectArray | Tag::PrimArray) => Ok(array_len(v)),
        Some(Tag::ArrayChunk) => Ok(chunk::chunk_count(v)),
        _ => match record::call_interface(v, "clojure.lang.Counted", "count", &[]) {
            Some(n) => {
                let n = n?;
                let c = num::as_long(n).and_then(|c| usize::try_from(c).ok());
                let r = c.ok_or_else(|| error::cast_error(n, "java.lang.Integer"));
                heap::drop(n);
                r
            }
            None => Err(error::unsupported(&format!(
                "count not supported on this type: {}",
                error::simple_class_name_of(v)
            ))),
        },
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
        Some(
            Tag::Cons
                | Tag::LazySeq
                | Tag::ArraySeq
                | Tag::Range
                | Tag::List
                | Tag::TreeSeq
                | Tag::ChunkedCons
        )
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
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => {
            Ok(idx(vector_len(coll)).map(|i| dupd(vector_nth(coll, i))))
        }
        Some(Tag::TransientVector) => {
            let v = transient_inner(coll)?;
            Ok(idx(vector_len(v)).map(|i| dupd(vector_nth(v, i))))
        }
        Some(Tag::ObjectArray | Tag::PrimArray) => {
            Ok(idx(array_len(coll)).and_then(|i| array_get(coll, i)))
        }
        Some(Tag::String) => {
            let s = string::str_of(coll);
            Ok(if n < 0 {
                None
            } else {
                s.chars().nth(n as usize).map(Value::char)
            })
        }
        Some(Tag::ArrayChunk) => Ok(chunk::chunk_nth(coll, n)),
        Some(
            Tag::List
            | Tag::EmptyList
            | Tag::Cons
            | Tag::LazySeq
            | Tag::ArraySeq
            | Tag::Range
            | Tag::TreeSeq
            | Tag::ChunkedCons,
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
    if matches!(tag_of(coll), Some(Tag::Deftype | Tag::Reify)) {
        if let Some(r) =
            record::call_interface(coll, "clojure.lang.ILookup", "valAt", &[k, not_found])
        {
            return r;
        }
    }
    Ok(lookup(coll, k)?.unwrap_or_else(|| dupd(not_found)))
}

/// The value at `k` (owned), `None` when absent or not a lookup.
pub fn lookup(coll: Value, k: Value) -> Res<Option<Value>> {
    match tag_of(coll) {
        Some(Tag::Map) => Ok(map_lookup(coll, k)?.map(dupd)),
        Some(Tag::Record) => Ok(record::record_lookup(coll, k)?.map(dupd)),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => {
            Ok(num::as_long(k).and_then(|i| vector_get(coll, i)).map(dupd))
        }
        Some(Tag::TransientVector) => {
            let v = transient_inner(coll)?;
            Ok(num::as_long(k).and_then(|i| vector_get(v, i)).map(dupd))
        }
        Some(Tag::SortedMap | Tag::SortedSet) => sorted_lookup(coll, k),
        Some(Tag::ObjectArray | Tag::PrimArray) => Ok(match num::as_long(k) {
            Some(i) if i >= 0 => array_get(coll, i as usize),
            _ => None,
        }),
        Some(Tag::Set) => Ok(set_lookup(coll, k)?.map(dupd)),
        // TaggedLiteral.valAt: `:tag` and `:form`.
        Some(Tag::TaggedLiteral) => {
            let (tag, form) = crate::tagged::tagged_parts(coll);
            let name = crate::string::is_keyword(k).then(|| crate::string::name_parts(k));
            Ok(match name {
                Some((None, "tag")) => Some(dupd(tag)),
                Some((None, "form")) => Some(dupd(form)),
                _ => None,
            })
        }
        Some(Tag::TransientMap) => Ok(map_lookup(transient_hash_inner(coll)?, k)?.map(dupd)),
        Some(Tag::TransientSet) => Ok(transient_set_lookup(coll, k)?.map(dupd)),
        Some(Tag::String) => match num::as_long(k) {
            Some(i) if i >= 0 => Ok(string::str_of(coll)
                .chars()
                .nth(i as usize)
                .map(Value::char)),
            _ => Ok(None),
        },
        Some(Tag::Deftype | Tag::Reify) => {
            record::call_interface(coll, "clojure.lang.ILookup", "valAt", &[k]).transpose()
        }
        _ => Ok(None),
    }
}

/// `(contains? coll k)`.
pub fn contains(coll: Value, k: Value) -> Res<bool> {
    if coll.is_nil() {
        return Ok(false);
    }
    match tag_of(coll) {
        Some(Tag::Map) => map_contains(coll, k),
        Some(Tag::Record) => Ok(record::record_lookup(coll, k)?.is_some()),
        Some(Tag::Set) => set_contains(coll, k),
        Some(Tag::SortedMap | Tag::SortedSet) => Ok(sorted_node(coll, k)?.is_some()),
        Some(Tag::TransientMap) => map_contains(transient_hash_inner(coll)?, k),
        Some(Tag::TransientSet) => Ok(transient_set_lookup(coll, k)?.is_some()),
        Some(Tag::TransientVector) => contains(transient_inner(coll)?, k),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => Ok(match num::as_long(k) {
            Some(i) => i >= 0 && (i as usize) < count(coll)?,
            None => false,
        }),
        // RT.contains: strings and arrays are not Associative; only a
        // Number key (through its intValue) asks for an index.
        Some(Tag::String | Tag::ObjectArray | Tag::PrimArray) if num::is_number(k) => {
            let i = num::int_value(k)?;
            Ok(i >= 0 && (i as usize) < count(coll)?)
        }
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
        Some(Tag::Vector | Tag::SubVector) => Ok(vec_conj(coll, dupd(x))),
        Some(Tag::MapEntry) => {
            let v = make_vector(&[dupd(field(coll, 0)), dupd(field(coll, 1)), dupd(x)]);
            heap::drop(coll);
            Ok(v)
        }
        Some(Tag::Map) => map_conj(coll, x),
        Some(Tag::Record) => record::record_conj(coll, x),
        Some(Tag::Set) => set_conj(coll, dupd(x)),
        Some(Tag::SortedMap) => sorted_map_conj(coll, x),
        Some(Tag::SortedSet) => sorted_assoc(coll, dupd(x), Value::NIL),
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
        Some(
            Tag::Cons | Tag::LazySeq | Tag::ArraySeq | Tag::Range | Tag::TreeSeq | Tag::ChunkedCons,
        ) => Ok(cons(dupd(x), coll)),
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
        Some(Tag::Vector | Tag::SubVector) => {
            if vector_len(x) != 2 {
                heap::drop(m);
                return Err(error::illegal_arg("Vector arg to map conj must be a pair"));
            }
            map_assoc(m, dupd(vector_nth(x, 0)), dupd(vector_nth(x, 1)))
        }
        Some(Tag::Map) => {
            let mut m = m;
            for (k, v) in map_entries(x) {
                m = map_assoc(m, dupd(k), dupd(v))?;
            }
            Ok(m)
        }
        // A seq of entries.
        _ => fold_items(m, seq::SeqIter::new(x), map_conj),
    }
}

/// `(assoc coll k v)`: `coll` owned, `k` and `v` borrowed.
pub fn assoc(coll: Value, k: Value, v: Value) -> Res {
    if coll.is_nil() {
        return make_map(&[dupd(k), dupd(v)]);
    }
    match tag_of(coll) {
        Some(Tag::Map) => map_assoc(coll, dupd(k), dupd(v)),
        Some(Tag::Record) => record::record_assoc(coll, k, v),
        Some(Tag::SortedMap) => sorted_assoc(coll, dupd(k), dupd(v)),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => {
            let coll = if has_tag(coll, Tag::MapEntry) {
                let vec = make_vector(&[dupd(field(coll, 0)), dupd(field(coll, 1))]);
                heap::drop(coll);
                vec
            } else {
                coll
            };
            let Some(i) = num::as_long(k) else {
                heap::drop(coll);
                return Err(error::illegal_arg("Key must be integer"));
            };
            vec_assoc(coll, i, dupd(v))
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
    if is_sorted_map(m) {
        return sorted_without(m, k);
    }
    if record::is_record(m) {
        return record::record_dissoc(m, k);
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
    if is_sorted_set(s) {
        return sorted_without(s, x);
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
        Some(Tag::Vector | Tag::SubVector) => Ok(vector_peek(coll).map(dupd).unwrap_or(Value::NIL)),
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
        Some(Tag::Vector | Tag::SubVector) => vec_pop(coll),
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
        Some(Tag::Map) => Ok(match map_find(m, k)? {
            Some((k, v)) => map_entry(dupd(k), dupd(v)),
            None => Value::NIL,
        }),
        Some(Tag::SortedMap) => sorted_find(m, k),
        Some(Tag::Record) => record::record_find(m, k),
        Some(Tag::Vector | Tag::SubVector) => {
            Ok(match num::as_long(k).and_then(|i| vector_get(m, i)) {
                Some(x) => map_entry(dupd(k), dupd(x)),
                None => Value::NIL,
            })
        }
        _ if m.is_nil() => Ok(Value::NIL),
        _ => Err(cast_error(m, "java.util.Map")),
    }
}

/// `(empty coll)`: an empty collection of the same kind with the same meta.
pub fn empty(coll: Value) -> Res {
    let m = meta(coll);
    let e = match tag_of(coll) {
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => make_vector(&[]),
        Some(Tag::Map) if is_hash_map(coll) => empty_hash_map(),
        Some(Tag::Map) => empty_map(),
        Some(Tag::Set) => empty_set(),
        Some(Tag::SortedMap | Tag::SortedSet) => sorted_empty(coll),
        Some(
            Tag::List
            | Tag::EmptyList
            | Tag::Cons
            | Tag::LazySeq
            | Tag::ArraySeq
            | Tag::Range
            | Tag::TreeSeq
            | Tag::ChunkedCons,
        ) => empty_list(),
        Some(Tag::Record) => {
            heap::drop(m);
            return Err(error::unsupported(&format!(
                "Can't create empty: {}",
                record::type_name(coll)
            )));
        }
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
        let items: Vec<Value> = map_entries(m)
            .into_iter()
            .map(|(k, v)| dupd(if which == 0 { k } else { v }))
            .collect();
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
    make_subvec(v, start, end)
}

/// Builds a vector from any seqable (`vec`).
pub fn vec(coll: Value) -> Res {
    vec_owned(dupd(coll))
}

/// `vec` consuming `coll` (a seq's cells are released as they are passed).
pub fn vec_owned(coll: Value) -> Res {
    if is_vector(coll) {
        let m = meta(coll);
        heap::drop(m);
        return if m.is_nil() {
            Ok(coll)
        } else {
            with_meta(coll, Value::NIL)
        };
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
    fold_items(to, seq::SeqIter::new_owned(from), conj)
}

/// Folds `step` over the items of `it`, threading the owned accumulator
/// `acc` through it: `step(acc, item)` consumes `acc` and borrows `item`,
/// which is released after its step. On an error (making the iterator,
/// walking it, or a step) `acc` is released and the error returned.
pub(crate) fn fold_items(
    acc: Value,
    it: Res<seq::SeqIter>,
    mut step: impl FnMut(Value, Value) -> Res,
) -> Res {
    let mut it = match it {
        Ok(it) => it,
        Err(e) => {
            heap::drop(acc);
            return Err(e);
        }
    };
    let mut acc = acc;
    loop {
        match it.next_item() {
            Ok(Some(x)) => {
                let r = step(acc, x);
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
