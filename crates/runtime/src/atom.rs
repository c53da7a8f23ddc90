//! Reference cells and wrappers: atoms, volatiles, `reduced`, delays, and
//! `deref` over all of them (and vars).
//!
//! ```text
//! Atom      header | value | validator (fn or nil) | watches (map key -> fn, or nil) | meta
//! Volatile  header | value
//! Reduced   header | value
//! Delay     header | fn (nil once forced) | value | exception (if the body threw)
//! ```
//! Atoms are single-threaded for now: `swap!` reads, calls `f`, validates
//! and writes with no other writer possible, so compare-and-set always
//! succeeds on the first try. When atoms become shareable between actors
//! the value field is the one word to CAS (the design keeps the value in a
//! single field for that reason).
//!
//! A delay is a thunk: unforced (fn set), forcing (`FLAG_BLACKHOLE`; forcing
//! it again from its own body throws), forced (fn nil, value or exception
//! cached: a delay whose body threw rethrows the same exception, as Clojure's).

use crate::callable;
use crate::coll::{self, dupd};
use crate::error::{self, cast_error};
use crate::heap;
use crate::object::{
    alloc_fields, field, flags, has_tag, replace_field, set_flags, tag_of, FLAG_BLACKHOLE,
};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

const A_VALUE: usize = 0;
const A_VALIDATOR: usize = 1;
const A_WATCHES: usize = 2;

/// `(atom v)`: `v` owned.
pub fn make_atom(v: Value) -> Value {
    alloc_fields(Tag::Atom, &[v, Value::NIL, Value::NIL, Value::NIL], 0)
}

pub fn is_atom(v: Value) -> bool {
    has_tag(v, Tag::Atom)
}

fn check_atom(a: Value) -> Res<()> {
    if is_atom(a) {
        Ok(())
    } else {
        Err(cast_error(a, "clojure.lang.IAtom"))
    }
}

fn validate(a: Value, v: Value) -> Res<()> {
    let f = field(a, A_VALIDATOR);
    if f.is_nil() {
        return Ok(());
    }
    let r = callable::invoke(f, &[v])?;
    let ok = r.truthy();
    heap::drop(r);
    if ok {
        Ok(())
    } else {
        Err(error::illegal_state("Invalid reference state"))
    }
}

fn notify_watches(a: Value, old: Value, new: Value) -> Res<()> {
    let w = field(a, A_WATCHES);
    if w.is_nil() || coll::map_count(w) == 0 {
        return Ok(());
    }
    // The watch map may change while a watch runs: walk a snapshot.
    heap::dup(w);
    let mut result = Ok(());
    for kv in coll::map_kvs(w).chunks(2) {
        match callable::invoke(kv[1], &[kv[0], a, old, new]) {
            Ok(r) => heap::drop(r),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    heap::drop(w);
    result
}

/// Validates `new` (owned), stores it, notifies watches; returns the old
/// value (owned).
fn set_value(a: Value, new: Value) -> Res<Value> {
    if let Err(e) = validate(a, new) {
        heap::drop(new);
        return Err(e);
    }
    let old = field(a, A_VALUE);
    crate::object::set_field(a, A_VALUE, new);
    if let Err(e) = notify_watches(a, old, new) {
        heap::drop(old);
        return Err(e);
    }
    Ok(old)
}

/// `(reset! a v)`: returns `v`.
pub fn reset(a: Value, v: Value) -> Res {
    check_atom(a)?;
    let old = set_value(a, dupd(v))?;
    heap::drop(old);
    Ok(dupd(v))
}

/// `(reset-vals! a v)`: returns `[old new]`.
pub fn reset_vals(a: Value, v: Value) -> Res {
    check_atom(a)?;
    let old = set_value(a, dupd(v))?;
    Ok(coll::make_vector(&[old, dupd(v)]))
}

fn swap_inner(a: Value, f: Value, args: &[Value]) -> Res<(Value, Value)> {
    check_atom(a)?;
    let cur = field(a, A_VALUE);
    let mut call_args = Vec::with_capacity(args.len() + 1);
    call_args.push(cur);
    call_args.extend_from_slice(args);
    // Hold the current value while f runs: f may reset the atom.
    heap::dup(cur);
    let new = callable::invoke(f, &call_args);
    let new = match new {
        Ok(n) => n,
        Err(e) => {
            heap::drop(cur);
            return Err(e);
        }
    };
    heap::drop(cur);
    let old = set_value(a, dupd(new))?;
    Ok((old, new))
}

/// `(swap! a f & args)`: returns the new value.
pub fn swap(a: Value, f: Value, args: &[Value]) -> Res {
    let (old, new) = swap_inner(a, f, args)?;
    heap::drop(old);
    Ok(new)
}

/// `(swap-vals! a f & args)`: returns `[old new]`.
pub fn swap_vals(a: Value, f: Value, args: &[Value]) -> Res {
    let (old, new) = swap_inner(a, f, args)?;
    Ok(coll::make_vector(&[old, new]))
}

/// `(compare-and-set! a old new)`: sets when the current value is
/// identical to `old`.
pub fn compare_and_set(a: Value, old: Value, new: Value) -> Res<bool> {
    check_atom(a)?;
    if field(a, A_VALUE) != old {
        return Ok(false);
    }
    let prev = set_value(a, dupd(new))?;
    heap::drop(prev);
    Ok(true)
}

/// `(add-watch a key f)`: returns the atom.
pub fn add_watch(a: Value, key: Value, f: Value) -> Res {
    check_atom(a)?;
    let w = field(a, A_WATCHES);
    let w = if w.is_nil() {
        coll::empty_map()
    } else {
        dupd(w)
    };
    let w = coll::map_assoc(w, dupd(key), dupd(f))?;
    replace_field(a, A_WATCHES, w);
    Ok(dupd(a))
}

/// `(remove-watch a key)`: returns the atom.
pub fn remove_watch(a: Value, key: Value) -> Res {
    check_atom(a)?;
    let w = field(a, A_WATCHES);
    if !w.is_nil() {
        let w = coll::map_dissoc(dupd(w), key)?;
        replace_field(a, A_WATCHES, w);
    }
    Ok(dupd(a))
}

/// `(set-validator! a f)`: validates the current value first.
pub fn set_validator(a: Value, f: Value) -> Res {
    check_atom(a)?;
    if !f.is_nil() {
        let r = callable::invoke(f, &[field(a, A_VALUE)])?;
        let ok = r.truthy();
        heap::drop(r);
        if !ok {
            return Err(error::illegal_state("Invalid reference state"));
        }
    }
    replace_field(a, A_VALIDATOR, dupd(f));
    Ok(Value::NIL)
}

pub fn get_validator(a: Value) -> Res {
    check_atom(a)?;
    Ok(dupd(field(a, A_VALIDATOR)))
}

/// `(volatile! v)`: `v` owned.
pub fn make_volatile(v: Value) -> Value {
    alloc_fields(Tag::Volatile, &[v], 0)
}

/// `(vreset! vol v)`: returns `v`.
pub fn vreset(vol: Value, v: Value) -> Res {
    if !has_tag(vol, Tag::Volatile) {
        return Err(cast_error(vol, "clojure.lang.Volatile"));
    }
    replace_field(vol, 0, dupd(v));
    Ok(dupd(v))
}

/// `(reduced v)`: `v` owned.
pub fn make_reduced(v: Value) -> Value {
    alloc_fields(Tag::Reduced, &[v], 0)
}

pub fn is_reduced(v: Value) -> bool {
    has_tag(v, Tag::Reduced)
}

/// The value inside a `reduced` (borrowed).
pub fn reduced_value(v: Value) -> Value {
    field(v, 0)
}

/// `(%make-delay f)`: a delay of the 0-arg fn `f` (owned).
pub fn make_delay(f: Value) -> Value {
    alloc_fields(Tag::Delay, &[f, Value::NIL, Value::NIL], 0)
}

pub fn delay_is_realized(d: Value) -> bool {
    field(d, 0).is_nil()
}

/// The cached value of a forced delay (borrowed).
pub fn delay_value(d: Value) -> Value {
    field(d, 1)
}

/// `(force d)` / `@d`: runs the body once and caches its value (or its
/// exception, rethrown on every later force).
pub fn force(d: Value) -> Res {
    if !has_tag(d, Tag::Delay) {
        return Ok(dupd(d));
    }
    if flags(d) & FLAG_BLACKHOLE != 0 {
        // Forced by another actor now: wait for it (see `thunk`).
        crate::thunk::wait_for(d, || {
            error::illegal_state("delay forced recursively: its body needs its own value")
        })?;
    }
    if !delay_is_realized(d) {
        set_flags(d, flags(d) | FLAG_BLACKHOLE);
        crate::thunk::begin(d);
        let r = callable::invoke(field(d, 0), &[]);
        crate::thunk::end(d);
        set_flags(d, flags(d) & !FLAG_BLACKHOLE);
        match r {
            Ok(v) => replace_field(d, 1, v),
            Err(e) => replace_field(d, 2, e.0),
        }
        replace_field(d, 0, Value::NIL);
    }
    let e = field(d, 2);
    if !e.is_nil() {
        return Err(crate::Thrown(dupd(e)));
    }
    Ok(dupd(field(d, 1)))
}

/// `(deref x)` / `@x` on atoms, volatiles, vars, delays and reduced values.
pub fn deref(x: Value) -> Res {
    match tag_of(x) {
        Some(Tag::Atom | Tag::Volatile | Tag::Reduced) => Ok(dupd(field(x, 0))),
        Some(Tag::Var) => crate::ns::var_get(x),
        Some(Tag::Delay) => force(x),
        Some(Tag::Promise) => crate::promise::deref(x, None),
        _ => crate::coll::record::call_interface(x, "clojure.lang.IDeref", "deref", &[])
            .unwrap_or_else(|| Err(cast_error(x, "clojure.lang.IDeref"))),
    }
}

/// `(realized? x)` for lazy seqs and delays.
pub fn is_realized(x: Value) -> Res<bool> {
    match tag_of(x) {
        Some(Tag::Delay) => Ok(delay_is_realized(x)),
        Some(Tag::LazySeq) => Ok(crate::seq::is_realized(x)),
        Some(Tag::Promise) => Ok(crate::promise::is_delivered(x)),
        _ => {
            match crate::coll::record::call_interface(x, "clojure.lang.IPending", "isRealized", &[])
            {
                Some(r) => {
                    let r = r?;
                    let realized = r.truthy();
                    heap::drop(r);
                    Ok(realized)
                }
                None => Err(cast_error(x, "clojure.lang.IPending")),
            }
        }
    }
}
