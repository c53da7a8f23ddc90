//! Transient maps and sets, and Clojure's hashing helpers for collections:
//! `hash-combine`, `hash-ordered-coll`, `hash-unordered-coll`,
//! `mix-collection-hash`.
//!
//! The transient natives are the map/set half of `transient`, `persistent!`,
//! `conj!`, `assoc!`, `dissoc!` and `disj!`: `core.clj` calls them for
//! transient maps and sets (`%transient-hash?`) and keeps the persistent ops
//! for vectors. They take the transient borrowed, update it in place and
//! return it (as Clojure's do), over `coll::transient_map_*` and
//! `coll::transient_set_*`.

use super::*;

fn is_transient_hash(v: Value) -> bool {
    has_tag(v, Tag::TransientMap) || has_tag(v, Tag::TransientSet)
}

pub(super) fn n_is_transient_hash(a: &[Value]) -> Res {
    ar(a, 1, "%transient-hash?")?;
    b(is_transient_hash(a[0]))
}

/// `(transient m)` for a map or set.
pub(super) fn n_transient_hash(a: &[Value]) -> Res {
    ar(a, 1, "transient")?;
    match tag_of(a[0]) {
        Some(Tag::Map) => Ok(coll::transient_map(a[0])),
        Some(Tag::Set) => Ok(coll::transient_set(a[0])),
        _ => Err(cast_error(a[0], "clojure.lang.IEditableCollection")),
    }
}

pub(super) fn n_persistent_hash(a: &[Value]) -> Res {
    ar(a, 1, "persistent!")?;
    match tag_of(a[0]) {
        Some(Tag::TransientMap) => coll::transient_map_persistent(a[0]),
        Some(Tag::TransientSet) => coll::transient_set_persistent(a[0]),
        _ => Err(cast_error(a[0], "clojure.lang.ITransientCollection")),
    }
}

pub(super) fn n_conj_hash(a: &[Value]) -> Res {
    ar(a, 2, "conj!")?;
    match tag_of(a[0]) {
        Some(Tag::TransientMap) => coll::transient_map_conj(a[0], a[1])?,
        Some(Tag::TransientSet) => coll::transient_set_conj(a[0], dupd(a[1]))?,
        _ => return Err(cast_error(a[0], "clojure.lang.ITransientCollection")),
    }
    Ok(dupd(a[0]))
}

pub(super) fn n_assoc_hash(a: &[Value]) -> Res {
    ar(a, 3, "assoc!")?;
    if !has_tag(a[0], Tag::TransientMap) {
        return Err(cast_error(a[0], "clojure.lang.ITransientAssociative"));
    }
    coll::transient_map_assoc(a[0], dupd(a[1]), dupd(a[2]))?;
    Ok(dupd(a[0]))
}

pub(super) fn n_dissoc_hash(a: &[Value]) -> Res {
    ar(a, 2, "dissoc!")?;
    if !has_tag(a[0], Tag::TransientMap) {
        return Err(cast_error(a[0], "clojure.lang.ITransientMap"));
    }
    coll::transient_map_dissoc(a[0], a[1])?;
    Ok(dupd(a[0]))
}

pub(super) fn n_disj_hash(a: &[Value]) -> Res {
    ar(a, 2, "disj!")?;
    if !has_tag(a[0], Tag::TransientSet) {
        return Err(cast_error(a[0], "clojure.lang.ITransientSet"));
    }
    coll::transient_set_disj(a[0], a[1])?;
    Ok(dupd(a[0]))
}

// ---------------------------------------------------------------------------
// Hashing helpers

fn int_arg(v: Value) -> Res<i32> {
    let n = long_arg(v)?;
    // Clojure passes the long through Math.toIntExact.
    i32::try_from(n).map_err(|_| error::arithmetic("integer overflow"))
}

/// `(hash-ordered-coll coll)`: `Murmur3.hashOrdered`.
pub(super) fn n_hash_ordered_coll(a: &[Value]) -> Res {
    ar(a, 1, "hash-ordered-coll")?;
    let (mut h, mut n) = (1i32, 0i32);
    let mut it = SeqIter::new(a[0])?;
    while let Some(x) = it.next_item()? {
        let hx = equiv::hash(x);
        heap::drop(x);
        h = h.wrapping_mul(31).wrapping_add(hx?);
        n = n.wrapping_add(1);
    }
    Ok(num::long(crate::murmur::mix_coll_hash(h, n) as i64))
}

/// `(hash-unordered-coll coll)`: `Murmur3.hashUnordered`.
pub(super) fn n_hash_unordered_coll(a: &[Value]) -> Res {
    ar(a, 1, "hash-unordered-coll")?;
    let (mut h, mut n) = (0i32, 0i32);
    let mut it = SeqIter::new(a[0])?;
    while let Some(x) = it.next_item()? {
        let hx = equiv::hash(x);
        heap::drop(x);
        h = h.wrapping_add(hx?);
        n = n.wrapping_add(1);
    }
    Ok(num::long(crate::murmur::mix_coll_hash(h, n) as i64))
}

/// `(mix-collection-hash hash-basis count)`: `Murmur3.mixCollHash`.
pub(super) fn n_mix_collection_hash(a: &[Value]) -> Res {
    ar(a, 2, "mix-collection-hash")?;
    let (h, n) = (int_arg(a[0])?, int_arg(a[1])?);
    Ok(num::long(crate::murmur::mix_coll_hash(h, n) as i64))
}

/// `(hash-combine x y)`: `Util.hashCombine(x, Util.hash(y))`, where
/// `Util.hash` is Java's `hashCode`, not `hash`.
pub(super) fn n_hash_combine(a: &[Value]) -> Res {
    ar(a, 2, "hash-combine")?;
    let seed = int_arg(a[0])?;
    let h = equiv::java_hash_code(a[1])?;
    Ok(num::long(crate::murmur::hash_combine(seed, h) as i64))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("%transient-hash?", n_is_transient_hash),
        ("%transient-hash", n_transient_hash),
        ("%persistent-hash!", n_persistent_hash),
        ("%conj-hash!", n_conj_hash),
        ("%assoc-hash!", n_assoc_hash),
        ("%dissoc-hash!", n_dissoc_hash),
        ("%disj-hash!", n_disj_hash),
        ("hash-ordered-coll", n_hash_ordered_coll),
        ("hash-unordered-coll", n_hash_unordered_coll),
        ("mix-collection-hash", n_mix_collection_hash),
        ("hash-combine", n_hash_combine),
    ]
}
