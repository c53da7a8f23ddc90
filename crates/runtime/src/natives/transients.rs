//! Transients: `transient`, `persistent!`, `conj!`, `assoc!`, `dissoc!`,
//! `disj!`, `pop!`, after Clojure's ITransientCollection family.
//!
//! Each native dispatches on the kind of transient with one match arm per
//! kind. Each kind is a mutable cell over a collection only it references,
//! updated in place: vectors (`coll::transient_vector`), hash and array
//! maps (`coll::transient_map`) and sets (`coll::transient_set`). A new
//! transient kind adds its arm to each `match` below.
//!
//! Errors are Clojure's: ClassCastException for the wrong kind of
//! collection, IllegalAccessError "Transient used after persistent! call".

use super::*;

fn not_editable(coll: Value) -> Thrown {
    let e = cast_error(coll, "clojure.lang.IEditableCollection");
    heap::drop(coll);
    e
}

/// ClassCastException for `t` (owned, released) not being a `target`.
fn not_a(t: Value, target: &str) -> Thrown {
    let e = cast_error(t, target);
    heap::drop(t);
    e
}

/// Runs `f` on the transient `t` (owned), returning `t` on success and
/// releasing it on failure.
fn update(t: Value, f: impl FnOnce(Value) -> Res<()>) -> Res {
    match f(t) {
        Ok(()) => Ok(t),
        Err(e) => {
            heap::drop(t);
            Err(e)
        }
    }
}

/// `(transient coll)`: consumes `coll` (a unique vector becomes the
/// transient's own without copying).
fn n_transient(a: &mut [Value]) -> Res {
    ar(a, 1, "transient")?;
    let coll = take(a, 0);
    match tag_of(coll) {
        Some(Tag::Vector) => Ok(coll::transient_vector(coll)),
        // These borrow and take their own reference; dropping ours leaves
        // the cell the collection's only owner, so its edits are in place.
        Some(Tag::Map) => {
            let t = coll::transient_map(coll);
            heap::drop(coll);
            Ok(t)
        }
        Some(Tag::Set) => {
            let t = coll::transient_set(coll);
            heap::drop(coll);
            Ok(t)
        }
        _ => Err(not_editable(coll)),
    }
}

fn n_persistent(a: &mut [Value]) -> Res {
    ar(a, 1, "persistent!")?;
    let t = take(a, 0);
    match tag_of(t) {
        Some(Tag::TransientVector) => {
            let r = coll::transient_vector_persistent(t);
            heap::drop(t);
            r
        }
        Some(Tag::TransientMap) => {
            let r = coll::transient_map_persistent(t);
            heap::drop(t);
            r
        }
        Some(Tag::TransientSet) => {
            let r = coll::transient_set_persistent(t);
            heap::drop(t);
            r
        }
        _ => Err(not_a(t, "clojure.lang.ITransientCollection")),
    }
}

fn n_conj_bang(a: &mut [Value]) -> Res {
    ar_range(a, 0, 2, "conj!")?;
    if a.is_empty() {
        return Ok(coll::transient_vector(coll::make_vector(&[])));
    }
    let t = take(a, 0);
    if a.len() == 1 {
        return Ok(t);
    }
    let x = a[1];
    match tag_of(t) {
        Some(Tag::TransientVector) => update(t, |t| coll::transient_vector_conj(t, x)),
        Some(Tag::TransientMap) => update(t, |t| coll::transient_map_conj(t, x)),
        Some(Tag::TransientSet) => update(t, |t| coll::transient_set_conj(t, dupd(x))),
        _ => Err(not_a(t, "clojure.lang.ITransientCollection")),
    }
}

fn n_assoc_bang(a: &mut [Value]) -> Res {
    ar_min(a, 3, "assoc!")?;
    if (a.len() - 1) & 1 != 0 {
        return Err(error::illegal_arg(
            "assoc! expects even number of arguments after map/vector, found odd number",
        ));
    }
    let mut t = take(a, 0);
    for kv in a[1..].chunks(2) {
        t = match tag_of(t) {
            Some(Tag::TransientVector) => {
                update(t, |t| coll::transient_vector_assoc(t, kv[0], kv[1]))?
            }
            Some(Tag::TransientMap) => update(t, |t| {
                coll::transient_map_assoc(t, dupd(kv[0]), dupd(kv[1]))
            })?,
            _ => return Err(not_a(t, "clojure.lang.ITransientAssociative")),
        };
    }
    Ok(t)
}

fn n_dissoc_bang(a: &mut [Value]) -> Res {
    ar_min(a, 2, "dissoc!")?;
    let mut t = take(a, 0);
    for k in &a[1..] {
        t = match tag_of(t) {
            Some(Tag::TransientMap) => update(t, |t| coll::transient_map_dissoc(t, *k))?,
            _ => return Err(not_a(t, "clojure.lang.ITransientMap")),
        };
    }
    Ok(t)
}

fn n_disj_bang(a: &mut [Value]) -> Res {
    ar_min(a, 1, "disj!")?;
    let mut t = take(a, 0);
    for k in &a[1..] {
        t = match tag_of(t) {
            Some(Tag::TransientSet) => update(t, |t| coll::transient_set_disj(t, *k))?,
            _ => return Err(not_a(t, "clojure.lang.ITransientSet")),
        };
    }
    Ok(t)
}

fn n_pop_bang(a: &mut [Value]) -> Res {
    ar(a, 1, "pop!")?;
    let t = take(a, 0);
    match tag_of(t) {
        Some(Tag::TransientVector) => update(t, coll::transient_vector_pop),
        _ => Err(not_a(t, "clojure.lang.ITransientVector")),
    }
}

/// The natives of this area (all consume their collection argument).
pub(super) fn consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    vec![
        ("transient", n_transient),
        ("persistent!", n_persistent),
        ("conj!", n_conj_bang),
        ("assoc!", n_assoc_bang),
        ("dissoc!", n_dissoc_bang),
        ("disj!", n_disj_bang),
        ("pop!", n_pop_bang),
    ]
}
