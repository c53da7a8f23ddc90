//! Chunked seqs and reduce's fast paths. Chunked seqs: `chunk-buffer`, `chunk-append`, `chunk`, `chunk-cons`,
//! `chunk-first`, `chunk-rest`, `chunk-next`, `chunked-seq?` (after
//! Clojure's, which `map`, `filter`, `keep`, `concat`, ... in core.clj use
//! to process 32 items per step; see `coll::chunk`). `reduce` (core.clj)
//! walks vectors, maps and ranges without a seq cell per item through
//! `%range-bounds` and `%map-entries`.

use super::*;
use crate::coll::chunk;

pub(super) fn n_chunk_buffer(a: &[Value]) -> Res {
    ar(a, 1, "chunk-buffer")?;
    chunk::chunk_buffer(long_arg(a[0])?)
}
pub(super) fn n_chunk_append(a: &[Value]) -> Res {
    ar(a, 2, "chunk-append")?;
    if !has_tag(a[0], Tag::ChunkBuffer) {
        return Err(cast_error(a[0], "clojure.lang.ChunkBuffer"));
    }
    chunk::chunk_append(a[0], a[1])
}
pub(super) fn n_chunk(a: &[Value]) -> Res {
    ar(a, 1, "chunk")?;
    if !has_tag(a[0], Tag::ChunkBuffer) {
        return Err(cast_error(a[0], "clojure.lang.ChunkBuffer"));
    }
    Ok(chunk::chunk_of_buffer(a[0]))
}
pub(super) fn n_chunk_cons(a: &[Value]) -> Res {
    ar(a, 2, "chunk-cons")?;
    chunk::chunk_cons(a[0], a[1])
}
pub(super) fn n_chunk_first(a: &[Value]) -> Res {
    ar(a, 1, "chunk-first")?;
    chunk::chunk_first(a[0])
}
pub(super) fn n_chunk_rest(a: &[Value]) -> Res {
    ar(a, 1, "chunk-rest")?;
    chunk::chunk_rest(a[0])
}
pub(super) fn n_chunk_next(a: &[Value]) -> Res {
    ar(a, 1, "chunk-next")?;
    chunk::chunk_next(a[0])
}
pub(super) fn n_chunked_seq_p(a: &[Value]) -> Res {
    ar(a, 1, "chunked-seq?")?;
    b(chunk::is_chunked_seq(a[0]))
}

/// `(%range-bounds coll)`: `[start end step]` if `coll` is a counted range
/// of longs whose arithmetic cannot overflow (reduce then loops by `+`),
/// else nil.
pub(super) fn n_range_bounds(a: &[Value]) -> Res {
    ar(a, 1, "%range-bounds")?;
    let r = a[0];
    if !has_tag(r, Tag::Range) || !seq::range_is_counted(r) {
        return Ok(Value::NIL);
    }
    let (start, end, step) = seq::range_parts(r);
    const LIMIT: i64 = 1 << 60;
    let small = |v: Value| num::as_long(v).is_some_and(|n| (-LIMIT..LIMIT).contains(&n));
    if !(small(start) && small(end) && small(step)) {
        return Ok(Value::NIL);
    }
    Ok(coll::make_vector(&[dupd(start), dupd(end), dupd(step)]))
}

/// `(%map-entries m)`: the entries of map `m` (any `map?`: hash, array and
/// sorted maps, records) as a vector, for `reduce`. The one place reduce
/// iterates a map, so a new map layout changes only this function.
pub(super) fn n_map_entries(a: &[Value]) -> Res {
    ar(a, 1, "%map-entries")?;
    Ok(coll::vector_from_vec(seq::to_vec(a[0])?))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("chunk-buffer", n_chunk_buffer),
        ("chunk-append", n_chunk_append),
        ("chunk", n_chunk),
        ("chunk-cons", n_chunk_cons),
        ("chunk-first", n_chunk_first),
        ("chunk-rest", n_chunk_rest),
        ("chunk-next", n_chunk_next),
        ("chunked-seq?", n_chunked_seq_p),
        ("%range-bounds", n_range_bounds),
        ("%map-entries", n_map_entries),
    ]
}
