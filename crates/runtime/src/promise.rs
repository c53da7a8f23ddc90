//! Promises and futures (`promise`, `deliver`, `future`).
//!
//! ```text
//! Promise  header | value | exception | kind (raw: 0 promise, 1 future)
//! ```
//! genera runs one thread per program, so a future runs its body when it is
//! created (`future-call` invokes it at once) and keeps the value or the
//! exception; `deref` returns the value or throws the exception wrapped in
//! an ExecutionException, as the JVM's Future.get does. A promise nobody
//! delivered can never be delivered while its reader waits, so `deref`
//! without a timeout throws instead of blocking forever, and `deref` with a
//! timeout returns the timeout value at once.

use crate::coll::dupd;
use crate::error;
use crate::object::{alloc_fields, field, has_tag, raw, replace_field, set_raw};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

const PROMISE: u64 = 0;
const FUTURE: u64 = 1;

/// An undelivered promise.
pub fn make_promise() -> Value {
    let p = alloc_fields(Tag::Promise, &[Value::UNBOUND, Value::NIL], 1);
    set_raw(p, 2, PROMISE);
    p
}

/// A future holding the outcome of its body: `value` (owned) or `exn` (owned).
pub fn make_future(outcome: Res) -> Value {
    let (v, e) = match outcome {
        Ok(v) => (v, Value::NIL),
        Err(t) => (Value::NIL, t.0),
    };
    let p = alloc_fields(Tag::Promise, &[v, e], 1);
    set_raw(p, 2, FUTURE);
    p
}

pub fn is_promise(v: Value) -> bool {
    has_tag(v, Tag::Promise)
}

pub fn is_future(v: Value) -> bool {
    is_promise(v) && raw(v, 2) == FUTURE
}

pub fn is_delivered(p: Value) -> bool {
    field(p, 0) != Value::UNBOUND
}

/// `(deliver p x)`: the first delivery wins; later ones do nothing. Returns
/// the promise (owned) when delivered now, nil otherwise, as Clojure does.
pub fn deliver(p: Value, x: Value) -> Value {
    if is_delivered(p) {
        return Value::NIL;
    }
    replace_field(p, 0, dupd(x));
    dupd(p)
}

/// `(deref p)`; `timeout` is the value `(deref p ms timeout-val)` gives.
pub fn deref(p: Value, timeout: Option<Value>) -> Res {
    let exn = field(p, 1);
    if !exn.is_nil() {
        let msg = crate::print::str_of_value(exn)?;
        return Err(crate::Thrown(error::make_exception(
            "ExecutionException",
            &msg,
            Value::NIL,
            dupd(exn),
        )));
    }
    if is_delivered(p) {
        return Ok(dupd(field(p, 0)));
    }
    match timeout {
        Some(t) => Ok(dupd(t)),
        None => Err(error::illegal_state(
            "deref of a promise that was never delivered: it would block forever \
             (genera runs one thread, so nothing else can deliver it)",
        )),
    }
}

/// The class name `type` reports.
pub fn class_name(p: Value) -> &'static str {
    if is_future(p) {
        "clojure.core$future_call$reify"
    } else {
        "clojure.core$promise$reify"
    }
}
