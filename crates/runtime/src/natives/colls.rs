//! Seqs and collections: the generic collection functions.

use super::*;

pub(super) fn n_seq(a: &[Value]) -> Res {
    ar(a, 1, "seq")?;
    seq::seq(a[0])
}
pub(super) fn n_first(a: &[Value]) -> Res {
    ar(a, 1, "first")?;
    seq::first(a[0])
}
pub(super) fn n_rest(a: &[Value]) -> Res {
    ar(a, 1, "rest")?;
    seq::rest(a[0])
}
pub(super) fn n_next(a: &[Value]) -> Res {
    ar(a, 1, "next")?;
    seq::next(a[0])
}
pub(super) fn n_cons(a: &[Value]) -> Res {
    ar(a, 2, "cons")?;
    if !a[1].is_nil() && !seq::is_seqable(a[1]) {
        return Err(error::illegal_arg(&format!(
            "Don't know how to create ISeq from: {}",
            error::class_name_of(a[1])
        )));
    }
    Ok(coll::cons(dupd(a[0]), dupd(a[1])))
}
pub(super) fn n_count(a: &mut [Value]) -> Res {
    ar(a, 1, "count")?;
    crate::prim::count(take(a, 0))
}
pub(super) fn n_nth(a: &mut [Value]) -> Res {
    ar_range(a, 2, 3, "nth")?;
    let coll = take(a, 0);
    if a.len() == 2 {
        coll::nth_owned(coll, a[1])
    } else {
        coll::nth_or_owned(coll, a[1], a[2])
    }
}
pub(super) fn n_get(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "get")?;
    coll::get_or(a[0], a[1], a.get(2).copied().unwrap_or(Value::NIL))
}
pub(super) fn n_conj(a: &mut [Value]) -> Res {
    match a.len() {
        0 => Ok(coll::make_vector(&[])),
        1 => Ok(take(a, 0)),
        _ => {
            let mut acc = coll::conj(take(a, 0), a[1])?;
            for x in &a[2..] {
                acc = coll::conj(acc, *x)?;
            }
            Ok(acc)
        }
    }
}
pub(super) fn n_assoc(a: &mut [Value]) -> Res {
    ar_min(a, 3, "assoc")?;
    if (a.len() - 1) & 1 != 0 {
        return Err(error::illegal_arg(
            "assoc expects even number of arguments after map/vector, found odd number",
        ));
    }
    let mut acc = take(a, 0);
    for kv in a[1..].chunks(2) {
        acc = coll::assoc(acc, kv[0], kv[1])?;
    }
    Ok(acc)
}
pub(super) fn n_dissoc(a: &mut [Value]) -> Res {
    ar_min(a, 1, "dissoc")?;
    let mut acc = take(a, 0);
    for k in &a[1..] {
        acc = coll::dissoc(acc, *k)?;
    }
    Ok(acc)
}
pub(super) fn n_disj(a: &mut [Value]) -> Res {
    ar_min(a, 1, "disj")?;
    let mut acc = take(a, 0);
    for k in &a[1..] {
        acc = coll::disj(acc, *k)?;
    }
    Ok(acc)
}
pub(super) fn n_contains(a: &[Value]) -> Res {
    ar(a, 2, "contains?")?;
    coll::contains(a[0], a[1]).map(Value::bool)
}
pub(super) fn n_keys(a: &[Value]) -> Res {
    ar(a, 1, "keys")?;
    coll::keys(a[0])
}
pub(super) fn n_vals(a: &[Value]) -> Res {
    ar(a, 1, "vals")?;
    coll::vals(a[0])
}
pub(super) fn entry_part(a: &[Value], name: &str, i: usize) -> Res {
    ar(a, 1, name)?;
    match tag_of(a[0]) {
        Some(Tag::MapEntry) => Ok(dupd(coll::vector_nth(a[0], i))),
        _ => Err(cast_error(a[0], "java.util.Map$Entry")),
    }
}
pub(super) fn n_key(a: &[Value]) -> Res {
    entry_part(a, "key", 0)
}
pub(super) fn n_val(a: &[Value]) -> Res {
    entry_part(a, "val", 1)
}
pub(super) fn n_empty(a: &[Value]) -> Res {
    ar(a, 1, "empty")?;
    coll::empty(a[0])
}
pub(super) fn n_not_empty(a: &[Value]) -> Res {
    ar(a, 1, "not-empty")?;
    let s = seq::seq(a[0])?;
    let empty = s.is_nil();
    heap::drop(s);
    Ok(if empty { Value::NIL } else { dupd(a[0]) })
}
pub(super) fn n_peek(a: &[Value]) -> Res {
    ar(a, 1, "peek")?;
    coll::peek(a[0])
}
/// `(pop coll)`, consuming `coll` so that an unshared vector pops in place.
pub(super) fn n_pop(a: &mut [Value]) -> Res {
    ar(a, 1, "pop")?;
    coll::pop(take(a, 0))
}
pub(super) fn n_find(a: &[Value]) -> Res {
    ar(a, 2, "find")?;
    coll::find(a[0], a[1])
}
pub(super) fn n_subvec(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "subvec")?;
    let start = long_arg(a[1])?;
    let end = match a.get(2) {
        Some(e) => long_arg(*e)?,
        None if coll::is_vector(a[0]) => coll::vector_len(a[0]) as i64,
        None => return Err(cast_error(a[0], "clojure.lang.IPersistentVector")),
    };
    coll::subvec(a[0], start, end)
}
pub(super) fn dup_slice(a: &[Value]) -> Vec<Value> {
    a.iter().map(|x| dupd(*x)).collect()
}
pub(super) fn n_vector(a: &[Value]) -> Res {
    Ok(coll::make_vector(&dup_slice(a)))
}
pub(super) fn n_vec(a: &mut [Value]) -> Res {
    ar(a, 1, "vec")?;
    coll::vec_owned(take(a, 0))
}
pub(super) fn n_hash_map(a: &[Value]) -> Res {
    if a.len() & 1 != 0 {
        return Err(error::illegal_arg(&format!(
            "No value supplied for key: {}",
            print::pr_str(a[a.len() - 1])
        )));
    }
    if a.is_empty() {
        return Ok(coll::empty_map()); // (hash-map) is {}, as in Clojure
    }
    coll::hash_map_from_kvs(&dup_slice(a))
}
pub(super) fn n_array_map(a: &[Value]) -> Res {
    if a.len() & 1 != 0 {
        return Err(error::illegal_arg(&format!(
            "No value supplied for key: {}",
            print::pr_str(a[a.len() - 1])
        )));
    }
    coll::array_map_from_kvs(&dup_slice(a))
}
pub(super) fn n_hash_set(a: &[Value]) -> Res {
    coll::set_from(&dup_slice(a))
}
pub(super) fn n_set(a: &mut [Value]) -> Res {
    ar(a, 1, "set")?;
    let c = take(a, 0);
    if coll::is_set(c) {
        return Ok(c);
    }
    let items = seq::to_vec_owned(c)?;
    coll::set_from(&items)
}
pub(super) fn n_list(a: &[Value]) -> Res {
    Ok(coll::list_from(&dup_slice(a)))
}
pub(super) fn n_list_star(a: &[Value]) -> Res {
    ar_min(a, 1, "list*")?;
    let (last, init) = a.split_last().expect("at least one arg");
    let mut s = seq::seq(*last)?;
    for x in init.iter().rev() {
        s = coll::cons(dupd(*x), s);
    }
    Ok(s)
}
pub(super) fn n_reverse(a: &mut [Value]) -> Res {
    ar(a, 1, "reverse")?;
    let mut l = coll::empty_list();
    let mut it = SeqIter::new_owned(take(a, 0))?;
    while let Some(x) = it.next_item().inspect_err(|_| heap::drop(l))? {
        l = coll::list_cell(x, l);
    }
    Ok(l)
}
pub(super) fn n_range(a: &[Value]) -> Res {
    ar_range(a, 0, 3, "range")?;
    let one = Value::fixnum(1);
    let zero = Value::fixnum(0);
    match a.len() {
        0 => seq::make_range(zero, Value::NIL, one),
        1 => seq::make_range(zero, a[0], one),
        2 => seq::make_range(a[0], a[1], one),
        _ => seq::make_range(a[0], a[1], a[2]),
    }
}
pub(super) fn n_make_lazy_seq(a: &[Value]) -> Res {
    ar(a, 1, "%make-lazy-seq")?;
    Ok(seq::make_lazy_seq(dupd(a[0])))
}
pub(super) fn n_into(a: &mut [Value]) -> Res {
    ar_range(a, 0, 2, "into")?;
    match a.len() {
        0 => Ok(coll::make_vector(&[])),
        1 => Ok(take(a, 0)),
        _ => coll::into_owned(take(a, 0), take(a, 1)),
    }
}
pub(super) fn n_reduced(a: &[Value]) -> Res {
    ar(a, 1, "reduced")?;
    Ok(atom::make_reduced(dupd(a[0])))
}
pub(super) fn n_unreduced(a: &[Value]) -> Res {
    ar(a, 1, "unreduced")?;
    Ok(if atom::is_reduced(a[0]) {
        dupd(atom::reduced_value(a[0]))
    } else {
        dupd(a[0])
    })
}
pub(super) fn n_ensure_reduced(a: &[Value]) -> Res {
    ar(a, 1, "ensure-reduced")?;
    Ok(if atom::is_reduced(a[0]) {
        dupd(a[0])
    } else {
        atom::make_reduced(dupd(a[0]))
    })
}
pub(super) fn n_deref(a: &[Value]) -> Res {
    ar_range(a, 1, 3, "deref")?;
    if a.len() == 3 && crate::promise::is_promise(a[0]) {
        return crate::promise::deref(a[0], Some(a[2]));
    }
    atom::deref(a[0])
}

/// `(reduce f coll)` / `(reduce f init coll)`, honouring `reduced`. Consumes
/// `coll` (walked releasing each cell) and `init`; `f` gets the accumulator
/// owned, so an unshared accumulator is updated in place.
pub(super) fn n_reduce(a: &mut [Value]) -> Res {
    ar_range(a, 2, 3, "reduce")?;
    let f = a[0];
    let coll = take(a, a.len() - 1);
    let mut it = SeqIter::new_owned(coll)?;
    let mut acc = if a.len() == 3 {
        take(a, 1)
    } else {
        match it.next_item()? {
            Some(x) => x,
            None => return callable::invoke(f, &[]),
        }
    };
    loop {
        let x = match it.next_item() {
            Ok(Some(x)) => x,
            Ok(None) => return Ok(acc),
            Err(e) => {
                heap::drop(acc);
                return Err(e);
            }
        };
        acc = callable::invoke_owned(f, &mut [acc, x])?;
        if atom::is_reduced(acc) {
            let v = dupd(atom::reduced_value(acc));
            heap::drop(acc);
            return Ok(v);
        }
    }
}

/// `(apply f a b ... coll)`: consumes `coll`.
pub(super) fn n_apply(a: &mut [Value]) -> Res {
    ar_min(a, 2, "apply")?;
    let n = a.len();
    let rest = take(a, n - 1);
    callable::apply_to(a[0], &a[1..n - 1], rest)
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("seq", n_seq),
        ("first", n_first),
        ("rest", n_rest),
        ("next", n_next),
        ("cons", n_cons),
        ("get", n_get),
        ("contains?", n_contains),
        ("keys", n_keys),
        ("vals", n_vals),
        ("key", n_key),
        ("val", n_val),
        ("empty", n_empty),
        ("not-empty", n_not_empty),
        ("peek", n_peek),
        ("find", n_find),
        ("subvec", n_subvec),
        ("vector", n_vector),
        ("hash-map", n_hash_map),
        ("array-map", n_array_map),
        ("hash-set", n_hash_set),
        ("list", n_list),
        ("list*", n_list_star),
        ("range", n_range),
        ("%make-lazy-seq", n_make_lazy_seq),
        ("reduced", n_reduced),
        ("unreduced", n_unreduced),
        ("ensure-reduced", n_ensure_reduced),
        ("deref", n_deref),
    ]
}

/// The natives of this area that consume their arguments.
pub(super) fn consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    vec![
        ("count", n_count),
        ("nth", n_nth),
        ("vec", n_vec),
        ("set", n_set),
        ("reverse", n_reverse),
        ("into", n_into),
        ("reduce", n_reduce),
        ("apply", n_apply),
        ("conj", n_conj),
        ("assoc", n_assoc),
        ("dissoc", n_dissoc),
        ("disj", n_disj),
        ("pop", n_pop),
    ]
}
