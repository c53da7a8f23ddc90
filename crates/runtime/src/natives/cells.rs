//! Atoms, volatiles and delays.

use super::*;

pub(super) fn n_atom(a: &[Value]) -> Res {
    ar_min(a, 1, "atom")?;
    if (a.len() - 1) & 1 != 0 {
        return Err(error::illegal_arg("atom options must be key/value pairs"));
    }
    let at = atom::make_atom(dupd(a[0]));
    for kv in a[1..].chunks(2) {
        let key = if string::is_keyword(kv[0]) {
            string::name_parts(kv[0]).1
        } else {
            ""
        };
        let r = match key {
            "validator" => atom::set_validator(at, kv[1]),
            "meta" => {
                crate::object::replace_field(at, 3, dupd(kv[1]));
                Ok(Value::NIL)
            }
            _ => Ok(Value::NIL),
        };
        match r {
            Ok(v) => heap::drop(v),
            Err(e) => {
                heap::drop(at);
                return Err(e);
            }
        }
    }
    Ok(at)
}
pub(super) fn n_reset(a: &[Value]) -> Res {
    ar(a, 2, "reset!")?;
    atom::reset(a[0], a[1])
}
pub(super) fn n_reset_vals(a: &[Value]) -> Res {
    ar(a, 2, "reset-vals!")?;
    atom::reset_vals(a[0], a[1])
}
pub(super) fn n_swap(a: &[Value]) -> Res {
    ar_min(a, 2, "swap!")?;
    atom::swap(a[0], a[1], &a[2..])
}
pub(super) fn n_swap_vals(a: &[Value]) -> Res {
    ar_min(a, 2, "swap-vals!")?;
    atom::swap_vals(a[0], a[1], &a[2..])
}
pub(super) fn n_cas(a: &[Value]) -> Res {
    ar(a, 3, "compare-and-set!")?;
    atom::compare_and_set(a[0], a[1], a[2]).map(Value::bool)
}
pub(super) fn n_add_watch(a: &[Value]) -> Res {
    ar(a, 3, "add-watch")?;
    atom::add_watch(a[0], a[1], a[2])
}
pub(super) fn n_remove_watch(a: &[Value]) -> Res {
    ar(a, 2, "remove-watch")?;
    atom::remove_watch(a[0], a[1])
}
pub(super) fn n_set_validator(a: &[Value]) -> Res {
    ar(a, 2, "set-validator!")?;
    atom::set_validator(a[0], a[1])
}
pub(super) fn n_get_validator(a: &[Value]) -> Res {
    ar(a, 1, "get-validator")?;
    atom::get_validator(a[0])
}
pub(super) fn n_volatile(a: &[Value]) -> Res {
    ar(a, 1, "volatile!")?;
    Ok(atom::make_volatile(dupd(a[0])))
}
pub(super) fn n_vreset(a: &[Value]) -> Res {
    ar(a, 2, "vreset!")?;
    atom::vreset(a[0], a[1])
}
pub(super) fn n_vswap(a: &[Value]) -> Res {
    ar_min(a, 2, "vswap!")?;
    if !has_tag(a[0], Tag::Volatile) {
        return Err(cast_error(a[0], "clojure.lang.Volatile"));
    }
    let cur = atom::deref(a[0])?;
    let mut args = vec![cur];
    args.extend_from_slice(&a[2..]);
    let r = callable::invoke(a[1], &args);
    heap::drop(cur);
    let v = r?;
    let out = atom::vreset(a[0], v);
    heap::drop(v);
    out
}
pub(super) fn n_make_delay(a: &[Value]) -> Res {
    ar(a, 1, "%make-delay")?;
    Ok(atom::make_delay(dupd(a[0])))
}
pub(super) fn n_force(a: &[Value]) -> Res {
    ar(a, 1, "force")?;
    atom::force(a[0])
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("atom", n_atom),
        ("reset!", n_reset),
        ("reset-vals!", n_reset_vals),
        ("swap!", n_swap),
        ("swap-vals!", n_swap_vals),
        ("compare-and-set!", n_cas),
        ("add-watch", n_add_watch),
        ("remove-watch", n_remove_watch),
        ("set-validator!", n_set_validator),
        ("get-validator", n_get_validator),
        ("volatile!", n_volatile),
        ("vreset!", n_vreset),
        ("vswap!", n_vswap),
        ("%make-delay", n_make_delay),
        ("force", n_force),
    ]
}
