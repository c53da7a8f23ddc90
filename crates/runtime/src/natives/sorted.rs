//! Sorted collections: `sorted-map`, `sorted-map-by`, `sorted-set`,
//! `sorted-set-by`, `sorted?`, `rseq`, and the primitives `subseq` and
//! `rsubseq` (in core.clj, as Clojure writes them) are built on:
//! `%sorted-seq`, `%sorted-seq-from` (Clojure's `Sorted.seq`/`seqFrom`) and
//! `%sorted-compare-key` (`comparator().compare(entryKey(e), key)`).

use super::*;

/// A comparator argument: any fn (as Clojure's fns implement
/// `java.util.Comparator`), else ClassCastException.
fn comparator_arg(c: Value) -> Res<Value> {
    if callable::is_fn(c) {
        Ok(c)
    } else {
        Err(cast_error(c, "java.util.Comparator"))
    }
}

/// A sorted map of alternating keys and values: "No value supplied for
/// key" for an odd count, as `PersistentTreeMap.create`.
fn sorted_map_of(comp: Value, kvs: &[Value]) -> Res {
    if kvs.len() % 2 == 1 {
        let k = kvs[kvs.len() - 1];
        return Err(error::illegal_arg(&format!(
            "No value supplied for key: {}",
            print::str_of_value(k)?
        )));
    }
    coll::sorted_map_from(comp, kvs)
}

fn n_sorted_map(a: &[Value]) -> Res {
    sorted_map_of(Value::NIL, a)
}

fn n_sorted_map_by(a: &[Value]) -> Res {
    ar_min(a, 1, "sorted-map-by")?;
    sorted_map_of(comparator_arg(a[0])?, &a[1..])
}

fn n_sorted_set(a: &[Value]) -> Res {
    coll::sorted_set_from(Value::NIL, a)
}

fn n_sorted_set_by(a: &[Value]) -> Res {
    ar_min(a, 1, "sorted-set-by")?;
    coll::sorted_set_from(comparator_arg(a[0])?, &a[1..])
}

fn n_is_sorted(a: &[Value]) -> Res {
    ar(a, 1, "sorted?")?;
    b(coll::is_sorted(a[0]))
}

/// A sorted collection argument, else ClassCastException (`Sorted`).
fn sorted_arg(s: Value) -> Res<Value> {
    if coll::is_sorted(s) {
        Ok(s)
    } else {
        Err(cast_error(s, "clojure.lang.Sorted"))
    }
}

/// `(rseq rev)`: a sorted collection or a vector, in reverse; nil when
/// empty. Lists and the rest are not `Reversible`.
fn n_rseq(a: &[Value]) -> Res {
    ar(a, 1, "rseq")?;
    let x = a[0];
    if coll::is_sorted(x) {
        return Ok(coll::sorted_seq(x, false));
    }
    if coll::is_vector(x) {
        return Ok(coll::vector_rseq(x));
    }
    Err(cast_error(x, "clojure.lang.Reversible"))
}

/// `(%sorted-seq sc ascending?)`.
fn n_sorted_seq(a: &[Value]) -> Res {
    ar(a, 2, "%sorted-seq")?;
    Ok(coll::sorted_seq(sorted_arg(a[0])?, a[1].truthy()))
}

/// `(%sorted-seq-from sc key ascending?)`.
fn n_sorted_seq_from(a: &[Value]) -> Res {
    ar(a, 3, "%sorted-seq-from")?;
    coll::sorted_seq_from(sorted_arg(a[0])?, a[1], a[2].truthy())
}

/// `(%sorted-compare-key sc entry key)`: the comparator applied to the
/// entry's key and `key`.
fn n_sorted_compare_key(a: &[Value]) -> Res {
    ar(a, 3, "%sorted-compare-key")?;
    let s = sorted_arg(a[0])?;
    let k = coll::sorted_entry_key(s, a[1])?;
    let c = coll::compare_with(coll::sorted_comparator(s), k, a[2])?;
    Ok(Value::fixnum(c as i64))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("sorted-map", n_sorted_map),
        ("sorted-map-by", n_sorted_map_by),
        ("sorted-set", n_sorted_set),
        ("sorted-set-by", n_sorted_set_by),
        ("sorted?", n_is_sorted),
        ("rseq", n_rseq),
        ("%sorted-seq", n_sorted_seq),
        ("%sorted-seq-from", n_sorted_seq_from),
        ("%sorted-compare-key", n_sorted_compare_key),
    ]
}
