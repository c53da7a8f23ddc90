//! UUIDs, Dates and tagged literals: `random-uuid`, `parse-uuid`,
//! `inst-ms` (for Dates), `tagged-literal`, the constructor behind `(java.util.Date.)`
//! and the default data readers (see `crate::tagged`).

use super::*;
use crate::tagged;

pub(super) fn n_random_uuid(a: &[Value]) -> Res {
    ar(a, 0, "random-uuid")?;
    tagged::random_uuid()
}

/// `(parse-uuid s)`: the UUID, or nil when `s` is not one (Clojure 1.11).
fn n_parse_uuid(a: &[Value]) -> Res {
    ar(a, 1, "parse-uuid")?;
    let s = str_arg(a[0])?;
    Ok(tagged::parse_uuid(s).map_or(Value::NIL, |(m, l)| tagged::uuid(m, l)))
}

/// `UUID/fromString` and the `#uuid` reader: an invalid string throws.
pub(super) fn n_read_uuid(a: &[Value]) -> Res {
    ar(a, 1, "java.util.UUID/fromString")?;
    let s = str_arg(a[0])?;
    match tagged::parse_uuid(s) {
        Some((m, l)) => Ok(tagged::uuid(m, l)),
        None => Err(error::throw(
            "IllegalArgumentException",
            &format!("Invalid UUID string: {s}"),
        )),
    }
}

/// `clojure.instant/read-instant-date`, the `#inst` reader.
fn n_read_instant_date(a: &[Value]) -> Res {
    ar(a, 1, "read-instant-date")?;
    let s = str_arg(a[0])?;
    tagged::parse_timestamp(s)
        .map(tagged::inst)
        .map_err(|m| error::throw("RuntimeException", &m))
}

/// `(java.util.Date.)` is now; `(java.util.Date. ms)` that instant.
fn n_date(a: &[Value]) -> Res {
    ar_range(a, 0, 1, "java.util.Date.")?;
    let ms = match a.first() {
        Some(&v) => num::as_long(v).ok_or_else(|| {
            error::illegal_arg(&format!(
                "No matching ctor found for class java.util.Date with a {}",
                error::class_name_of(v)
            ))
        })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0),
    };
    Ok(tagged::inst(ms))
}

/// A Date's milliseconds since the epoch: the `Inst` protocol's
/// `inst-ms*` for `java.util.Date` (core_more.clj).
fn n_inst_ms(a: &[Value]) -> Res {
    ar(a, 1, "inst-ms*")?;
    if !tagged::is_inst(a[0]) {
        return Err(cast_error(a[0], "java.util.Date"));
    }
    Ok(num::long(tagged::inst_ms(a[0])))
}

fn n_tagged_literal(a: &[Value]) -> Res {
    ar(a, 2, "tagged-literal")?;
    if !string::is_symbol(a[0]) {
        return Err(cast_error(a[0], "clojure.lang.Symbol"));
    }
    Ok(tagged::tagged_literal(dupd(a[0]), dupd(a[1])))
}

fn p_tagged_literal(a: &[Value]) -> Res {
    ar(a, 1, "tagged-literal?")?;
    b(tagged::is_tagged_literal(a[0]))
}

fn p_uuid(a: &[Value]) -> Res {
    ar(a, 1, "uuid?")?;
    b(tagged::is_uuid(a[0]))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("random-uuid", n_random_uuid),
        ("parse-uuid", n_parse_uuid),
        ("%read-uuid", n_read_uuid),
        ("%read-instant-date", n_read_instant_date),
        ("%date", n_date),
        ("%inst-ms", n_inst_ms),
        ("tagged-literal", n_tagged_literal),
        ("tagged-literal?", p_tagged_literal),
        ("uuid?", p_uuid),
    ]
}
