//! The rest of clojure.core's runtime support that genera adds for JVM
//! parity: promises and futures (see `crate::promise`), thread bindings
//! for `bound-fn`, and `eval`-free helpers of `core_more.clj`.

use super::*;
use crate::promise;

/// `(promise)`.
fn n_promise(a: &[Value]) -> Res {
    ar(a, 0, "promise")?;
    Ok(promise::make_promise())
}

/// `(deliver p x)`.
fn n_deliver(a: &[Value]) -> Res {
    ar(a, 2, "deliver")?;
    if !promise::is_promise(a[0]) || promise::is_future(a[0]) {
        return Err(error::not_callable(a[0]));
    }
    Ok(promise::deliver(a[0], a[1]))
}

/// `(future-call f)`: runs `f` now (one thread; see `crate::promise`).
fn n_future_call(a: &[Value]) -> Res {
    ar(a, 1, "future-call")?;
    Ok(promise::make_future(callable::invoke(a[0], &[])))
}

fn n_future_p(a: &[Value]) -> Res {
    ar(a, 1, "future?")?;
    b(promise::is_future(a[0]))
}

/// `(future-done? f)`: always true, the body ran at creation.
fn n_future_done(a: &[Value]) -> Res {
    ar(a, 1, "future-done?")?;
    if !promise::is_future(a[0]) {
        return Err(cast_error(a[0], "java.util.concurrent.Future"));
    }
    b(true)
}

/// `(future-cancel f)`: a finished future cannot be cancelled (false).
fn n_future_cancel(a: &[Value]) -> Res {
    ar(a, 1, "future-cancel")?;
    n_future_done(a).map(|_| Value::FALSE)
}

fn n_future_cancelled(a: &[Value]) -> Res {
    ar(a, 1, "future-cancelled?")?;
    n_future_done(a).map(|_| Value::FALSE)
}

/// `(get-thread-bindings)`: a map of var to value.
fn n_get_thread_bindings(a: &[Value]) -> Res {
    ar(a, 0, "get-thread-bindings")?;
    let mut kvs = Vec::new();
    for (var, x) in ns::thread_bindings() {
        kvs.push(var);
        kvs.push(x);
    }
    // The values are owned and go into the map; vars are immortal.
    coll::make_map(&kvs)
}

/// `(thread-bound? & vars)`: every var has a thread binding.
fn n_thread_bound(a: &[Value]) -> Res {
    let bound = ns::thread_bindings();
    let all = a.iter().all(|v| bound.iter().any(|(var, _)| var == v));
    for (_, x) in bound {
        heap::drop(x);
    }
    b(all)
}

/// `(reset-meta! ref m)`: sets the metadata of a var or atom (returns m).
fn n_reset_meta(a: &[Value]) -> Res {
    ar(a, 2, "reset-meta!")?;
    let (r, m) = (a[0], a[1]);
    if !m.is_nil() && !coll::is_map(m) {
        return Err(cast_error(m, "clojure.lang.IPersistentMap"));
    }
    if ns::is_var(r) {
        ns::var_set_meta(r, dupd(m));
    } else if has_tag(r, Tag::Atom) {
        crate::object::replace_field(r, 3, dupd(m));
    } else {
        return Err(cast_error(r, "clojure.lang.IReference"));
    }
    Ok(dupd(m))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("promise", n_promise),
        ("deliver", n_deliver),
        ("future-call", n_future_call),
        ("future?", n_future_p),
        ("future-done?", n_future_done),
        ("future-cancel", n_future_cancel),
        ("future-cancelled?", n_future_cancelled),
        ("get-thread-bindings", n_get_thread_bindings),
        ("thread-bound?", n_thread_bound),
        ("reset-meta!", n_reset_meta),
    ]
}
