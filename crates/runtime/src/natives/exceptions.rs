//! Exceptions: `ex-info`, `ex-data`, `throw` helpers, stack traces.

use super::*;

pub(super) fn n_ex_info(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "ex-info")?;
    if !a[0].is_nil() && !string::is_string(a[0]) {
        return Err(cast_error(a[0], "java.lang.String"));
    }
    if !coll::is_map(a[1]) && !coll::is_sorted_map(a[1]) {
        return Err(if a[1].is_nil() {
            error::illegal_arg("Additional data must be non-nil.")
        } else {
            cast_error(a[1], "clojure.lang.IPersistentMap")
        });
    }
    let cause = a.get(2).copied().unwrap_or(Value::NIL);
    Ok(error::ex_info(dupd(a[0]), dupd(a[1]), dupd(cause)))
}
pub(super) fn n_ex_data(a: &[Value]) -> Res {
    ar(a, 1, "ex-data")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::data_of(a[0]))
    } else {
        Value::NIL
    })
}
pub(super) fn n_ex_message(a: &[Value]) -> Res {
    ar(a, 1, "ex-message")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::message_of(a[0]))
    } else {
        Value::NIL
    })
}
pub(super) fn n_ex_cause(a: &[Value]) -> Res {
    ar(a, 1, "ex-cause")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::cause_of(a[0]))
    } else {
        Value::NIL
    })
}
/// `(%new-exception "Class" msg? cause?)`, and for ExceptionInfo
/// `(%new-exception "ExceptionInfo" msg data cause?)`.
pub(super) fn n_new_exception(a: &[Value]) -> Res {
    ar_range(a, 1, 4, "%new-exception")?;
    let class = str_arg(a[0])?;
    let short = class.rsplit('.').next().unwrap_or(class);
    if short == "ExceptionInfo" {
        return n_ex_info(&a[1..]);
    }
    let rest = &a[1..];
    let (msg, cause) = match rest {
        [] => (Value::NIL, Value::NIL),
        [x] if error::is_exception(*x) => {
            // Java's Exception(Throwable cause): the message is cause.toString().
            (make_str(&print::str_of_value(*x)?), dupd(*x))
        }
        [m] => (dupd(*m), Value::NIL),
        [m, c, ..] => (dupd(*m), dupd(*c)),
    };
    if !msg.is_nil() && !string::is_string(msg) {
        let e = cast_error(msg, "java.lang.String");
        heap::drop(msg);
        heap::drop(cause);
        return Err(e);
    }
    Ok(error::make_exception_v(short, msg, Value::NIL, cause))
}
pub(super) fn n_exception_is(a: &[Value]) -> Res {
    ar(a, 2, "%exception-is?")?;
    Ok(crate::prim::exception_is(a[0], a[1]))
}
pub(super) fn n_throwable_map(a: &[Value]) -> Res {
    ar(a, 1, "Throwable->map")?;
    let e = a[0];
    if !error::is_exception(e) {
        return Err(cast_error(e, "java.lang.Throwable"));
    }
    let kw = |n: &str| string::keyword(None, n);
    let mut via = Vec::new();
    let mut c = e;
    let mut root = e;
    while error::is_exception(c) {
        let mut kvs = vec![
            kw("type"),
            string::symbol(None, &error::class_name(error::kind_of(c))),
            kw("message"),
            dupd(error::message_of(c)),
        ];
        if !error::data_of(c).is_nil() {
            kvs.push(kw("data"));
            kvs.push(dupd(error::data_of(c)));
        }
        via.push(coll::map_from_kvs(&kvs)?);
        root = c;
        c = error::cause_of(c);
    }
    let mut kvs = vec![
        kw("via"),
        coll::make_vector(&via),
        kw("trace"),
        if error::trace_of(e).is_nil() {
            coll::make_vector(&[])
        } else {
            dupd(error::trace_of(e))
        },
        kw("cause"),
        dupd(error::message_of(root)),
    ];
    if !error::data_of(root).is_nil() {
        kvs.push(kw("data"));
        kvs.push(dupd(error::data_of(root)));
    }
    coll::map_from_kvs(&kvs)
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("ex-info", n_ex_info),
        ("ex-data", n_ex_data),
        ("ex-message", n_ex_message),
        ("ex-cause", n_ex_cause),
        ("%new-exception", n_new_exception),
        ("%exception-is?", n_exception_is),
        ("Throwable->map", n_throwable_map),
    ]
}
