//! Chunks and chunked seqs, after Clojure's `ArrayChunk`, `ChunkBuffer` and
//! `ChunkedCons` (and the chunked seqs of `LongRange` and `PersistentVector`).
//!
//! ```text
//! ArrayChunk   header | count (fixnum) | items...          immutable
//! ChunkBuffer  header | count (fixnum) | capacity (fixnum) | slots...  filled by chunk-append
//! ChunkedCons  header | chunk | offset (fixnum) | more (seq or nil) | meta
//! ```
//!
//! A chunked seq hands out its items a chunk (up to 32) at a time, so the
//! lazy seq functions (`map`, `filter`, ...) realize 32 items per step and
//! allocate one chunk and one cell per 32 instead of a cell per item. Where
//! the JVM chunks, genera chunks: finite ranges (chunks of 32), the seq of a
//! vector (chunks aligned to its 32-wide leaves, as `PersistentVector`'s
//! `ChunkedSeq`) and what `map`/`filter`/`keep`... build over those. A
//! `ChunkedCons` walked with `next` steps through its chunk by offset: one
//! cell per step, sharing the chunk (the JVM allocates an `ArrayChunk` and a
//! `ChunkedCons` per step). All fields are value fields, so freeing stays
//! generic and iterative.

use crate::coll::{dupd, empty_list, nth_opt, vector_len};
use crate::error;
use crate::heap;
use crate::num;
use crate::object::{alloc_fields, field, has_tag, set_field, tag_of};
use crate::seq;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

/// The chunk size of ranges and vectors (Clojure's 32).
pub const CHUNK: usize = 32;
/// The largest chunk an object's field count allows.
pub const MAX_CHUNK: usize = 250;

fn fix(n: usize) -> Value {
    Value::fixnum(n as i64)
}

fn count_field(c: Value) -> usize {
    field(c, 0).as_fixnum() as usize
}

// ---------------------------------------------------------------------------
// ArrayChunk

/// An array chunk of `items` (each owned).
pub fn array_chunk(items: &[Value]) -> Value {
    let mut fields = Vec::with_capacity(items.len() + 1);
    fields.push(fix(items.len()));
    fields.extend_from_slice(items);
    alloc_fields(Tag::ArrayChunk, &fields, 0)
}

/// The number of items of an array chunk.
pub fn chunk_count(c: Value) -> usize {
    count_field(c)
}

/// Item `i` of an array chunk (borrowed); the caller checks `i < count`.
pub fn chunk_item(c: Value, i: usize) -> Value {
    field(c, 1 + i)
}

/// `(nth chunk i)` (owned), `None` out of range.
pub fn chunk_nth(c: Value, i: i64) -> Option<Value> {
    (i >= 0 && (i as usize) < chunk_count(c)).then(|| dupd(chunk_item(c, i as usize)))
}

/// The items of chunk `c` from `off` on, as a chunk (owned): `c` itself when
/// `off` is 0.
fn chunk_from(c: Value, off: usize) -> Value {
    if off == 0 {
        return dupd(c);
    }
    let items: Vec<Value> = (off..chunk_count(c))
        .map(|i| dupd(chunk_item(c, i)))
        .collect();
    array_chunk(&items)
}

// ---------------------------------------------------------------------------
// ChunkBuffer

/// `(chunk-buffer capacity)`.
pub fn chunk_buffer(capacity: i64) -> Res {
    if !(0..=MAX_CHUNK as i64).contains(&capacity) {
        return Err(error::illegal_arg(&format!(
            "chunk-buffer capacity {capacity} not supported (at most {MAX_CHUNK})"
        )));
    }
    let mut fields = vec![Value::NIL; capacity as usize + 2];
    fields[0] = fix(0);
    fields[1] = Value::fixnum(capacity);
    Ok(alloc_fields(Tag::ChunkBuffer, &fields, 0))
}

fn buffer_capacity(b: Value) -> usize {
    field(b, 1).as_fixnum() as usize
}

/// `(chunk-append b x)`: stores `x` (borrowed) in the next slot of buffer
/// `b`. A buffer is a mutable scratch object, like the JVM's.
pub fn chunk_append(b: Value, x: Value) -> Res {
    let n = count_field(b);
    if n >= buffer_capacity(b) {
        return Err(error::index_out_of_bounds(&format!(
            "Index {n} out of bounds for length {}",
            buffer_capacity(b)
        )));
    }
    set_field(b, 2 + n, dupd(x));
    set_field(b, 0, fix(n + 1));
    Ok(Value::NIL)
}

/// `(chunk b)`: an array chunk of the items appended to `b` so far (owned),
/// which are moved out of the buffer (it is left empty, as the JVM's
/// `ChunkBuffer.chunk` nulls its array).
pub fn chunk_of_buffer(b: Value) -> Value {
    let n = count_field(b);
    let items: Vec<Value> = (0..n).map(|i| field(b, 2 + i)).collect();
    for i in 0..n {
        set_field(b, 2 + i, Value::NIL);
    }
    set_field(b, 0, fix(0));
    array_chunk(&items)
}

// ---------------------------------------------------------------------------
// ChunkedCons

/// `(chunk-cons chunk rest)`: `rest` (borrowed) if the chunk is empty, else
/// a seq whose first items are the chunk's and whose rest is `rest`.
pub fn chunk_cons(chunk: Value, rest: Value) -> Res {
    if !has_tag(chunk, Tag::ArrayChunk) {
        return Err(error::cast_error(chunk, "clojure.lang.IChunk"));
    }
    if chunk_count(chunk) == 0 {
        return Ok(dupd(rest));
    }
    Ok(alloc_fields(
        Tag::ChunkedCons,
        &[dupd(chunk), fix(0), dupd(rest), Value::NIL],
        0,
    ))
}

/// The first item of a chunked cons (owned).
pub fn chunked_cons_first(s: Value) -> Value {
    let i = field(s, 1).as_fixnum() as usize;
    dupd(chunk_item(field(s, 0), i))
}

/// Does `next` of chunked cons `s` stay inside its chunk (so it runs no code)?
pub fn chunked_cons_next_local(s: Value) -> bool {
    field(s, 1).as_fixnum() as usize + 1 < chunk_count(field(s, 0))
}

/// `next` of a chunked cons (owned).
pub fn chunked_cons_next(s: Value) -> Res {
    if chunked_cons_next_local(s) {
        return Ok(step_within(s));
    }
    seq::seq(field(s, 2))
}

/// `rest` of a chunked cons (owned): never realizes the tail.
pub fn chunked_cons_rest(s: Value) -> Value {
    if chunked_cons_next_local(s) {
        return step_within(s);
    }
    let more = field(s, 2);
    if more.is_nil() {
        empty_list()
    } else {
        dupd(more)
    }
}

fn step_within(s: Value) -> Value {
    let i = field(s, 1).as_fixnum() as usize;
    alloc_fields(
        Tag::ChunkedCons,
        &[dupd(field(s, 0)), fix(i + 1), dupd(field(s, 2)), Value::NIL],
        0,
    )
}

/// Items left in a chunked cons's chunk.
pub fn chunked_cons_local_count(s: Value) -> usize {
    chunk_count(field(s, 0)) - field(s, 1).as_fixnum() as usize
}

/// The unwalked tail of a chunked cons (borrowed: a seq, lazy seq or nil).
pub fn chunked_cons_more(s: Value) -> Value {
    field(s, 2)
}

// ---------------------------------------------------------------------------
// Chunked seqs in general

/// `(chunked-seq? s)`: a chunked cons, a finite range with a non-zero step
/// (JVM `LongRange`/`Range`; `(range)` is an `Iterate` and a zero step a
/// `Repeat`) or the seq of a vector.
pub fn is_chunked_seq(s: Value) -> bool {
    match tag_of(s) {
        Some(Tag::ChunkedCons) => true,
        Some(Tag::Range) => range_is_chunked(s),
        Some(Tag::ArraySeq) => has_tag(seq::array_seq_parts(s).0, Tag::Vector),
        _ => false,
    }
}

fn range_is_chunked(r: Value) -> bool {
    let (_, end, step) = seq::range_parts(r);
    !end.is_nil() && !num::is_zero(step).unwrap_or(true)
}

fn not_chunked(s: Value) -> crate::Thrown {
    error::cast_error(s, "clojure.lang.IChunkedSeq")
}

/// `(chunk-first s)`: the first chunk of a chunked seq (owned).
pub fn chunk_first(s: Value) -> Res {
    match tag_of(s) {
        Some(Tag::ChunkedCons) => Ok(chunk_from(field(s, 0), field(s, 1).as_fixnum() as usize)),
        Some(Tag::Range) if range_is_chunked(s) => range_chunk(s),
        Some(Tag::ArraySeq) if is_chunked_seq(s) => vector_chunk(s),
        _ => Err(not_chunked(s)),
    }
}

/// `(chunk-rest s)`: what follows the first chunk (owned; `()` at the end).
pub fn chunk_rest(s: Value) -> Res {
    let r = chunk_next_raw(s)?;
    Ok(if r.is_nil() { empty_list() } else { r })
}

/// `(chunk-next s)`: `(seq (chunk-rest s))` (owned).
pub fn chunk_next(s: Value) -> Res {
    let r = chunk_next_raw(s)?;
    let n = seq::seq(r);
    heap::drop(r);
    n
}

/// What follows the first chunk, not passed through `seq` (owned; may be nil).
fn chunk_next_raw(s: Value) -> Res {
    match tag_of(s) {
        Some(Tag::ChunkedCons) => Ok(dupd(field(s, 2))),
        Some(Tag::Range) if range_is_chunked(s) => range_skip(s),
        Some(Tag::ArraySeq) if is_chunked_seq(s) => {
            let (v, i) = seq::array_seq_parts(s);
            let end = vector_chunk_end(v, i);
            Ok(if end < vector_len(v) {
                seq::array_seq(dupd(v), end)
            } else {
                Value::NIL
            })
        }
        _ => Err(not_chunked(s)),
    }
}

/// The first chunk of a finite range: up to 32 of its numbers.
fn range_chunk(r: Value) -> Res {
    let (start, end, step) = seq::range_parts(r);
    let mut items = Vec::with_capacity(CHUNK);
    let mut x = dupd(start);
    while items.len() < CHUNK {
        match seq::range_has(x, end, step) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(drop_all_then(items, x, e)),
        }
        match num::add(x, step) {
            Ok(n) => items.push(std::mem::replace(&mut x, n)),
            Err(e) => return Err(drop_all_then(items, x, e)),
        }
    }
    heap::drop(x);
    Ok(array_chunk(&items))
}

fn drop_all_then(items: Vec<Value>, x: Value, e: crate::Thrown) -> crate::Thrown {
    for i in items {
        heap::drop(i);
    }
    heap::drop(x);
    e
}

/// The range after its first chunk (owned; nil when nothing is left).
fn range_skip(r: Value) -> Res {
    let (start, end, step) = seq::range_parts(r);
    let by = num::mul(step, Value::fixnum(CHUNK as i64))?;
    let next = num::add(start, by);
    heap::drop(by);
    let next = next?;
    let r = seq::make_range(next, end, step);
    heap::drop(next);
    let r = r?;
    Ok(if has_tag(r, Tag::EmptyList) {
        heap::drop(r);
        Value::NIL
    } else {
        r
    })
}

/// Where the 32-aligned leaf holding index `i` of vector `v` ends.
fn vector_chunk_end(v: Value, i: usize) -> usize {
    ((i / CHUNK + 1) * CHUNK).min(vector_len(v))
}

/// The first chunk of a vector's seq: the rest of its 32-aligned leaf, as
/// the JVM's `ChunkedSeq` (items read through `nth`, whatever the
/// vector's layout).
fn vector_chunk(s: Value) -> Res {
    let (v, i) = seq::array_seq_parts(s);
    let end = vector_chunk_end(v, i);
    let mut items = Vec::with_capacity(end - i);
    for j in i..end {
        match nth_opt(v, j as i64)? {
            Some(x) => items.push(x),
            None => break,
        }
    }
    Ok(array_chunk(&items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, pr};

    #[test]
    fn buffer_chunk_and_cons() {
        check_leaks(|| {
            let b = chunk_buffer(4).unwrap();
            for i in 0..3 {
                let s = crate::string::make_str(&format!("s{i}"));
                chunk_append(b, s).unwrap();
                heap::drop(s);
            }
            let c = chunk_of_buffer(b);
            assert_eq!(chunk_count(c), 3);
            let s = chunk_cons(c, Value::NIL).unwrap();
            assert_eq!(pr(s), "(\"s0\" \"s1\" \"s2\")");
            let n = chunked_cons_next(s).unwrap();
            let cf = chunk_first(n).unwrap();
            assert_eq!(chunk_count(cf), 2);
            for x in [b, c, s, n, cf] {
                heap::drop(x);
            }
        });
    }

    #[test]
    fn append_past_capacity_throws() {
        check_leaks(|| {
            let b = chunk_buffer(1).unwrap();
            chunk_append(b, Value::fixnum(1)).unwrap();
            let e = chunk_append(b, Value::fixnum(2)).unwrap_err();
            heap::drop(e.0);
            heap::drop(b);
        });
    }

    #[test]
    fn range_chunks() {
        check_leaks(|| {
            let r = seq::make_range(Value::fixnum(0), Value::fixnum(70), Value::fixnum(1)).unwrap();
            assert!(is_chunked_seq(r));
            let c = chunk_first(r).unwrap();
            assert_eq!(chunk_count(c), 32);
            let r2 = chunk_rest(r).unwrap();
            let r3 = chunk_rest(r2).unwrap();
            let c3 = chunk_first(r3).unwrap();
            assert_eq!(pr(r3), "(64 65 66 67 68 69)");
            assert_eq!(chunk_count(c3), 6);
            let r4 = chunk_next(r3).unwrap();
            assert!(r4.is_nil());
            for x in [r, c, r2, r3, c3] {
                heap::drop(x);
            }
        });
    }
}
