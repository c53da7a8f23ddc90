//! Metadata: `meta`, `with-meta`, `vary-meta`.

use super::*;

pub(super) fn n_meta(a: &[Value]) -> Res {
    ar(a, 1, "meta")?;
    Ok(coll::meta(a[0]))
}
pub(super) fn n_with_meta(a: &[Value]) -> Res {
    ar(a, 2, "with-meta")?;
    coll::with_meta(dupd(a[0]), a[1])
}
pub(super) fn n_vary_meta(a: &[Value]) -> Res {
    ar_min(a, 2, "vary-meta")?;
    let m = coll::meta(a[0]);
    let mut args = vec![m];
    args.extend_from_slice(&a[2..]);
    let nm = callable::invoke(a[1], &args);
    heap::drop(m);
    let nm = nm?;
    let r = coll::with_meta(dupd(a[0]), nm);
    heap::drop(nm);
    r
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("meta", n_meta),
        ("with-meta", n_with_meta),
        ("vary-meta", n_vary_meta),
    ]
}
