//! Vector natives that are not generic collection functions: `rseq`.
//! (`vector`, `vec` and `subvec` are with the collections in `colls.rs`.)

use super::*;

/// `(rseq v)`: the items of a vector last to first, nil when empty;
/// ClassCastException for anything not Reversible (genera has no sorted
/// collections yet).
fn n_rseq(a: &[Value]) -> Res {
    ar(a, 1, "rseq")?;
    if coll::is_vector(a[0]) {
        return Ok(coll::vector_rseq(a[0]));
    }
    Err(cast_error(a[0], "clojure.lang.Reversible"))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![("rseq", n_rseq)]
}
