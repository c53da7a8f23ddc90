//! Clojure's hashing helpers for collections: `hash-combine`,
//! `hash-ordered-coll`, `hash-unordered-coll`, `mix-collection-hash`.
//! (Transient maps and sets are dispatched in `transients.rs`.)

use super::*;

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
        ("hash-ordered-coll", n_hash_ordered_coll),
        ("hash-unordered-coll", n_hash_unordered_coll),
        ("mix-collection-hash", n_mix_collection_hash),
        ("hash-combine", n_hash_combine),
    ]
}
