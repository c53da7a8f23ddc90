//! Seqs: `seq first rest next` over every seqable, lazy seqs, ranges, seqs
//! over arrays and strings, and `SeqIter`, the Rust-side iterator the
//! runtime uses to walk any seqable.
//!
//! ```text
//! LazySeq   header | fn (0-arg fn, nil once realized) | seq (nil or a seq) | meta
//! Range     header | start | end (nil: infinite) | step | meta      never empty
//! ArraySeq  header | coll | index (fixnum) | meta                     never empty
//! ArraySeq  header | node | slot (fixnum) | meta | sub                over a trie node (coll/hamt.rs)
//! ```
//!
//! A lazy seq is a thunk with three states:
//! - unrealized: `fn` is the body, `seq` is nil;
//! - realizing: `FLAG_BLACKHOLE` is set in the header while `fn` runs; a
//!   realization that reaches the same lazy seq again throws instead of
//!   looping (`(def s (lazy-seq (first s)))`);
//! - realized: `fn` is nil (the body is released at once) and `seq` holds
//!   the result, already passed through `seq`, so it is nil or a non-empty
//!   seq. If the body throws, the lazy seq stays unrealized (as in Clojure).
//!
//! An ArraySeq indexes a vector, map (by entry), set, map entry or string
//! (by byte offset); a Range computes its elements. Neither is ever empty:
//! `seq` returns nil instead.

use crate::callable;
use crate::coll::{self, chunk, dupd, empty_list, map_entry};
use crate::error;
use crate::heap;
use crate::num;
use crate::object::{
    alloc_fields, field, flags, has_tag, replace_field, set_field, set_flags, tag_of,
    FLAG_BLACKHOLE,
};
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

// ---------------------------------------------------------------------------
// Classification

/// `seq?`: the object is itself a seq.
pub fn is_seq(v: Value) -> bool {
    matches!(
        tag_of(v),
        Some(
            Tag::List
                | Tag::EmptyList
                | Tag::Cons
                | Tag::LazySeq
                | Tag::Range
                | Tag::ArraySeq
                | Tag::TreeSeq
                | Tag::ChunkedCons
        )
    )
}

/// `sequential?`: seqs, vectors and map entries (compared element-wise by `=`).
pub fn is_sequential(v: Value) -> bool {
    is_seq(v) || coll::is_vector_like(v)
}

/// `seqable?`
pub fn is_seqable(v: Value) -> bool {
    v.is_nil()
        || is_sequential(v)
        || matches!(
            tag_of(v),
            Some(
                Tag::Map
                    | Tag::Set
                    | Tag::String
                    | Tag::SortedMap
                    | Tag::SortedSet
                    | Tag::Record
                    | Tag::ObjectArray
                    | Tag::PrimArray
            )
        )
}

fn not_seqable(v: Value) -> crate::Thrown {
    error::illegal_arg(&format!(
        "Don't know how to create ISeq from: {}",
        error::class_name_of(v)
    ))
}

// ---------------------------------------------------------------------------
// seq first rest next

/// `(seq coll)`: nil for an empty collection, else a seq (owned).
pub fn seq(v: Value) -> Res {
    if v.is_nil() {
        return Ok(v);
    }
    match tag_of(v) {
        Some(
            Tag::List | Tag::Cons | Tag::Range | Tag::ArraySeq | Tag::TreeSeq | Tag::ChunkedCons,
        ) => Ok(dupd(v)),
        Some(Tag::EmptyList) => Ok(Value::NIL),
        Some(Tag::LazySeq) => Ok(dupd(realize(v)?)),
        Some(Tag::SortedMap | Tag::SortedSet) => Ok(coll::sorted_seq(v, true)),
        Some(Tag::Map) => Ok(coll::map_seq(v)),
        Some(Tag::Set) => Ok(coll::set_seq(v)),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => Ok(if coll::count(v)? == 0 {
            Value::NIL
        } else {
            array_seq(dupd(v), 0)
        }),
        Some(Tag::String) => Ok(if string::str_of(v).is_empty() {
            Value::NIL
        } else {
            array_seq(dupd(v), 0)
        }),
        Some(Tag::Record) => Ok(coll::record::record_seq(v)),
        // A seq over a Java array reads the array as it walks (as
        // clojure.lang.ArraySeq does): later `aset`s show through.
        Some(Tag::ObjectArray | Tag::PrimArray) => Ok(if coll::array_len(v) == 0 {
            Value::NIL
        } else {
            array_seq(dupd(v), 0)
        }),
        _ => match coll::record::call_interface(v, "clojure.lang.Seqable", "seq", &[]) {
            Some(s) => {
                let s = s?;
                let r = seq(s);
                heap::drop(s);
                r
            }
            None => Err(not_seqable(v)),
        },
    }
}

/// `(first coll)` (owned).
pub fn first(v: Value) -> Res {
    if v.is_nil() {
        return Ok(v);
    }
    match tag_of(v) {
        Some(Tag::List | Tag::Cons | Tag::Range) => Ok(dupd(field(v, 0))),
        Some(Tag::EmptyList) => Ok(Value::NIL),
        Some(Tag::LazySeq) => first(realize(v)?),
        Some(Tag::ArraySeq) => Ok(array_seq_first(v)),
        Some(Tag::ChunkedCons) => Ok(chunk::chunked_cons_first(v)),
        Some(Tag::TreeSeq) => Ok(coll::tree_seq_first(v)),
        Some(Tag::SortedMap | Tag::SortedSet) => Ok(coll::sorted_first(v)),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => {
            Ok(coll::vector_get(v, 0).map(dupd).unwrap_or(Value::NIL))
        }
        Some(Tag::Set | Tag::Map) => {
            let s = seq(v)?;
            let x = first(s);
            heap::drop(s);
            x
        }
        Some(Tag::String) => Ok(string::str_of(v)
            .chars()
            .next()
            .map(Value::char)
            .unwrap_or(Value::NIL)),
        Some(Tag::Record) => {
            let s = coll::record::record_seq(v);
            let r = first(s);
            heap::drop(s);
            r
        }
        // A deftype or reify that implements Seqable.
        Some(Tag::Deftype | Tag::Reify) => {
            let s = seq(v)?;
            let r = first(s);
            heap::drop(s);
            r
        }
        _ => Err(not_seqable(v)),
    }
}

/// `(next coll)`: the rest as a seq, or nil (owned).
pub fn next(v: Value) -> Res {
    if v.is_nil() {
        return Ok(v);
    }
    match tag_of(v) {
        Some(Tag::List) => {
            let r = field(v, 1);
            Ok(if has_tag(r, Tag::List) {
                dupd(r)
            } else {
                Value::NIL
            })
        }
        Some(Tag::Cons) => seq(field(v, 1)),
        Some(Tag::EmptyList) => Ok(Value::NIL),
        Some(Tag::LazySeq) => next(realize(v)?),
        Some(Tag::Range) => range_next(v),
        Some(Tag::ArraySeq) => Ok(array_seq_next(v)),
        Some(Tag::TreeSeq) => Ok(coll::tree_seq_next(v)),
        Some(Tag::ChunkedCons) => chunk::chunked_cons_next(v),
        _ => {
            let s = seq(v)?;
            let r = next(s);
            heap::drop(s);
            r
        }
    }
}

/// `(rest coll)`: like `next` but `()` instead of nil, and without
/// realizing more of a lazy tail than `next` would.
pub fn rest(v: Value) -> Res {
    if v.is_nil() {
        return Ok(empty_list());
    }
    match tag_of(v) {
        Some(Tag::List) => Ok(dupd(field(v, 1))),
        Some(Tag::Cons) => {
            let m = field(v, 1);
            Ok(if m.is_nil() { empty_list() } else { dupd(m) })
        }
        Some(Tag::EmptyList) => Ok(empty_list()),
        Some(Tag::LazySeq) => rest(realize(v)?),
        Some(Tag::ChunkedCons) => Ok(chunk::chunked_cons_rest(v)),
        _ => {
            let n = next(v)?;
            Ok(if n.is_nil() { empty_list() } else { n })
        }
    }
}

// ---------------------------------------------------------------------------
// Lazy seqs

/// `(%make-lazy-seq f)`: a lazy seq whose body is the 0-arg fn `f` (owned).
pub fn make_lazy_seq(f: Value) -> Value {
    alloc_fields(Tag::LazySeq, &[f, Value::NIL, Value::NIL], 0)
}

pub fn is_realized(ls: Value) -> bool {
    resolve(ls).is_ok()
}

/// Where forcing lazy seq `ls` stands, without running code: `Ok(seq)`
/// (borrowed from `ls`: nil or a non-lazy seq) when it is realized, or
/// `Err(pending)`: the unrealized lazy seq (borrowed) whose body must run
/// first, `ls` itself or the end of its forwarding chain.
///
/// A body that returns another lazy seq leaves `ls` realized as a
/// *forward* to it (`fn` nil, `seq` that lazy seq), as the JVM's
/// `LazySeq.seq` loops over `sval`: a chain of lazy seqs is realized one
/// body at a time from a loop, never by nested calls. Walking a chain
/// points `ls` straight at the last link reached, so re-resolving is O(1)
/// amortized.
pub fn resolve(ls: Value) -> Result<Value, Value> {
    if !field(ls, 0).is_nil() {
        return Err(ls);
    }
    loop {
        let s = field(ls, 1);
        if !has_tag(s, Tag::LazySeq) {
            return Ok(s);
        }
        if !field(s, 0).is_nil() {
            return Err(s);
        }
        // `s` is itself realized: skip over it.
        replace_field(ls, 1, dupd(field(s, 1)));
    }
}

/// The unrealized lazy seq (borrowed) that `first`/`seq`/`rest` (or, with
/// `next`, `next`) of `v` must realize before it can answer without running
/// code; `None` when it can answer at once. This is how the VM runs lazy
/// seq bodies in its own loop instead of calling back from Rust.
pub fn pending_lazy(v: Value, next: bool) -> Option<Value> {
    let mut s = v;
    if has_tag(s, Tag::LazySeq) {
        match resolve(s) {
            Ok(r) => s = r,
            Err(p) => return Some(p),
        }
    }
    if !next {
        return None;
    }
    let more = match tag_of(s) {
        Some(Tag::Cons) => field(s, 1),
        Some(Tag::ChunkedCons) if chunk::chunked_cons_next_local(s) => return None,
        Some(Tag::ChunkedCons) => field(s, 2),
        _ => return None,
    };
    if has_tag(more, Tag::LazySeq) {
        resolve(more).err()
    } else {
        None
    }
}

fn recursive_realize() -> crate::Thrown {
    error::illegal_state("lazy seq realized recursively: its body needs its own value")
}

/// Starts running the body of the unrealized lazy seq `ls`: marks it as
/// realizing (black-holed) and returns its body (borrowed), or throws if it
/// is already being realized. The caller runs the body and then calls
/// `lazy_complete` (or `lazy_abort` if the body threw).
///
/// If another actor is realizing it, waits for that to end first (see
/// `thunk`); if that realized it, returns nil, and the caller looks again.
pub fn lazy_begin(ls: Value) -> Res<Value> {
    if flags(ls) & FLAG_BLACKHOLE != 0 {
        crate::thunk::wait_for(ls, recursive_realize)?;
        if field(ls, 0).is_nil() {
            return Ok(Value::NIL);
        }
    }
    set_flags(ls, flags(ls) | FLAG_BLACKHOLE);
    crate::thunk::begin(ls);
    Ok(field(ls, 0))
}

/// Ends a realization of `ls` whose body threw: it stays unrealized, so the
/// next force runs the body again (and re-throws), as on the JVM.
pub fn lazy_abort(ls: Value) {
    if flags(ls) & FLAG_BLACKHOLE != 0 {
        crate::thunk::end(ls);
    }
    set_flags(ls, flags(ls) & !FLAG_BLACKHOLE);
}

/// Ends a realization of `ls` whose body returned `v` (owned): caches
/// `(seq v)`, or forwards to `v` if it is another lazy seq (see `resolve`).
/// Throws (leaving `ls` unrealized) if `v` is not seqable.
pub fn lazy_complete(ls: Value, v: Value) -> Res<()> {
    lazy_abort(ls);
    let s = if has_tag(v, Tag::LazySeq) {
        v
    } else {
        let s = seq(v);
        heap::drop(v);
        s?
    };
    if field(ls, 0).is_nil() {
        // Realized meanwhile by the body itself through another path: keep
        // the first result.
        heap::drop(s);
    } else {
        set_field(ls, 1, s);
        replace_field(ls, 0, Value::NIL);
    }
    Ok(())
}

/// Realizes a lazy seq from Rust and returns its seq (borrowed from `ls`).
/// Each body runs through `callable::invoke`; VM code forces lazy seqs in
/// its own loop instead (`pending_lazy`).
pub fn realize(ls: Value) -> Res<Value> {
    loop {
        let p = match resolve(ls) {
            Ok(s) => return Ok(s),
            Err(p) => p,
        };
        let f = lazy_begin(p)?;
        if f.is_nil() {
            // Realized by another actor while this one waited.
            continue;
        }
        match callable::invoke(f, &[]) {
            Ok(v) => lazy_complete(p, v)?,
            Err(e) => {
                lazy_abort(p);
                return Err(e);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Array seqs

/// A seq over `coll` (owned) from `index` on; the caller checks non-empty.
pub fn array_seq(coll: Value, index: usize) -> Value {
    alloc_fields(
        Tag::ArraySeq,
        &[coll, Value::fixnum(index as i64), Value::NIL],
        0,
    )
}

/// The collection (borrowed) and index of an array seq.
pub fn array_seq_parts(s: Value) -> (Value, usize) {
    (field(s, 0), field(s, 1).as_fixnum() as usize)
}

fn array_seq_first(s: Value) -> Value {
    let coll = field(s, 0);
    let i = field(s, 1).as_fixnum() as usize;
    match tag_of(coll) {
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => dupd(coll::vector_nth(coll, i)),
        Some(Tag::Map) => {
            let kv = &crate::object::large_fields(coll)[1..];
            map_entry(dupd(kv[2 * i]), dupd(kv[2 * i + 1]))
        }
        Some(Tag::ObjectArray | Tag::PrimArray) => coll::array_get(coll, i).unwrap_or(Value::NIL),
        Some(Tag::BitmapNode | Tag::ArrayNode | Tag::CollisionNode) => coll::node_seq_first(s),
        Some(Tag::String) => Value::char(
            string::str_of(coll)[i..]
                .chars()
                .next()
                .expect("index inside string"),
        ),
        _ => Value::NIL,
    }
}

/// The length (in index units) of an array seq's collection.
fn array_len(coll: Value) -> usize {
    match tag_of(coll) {
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => coll::vector_len(coll),
        Some(Tag::Map) => coll::map_count(coll),
        Some(Tag::String) => string::str_of(coll).len(),
        Some(Tag::ObjectArray | Tag::PrimArray) => coll::array_len(coll),
        _ => 0,
    }
}

fn array_step(coll: Value, i: usize) -> usize {
    if has_tag(coll, Tag::String) {
        i + string::str_of(coll)[i..]
            .chars()
            .next()
            .map(char::len_utf8)
            .unwrap_or(1)
    } else {
        i + 1
    }
}

fn array_seq_next(s: Value) -> Value {
    let coll = field(s, 0);
    if coll::is_node_seq(s) {
        return coll::node_seq_next(s);
    }
    let i = array_step(coll, field(s, 1).as_fixnum() as usize);
    if i < array_len(coll) {
        array_seq(dupd(coll), i)
    } else {
        Value::NIL
    }
}

fn array_seq_count(s: Value) -> usize {
    let coll = field(s, 0);
    let i = field(s, 1).as_fixnum() as usize;
    if has_tag(coll, Tag::String) {
        string::str_of(coll)[i..].chars().count()
    } else {
        array_len(coll) - i
    }
}

// ---------------------------------------------------------------------------
// Ranges

/// `(range)`, `(range end)`, `(range start end)`, `(range start end step)`:
/// `end` nil for an infinite range. Returns `()` when empty.
pub fn make_range(start: Value, end: Value, step: Value) -> Res {
    for x in [start, step] {
        if !num::is_number(x) {
            return Err(error::cast_error(x, "java.lang.Number"));
        }
    }
    if !end.is_nil() && !num::is_number(end) {
        return Err(error::cast_error(end, "java.lang.Number"));
    }
    if !range_has(start, end, step)? {
        return Ok(empty_list());
    }
    Ok(alloc_fields(
        Tag::Range,
        &[dupd(start), dupd(end), dupd(step), Value::NIL],
        0,
    ))
}

/// Is `x` inside the range that ends at `end` stepping by `step`?
pub(crate) fn range_has(x: Value, end: Value, step: Value) -> Res<bool> {
    if end.is_nil() {
        return Ok(true);
    }
    if num::is_pos(step)? {
        num::lt(x, end)
    } else if num::is_neg(step)? {
        num::gt(x, end)
    } else {
        // A zero step repeats start forever, unless the range is empty.
        Ok(!num::num_equiv(x, end)?)
    }
}

fn range_next(r: Value) -> Res {
    let (start, end, step) = (field(r, 0), field(r, 1), field(r, 2));
    if let (Some(a), Some(_), Some(s)) =
        (num::as_long(start), num::as_long(end), num::as_long(step))
    {
        // A long range near Long/MAX_VALUE or MIN_VALUE: a step that
        // overflows goes past the end (LongRange counts, never overflows).
        if a.checked_add(s).is_none() {
            return Ok(Value::NIL);
        }
    }
    let nxt = num::add(start, step)?;
    if range_has(nxt, end, step)? {
        Ok(alloc_fields(
            Tag::Range,
            &[nxt, dupd(end), dupd(step), Value::NIL],
            0,
        ))
    } else {
        heap::drop(nxt);
        Ok(Value::NIL)
    }
}

fn range_count(r: Value) -> Res<usize> {
    let (start, end, step) = (field(r, 0), field(r, 1), field(r, 2));
    if end.is_nil() || num::is_zero(step)? {
        return Err(error::unsupported("count of an infinite range"));
    }
    if let (Some(a), Some(b), Some(s)) =
        (num::as_long(start), num::as_long(end), num::as_long(step))
    {
        let (a, b, s) = (a as i128, b as i128, s as i128);
        let n = if s > 0 {
            (b - a + s - 1) / s
        } else {
            (a - b + (-s) - 1) / (-s)
        };
        return Ok(n.max(0) as usize);
    }
    let mut n = 0;
    let mut it = SeqIter::new(r)?;
    while let Some(x) = it.next_item()? {
        heap::drop(x);
        n += 1;
    }
    Ok(n)
}

/// Is `count` of this range O(1)? As on the JVM, only a finite range of
/// longs with a non-zero step (a `LongRange`) is `Counted`; `(range)` (an
/// `Iterate`), a zero step (a `Repeat`) and ranges of other numbers (a
/// `clojure.lang.Range`) are not.
pub fn range_is_counted(r: Value) -> bool {
    let (start, end, step) = (field(r, 0), field(r, 1), field(r, 2));
    match (num::as_long(start), num::as_long(end), num::as_long(step)) {
        (Some(_), Some(_), Some(s)) => s != 0,
        _ => false,
    }
}

/// The fields of a range (borrowed): start, end (nil if infinite), step.
pub fn range_parts(r: Value) -> (Value, Value, Value) {
    (field(r, 0), field(r, 1), field(r, 2))
}

// ---------------------------------------------------------------------------
// Counting and indexing seqs

/// `count` of a seq, walking it if it is not counted.
pub fn seq_count(v: Value) -> Res<usize> {
    seq_count_owned(dupd(v))
}

/// `count` of a seq (owned: consumed), walking it if it is not counted and
/// releasing each cell as it goes, so that a caller that held the only
/// reference never has the whole seq live at once.
pub fn seq_count_owned(v: Value) -> Res<usize> {
    let counted = match tag_of(v) {
        Some(Tag::Range) => Some(range_count(v)),
        Some(Tag::ArraySeq) if !coll::is_node_seq(v) => Some(Ok(array_seq_count(v))),
        Some(Tag::List) => Some(Ok(crate::object::raw(v, 3) as usize)),
        Some(Tag::TreeSeq) => coll::tree_seq_count(v).map(Ok),
        _ => None,
    };
    if let Some(c) = counted {
        heap::drop(v);
        return c;
    }
    let mut n = 0;
    let cur = seq(v);
    heap::drop(v);
    let mut cur = cur?;
    while !cur.is_nil() {
        match tag_of(cur) {
            Some(Tag::List) => {
                n += crate::object::raw(cur, 3) as usize;
                break;
            }
            Some(Tag::ArraySeq) if !coll::is_node_seq(cur) => {
                n += array_seq_count(cur);
                break;
            }
            Some(Tag::Range) => match range_count(cur) {
                Ok(c) => {
                    n += c;
                    break;
                }
                Err(e) => {
                    heap::drop(cur);
                    return Err(e);
                }
            },
            _ => {}
        }
        n += 1;
        let nx = next(cur);
        heap::drop(cur);
        cur = nx?;
    }
    heap::drop(cur);
    Ok(n)
}

/// The `n`th item of a seq (owned), `None` past the end.
pub fn seq_nth(v: Value, n: usize) -> Res<Option<Value>> {
    Ok(seq_nth_owned(dupd(v), n)?.ok())
}

/// The `n`th item of a seq (owned: consumed, each cell released as the walk
/// passes it): `Ok(item)`, or `Err(len)` if the seq has only `len` items.
pub fn seq_nth_owned(v: Value, n: usize) -> Res<Result<Value, usize>> {
    let mut it = SeqIter::new_owned(v)?;
    let mut i = 0;
    while let Some(x) = it.next_item()? {
        if i == n {
            return Ok(Ok(x));
        }
        heap::drop(x);
        i += 1;
    }
    Ok(Err(i))
}

/// The items of any seqable, in order (each owned).
pub fn to_vec(coll: Value) -> Res<Vec<Value>> {
    to_vec_owned(dupd(coll))
}

/// The items of any seqable (owned: consumed, its cells released as they
/// are passed), in order (each owned).
pub fn to_vec_owned(coll: Value) -> Res<Vec<Value>> {
    let mut out = Vec::new();
    let mut it = SeqIter::new_owned(coll)?;
    loop {
        match it.next_item() {
            Ok(Some(x)) => out.push(x),
            Ok(None) => return Ok(out),
            Err(e) => {
                for x in out {
                    heap::drop(x);
                }
                return Err(e);
            }
        }
    }
}

/// Splits any seqable: its first `n` items (each owned; fewer if it is
/// shorter) and the part not walked (owned: a seq, or nil once a collection
/// is used up). A lazy seq is realized no further than the items taken.
pub fn split_at(coll: Value, n: usize) -> Res<(Vec<Value>, Value)> {
    split_at_owned(dupd(coll), n)
}

/// `split_at` consuming `coll`.
pub fn split_at_owned(coll: Value, n: usize) -> Res<(Vec<Value>, Value)> {
    let mut out = Vec::with_capacity(n);
    let mut it = SeqIter::new_owned(coll)?;
    while out.len() < n {
        match it.next_item() {
            Ok(Some(x)) => out.push(x),
            Ok(None) => break,
            Err(e) => {
                for x in out {
                    heap::drop(x);
                }
                return Err(e);
            }
        }
    }
    Ok((out, it.into_rest()))
}

// ---------------------------------------------------------------------------
// Iteration

/// Walks any seqable from Rust, yielding owned items. Array-backed
/// collections are walked by index without allocating; seqs by `seq`,
/// `first` and `rest`, so a lazy seq is realized one element at a time and
/// never further than the items taken. The iterator holds only the part not
/// yet walked: each cell is released as it advances, so a seq it was given
/// the only reference to (`new_owned`) is never all live at once.
pub struct SeqIter {
    state: IterState,
}

enum IterState {
    /// A vector, sub-vector or map entry, walked a trie leaf at a time.
    Vector {
        coll: Value,
        items: coll::VectorIter,
    },
    /// A set (items), or a map (entries).
    Array {
        coll: Value,
        i: usize,
        len: usize,
        map: bool,
    },
    Str {
        coll: Value,
        byte: usize,
    },
    /// A hash map or set, walked through its trie (borrowed by `it`).
    Hash {
        coll: Value,
        it: coll::HashIter,
    },
    /// The rest still to walk (any seqable, not yet passed through `seq`).
    Seq {
        rest: Value,
    },
    Done,
}

impl SeqIter {
    /// Starts walking `coll` (borrowed; the iterator holds its own reference).
    pub fn new(coll: Value) -> Res<SeqIter> {
        SeqIter::new_owned(dupd(coll))
    }

    /// Starts walking `coll` (owned: the iterator takes the reference over;
    /// dropped if `coll` is not seqable).
    pub fn new_owned(coll: Value) -> Res<SeqIter> {
        let state = match tag_of(coll) {
            Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => IterState::Vector {
                items: coll::vector_iter(coll),
                coll,
            },
            Some(Tag::Set) => IterState::Hash {
                it: coll::HashIter::new(coll),
                coll,
            },
            Some(Tag::Map) if coll::is_hash_map(coll) => IterState::Hash {
                it: coll::HashIter::new(coll),
                coll,
            },
            Some(Tag::Map) => IterState::Array {
                coll,
                i: 0,
                len: coll::map_count(coll),
                map: true,
            },
            Some(Tag::String) => IterState::Str { coll, byte: 0 },
            Some(
                Tag::List
                | Tag::EmptyList
                | Tag::Cons
                | Tag::LazySeq
                | Tag::Range
                | Tag::ArraySeq
                | Tag::TreeSeq
                | Tag::SortedMap
                | Tag::SortedSet
                | Tag::ChunkedCons,
            ) => IterState::Seq { rest: coll },
            Some(Tag::ObjectArray | Tag::PrimArray) => {
                let s = seq(coll);
                heap::drop(coll);
                match s? {
                    s if s.is_nil() => IterState::Done,
                    s => IterState::Seq { rest: s },
                }
            }
            _ if coll.is_nil() => IterState::Done,
            Some(Tag::Record) => {
                let s = coll::record::record_seq(coll);
                heap::drop(coll);
                return SeqIter::new_owned(s);
            }
            Some(Tag::Deftype | Tag::Reify) => {
                let s = seq(coll);
                heap::drop(coll);
                return SeqIter::new_owned(s?);
            }
            _ => {
                let e = not_seqable(coll);
                heap::drop(coll);
                return Err(e);
            }
        };
        Ok(SeqIter { state })
    }

    /// The next item (owned), or `None` at the end.
    pub fn next_item(&mut self) -> Res<Option<Value>> {
        match &mut self.state {
            IterState::Array { coll, i, len, map } => {
                if *i >= *len {
                    return Ok(None);
                }
                debug_assert!(*map, "IterState::Array walks array maps only");
                let kv = &crate::object::large_fields(*coll)[1..];
                let x = map_entry(dupd(kv[2 * *i]), dupd(kv[2 * *i + 1]));
                *i += 1;
                Ok(Some(x))
            }
            IterState::Vector { items, .. } => Ok(items.next().map(dupd)),
            IterState::Hash { it, .. } => Ok(it.next_item()),
            IterState::Str { coll, byte } => {
                let s = &string::str_of(*coll)[*byte..];
                match s.chars().next() {
                    Some(c) => {
                        *byte += c.len_utf8();
                        Ok(Some(Value::char(c)))
                    }
                    None => Ok(None),
                }
            }
            IterState::Seq { rest } => {
                let r = *rest;
                // Fast paths for cells: no seq/first/rest calls.
                if has_tag(r, Tag::List) || has_tag(r, Tag::Cons) {
                    let x = dupd(field(r, 0));
                    let m = field(r, 1);
                    let nr = if m.is_nil() { Value::NIL } else { dupd(m) };
                    heap::drop(r);
                    *rest = nr;
                    return Ok(Some(x));
                }
                let s = seq(r)?;
                if s.is_nil() {
                    return Ok(None);
                }
                let x = first(s);
                let nr = x.as_ref().ok().map(|_| rest_of_seq(s));
                let x = match (x, nr) {
                    (Ok(x), Some(Ok(nr))) => {
                        heap::drop(r);
                        *rest = nr;
                        x
                    }
                    (Ok(x), Some(Err(e))) => {
                        heap::drop(x);
                        heap::drop(s);
                        return Err(e);
                    }
                    (Err(e), _) => {
                        heap::drop(s);
                        return Err(e);
                    }
                    (Ok(_), None) => unreachable!(),
                };
                heap::drop(s);
                Ok(Some(x))
            }
            IterState::Done => Ok(None),
        }
    }

    /// The part not yet walked, as a seqable (owned); ends the iteration.
    pub fn into_rest(mut self) -> Value {
        let st = std::mem::replace(&mut self.state, IterState::Done);
        match st {
            IterState::Seq { rest } => rest,
            IterState::Array { coll, i, len, .. } => {
                let r = if i < len {
                    array_seq(dupd(coll), i)
                } else {
                    Value::NIL
                };
                heap::drop(coll);
                r
            }
            IterState::Vector { coll, items } => {
                let i = coll::vector_len(coll) - items.len();
                let r = if items.len() > 0 {
                    array_seq(dupd(coll), i)
                } else {
                    Value::NIL
                };
                heap::drop(coll);
                r
            }
            IterState::Hash { coll, it } => {
                let r = it.rest();
                heap::drop(coll);
                r
            }
            IterState::Str { coll, byte } => {
                let r = if byte < string::str_of(coll).len() {
                    array_seq(dupd(coll), byte)
                } else {
                    Value::NIL
                };
                heap::drop(coll);
                r
            }
            IterState::Done => Value::NIL,
        }
    }
}

/// `rest` of a non-empty seq, for iteration (never realizes further).
fn rest_of_seq(s: Value) -> Res {
    match tag_of(s) {
        Some(Tag::Range) => range_next(s),
        Some(Tag::ArraySeq) => Ok(array_seq_next(s)),
        Some(Tag::TreeSeq) => Ok(coll::tree_seq_next(s)),
        Some(Tag::ChunkedCons) => Ok(chunk::chunked_cons_rest(s)),
        _ => rest(s),
    }
}

impl Drop for SeqIter {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.state, IterState::Done) {
            IterState::Array { coll, .. }
            | IterState::Vector { coll, .. }
            | IterState::Str { coll, .. }
            | IterState::Hash { coll, .. } => heap::drop(coll),
            IterState::Seq { rest } => heap::drop(rest),
            IterState::Done => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, pr};

    fn range(a: i64, b: Option<i64>, s: i64) -> Value {
        make_range(
            Value::fixnum(a),
            b.map(Value::fixnum).unwrap_or(Value::NIL),
            Value::fixnum(s),
        )
        .unwrap()
    }

    #[test]
    fn ranges() {
        check_leaks(|| {
            let r = range(0, Some(5), 1);
            assert_eq!(pr(r), "(0 1 2 3 4)");
            assert_eq!(coll::count(r).unwrap(), 5);
            heap::drop(r);
            let r = range(10, Some(0), -3);
            assert_eq!(pr(r), "(10 7 4 1)");
            assert_eq!(coll::count(r).unwrap(), 4);
            heap::drop(r);
            let r = range(0, Some(0), 1);
            assert_eq!(pr(r), "()");
            heap::drop(r);
            let r = range(0, None, 1);
            let x = seq_nth(r, 1000).unwrap().unwrap();
            assert_eq!(x, Value::fixnum(1000));
            heap::drop(r);
        });
    }

    #[test]
    fn seqs_over_collections() {
        check_leaks(|| {
            let v = coll::make_vector(&[Value::fixnum(1), Value::fixnum(2), Value::fixnum(3)]);
            let s = seq(v).unwrap();
            let n = next(s).unwrap();
            assert_eq!(pr(n), "(2 3)");
            let r = rest(n).unwrap();
            let r2 = rest(r).unwrap();
            assert_eq!(pr(r2), "()");
            assert!(next(r).unwrap().is_nil());
            for x in [v, s, n, r, r2] {
                heap::drop(x);
            }
            let st = string::make_str("aλb");
            assert_eq!(pr(st), "\"aλb\"");
            let s = seq(st).unwrap();
            assert_eq!(pr(s), "(\\a \\λ \\b)");
            heap::drop(s);
            heap::drop(st);
            let r = rest(Value::NIL).unwrap();
            assert_eq!(pr(r), "()");
        });
    }
}
