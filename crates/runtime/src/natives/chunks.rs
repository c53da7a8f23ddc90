//! Chunked seqs: `chunk-buffer`, `chunk-append`, `chunk`, `chunk-cons`,
//! `chunk-first`, `chunk-rest`, `chunk-next`, `chunked-seq?` (after
//! Clojure's, which `map`, `filter`, `keep`, `concat`, ... in core.clj use
//! to process 32 items per step; see `coll::chunk`).

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
    ]
}
