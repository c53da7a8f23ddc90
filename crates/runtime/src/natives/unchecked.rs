//! `unchecked-add` and friends: long arithmetic that wraps on overflow
//! (Java's two's complement), after clojure.lang.Numbers' unchecked_*
//! methods; with a non-long argument they are the ordinary operation. The
//! `-int` variants work on 32-bit ints, and `unchecked-int` ... truncate.

use super::*;

/// Both arguments longs: `Some((a, b))`.
fn longs(a: Value, b: Value) -> Option<(i64, i64)> {
    Some((num::as_long(a)?, num::as_long(b)?))
}

fn binary(
    a: &[Value],
    name: &str,
    wrap: fn(i64, i64) -> i64,
    slow: fn(Value, Value) -> Res,
) -> Res {
    ar(a, 2, name)?;
    match longs(a[0], a[1]) {
        Some((x, y)) => Ok(num::long(wrap(x, y))),
        None => slow(a[0], a[1]),
    }
}

fn n_add(a: &[Value]) -> Res {
    binary(a, "unchecked-add", i64::wrapping_add, num::add)
}
fn n_subtract(a: &[Value]) -> Res {
    binary(a, "unchecked-subtract", i64::wrapping_sub, num::sub)
}
fn n_multiply(a: &[Value]) -> Res {
    binary(a, "unchecked-multiply", i64::wrapping_mul, num::mul)
}
fn n_inc(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-inc")?;
    match num::as_long(a[0]) {
        Some(x) => Ok(num::long(x.wrapping_add(1))),
        None => num::inc(a[0]),
    }
}
fn n_dec(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-dec")?;
    match num::as_long(a[0]) {
        Some(x) => Ok(num::long(x.wrapping_sub(1))),
        None => num::dec(a[0]),
    }
}
fn n_negate(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-negate")?;
    match num::as_long(a[0]) {
        Some(x) => Ok(num::long(x.wrapping_neg())),
        None => num::sub(Value::fixnum(0), a[0]),
    }
}

/// An int argument (a long truncated to 32 bits, as Java's intValue()).
fn int_arg(v: Value) -> Res<i32> {
    if let Some(n) = num::as_long(v) {
        return Ok(n as i32);
    }
    if let Some(f) = num::as_double(v) {
        return Ok(f as i32);
    }
    if num::is_number(v) {
        return Ok(num::to_long(v)? as i32);
    }
    Err(cast_error(v, "java.lang.Number"))
}

fn int_binary(a: &[Value], name: &str, f: fn(i32, i32) -> Res<i32>) -> Res {
    ar(a, 2, name)?;
    Ok(Value::fixnum(f(int_arg(a[0])?, int_arg(a[1])?)? as i64))
}

fn int_unary(a: &[Value], name: &str, f: fn(i32) -> i32) -> Res {
    ar(a, 1, name)?;
    Ok(Value::fixnum(f(int_arg(a[0])?) as i64))
}

fn by_zero() -> crate::Thrown {
    error::arithmetic("/ by zero")
}

fn n_add_int(a: &[Value]) -> Res {
    int_binary(a, "unchecked-add-int", |x, y| Ok(x.wrapping_add(y)))
}
fn n_subtract_int(a: &[Value]) -> Res {
    int_binary(a, "unchecked-subtract-int", |x, y| Ok(x.wrapping_sub(y)))
}
fn n_multiply_int(a: &[Value]) -> Res {
    int_binary(a, "unchecked-multiply-int", |x, y| Ok(x.wrapping_mul(y)))
}
fn n_divide_int(a: &[Value]) -> Res {
    int_binary(a, "unchecked-divide-int", |x, y| {
        if y == 0 {
            Err(by_zero())
        } else {
            Ok(x.wrapping_div(y))
        }
    })
}
fn n_remainder_int(a: &[Value]) -> Res {
    int_binary(a, "unchecked-remainder-int", |x, y| {
        if y == 0 {
            Err(by_zero())
        } else {
            Ok(x.wrapping_rem(y))
        }
    })
}
fn n_inc_int(a: &[Value]) -> Res {
    int_unary(a, "unchecked-inc-int", |x| x.wrapping_add(1))
}
fn n_dec_int(a: &[Value]) -> Res {
    int_unary(a, "unchecked-dec-int", |x| x.wrapping_sub(1))
}
fn n_negate_int(a: &[Value]) -> Res {
    int_unary(a, "unchecked-negate-int", |x| x.wrapping_neg())
}

/// The argument as Java's `(long)` cast of a Number sees it.
fn long_bits(v: Value) -> Res<i64> {
    if let Some(f) = num::as_double(v) {
        return Ok(f as i64);
    }
    if num::as_long(v).is_some() {
        return long_arg(v);
    }
    if num::is_number(v) {
        // A BigInt's low bits, as BigInteger.longValue() gives.
        let d = num::to_double(v)?;
        return Ok(num::to_long(v).unwrap_or(d as i64));
    }
    Err(cast_error(v, "java.lang.Number"))
}

fn n_unchecked_long(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-long")?;
    Ok(num::long(long_bits(a[0])?))
}
fn n_unchecked_int(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-int")?;
    if let Some(f) = num::as_double(a[0]) {
        return Ok(Value::fixnum(f as i32 as i64));
    }
    Ok(Value::fixnum(long_bits(a[0])? as i32 as i64))
}
fn n_unchecked_short(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-short")?;
    if let Some(f) = num::as_double(a[0]) {
        return Ok(Value::fixnum(f as i32 as i16 as i64));
    }
    Ok(Value::fixnum(long_bits(a[0])? as i16 as i64))
}
fn n_unchecked_byte(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-byte")?;
    if let Some(f) = num::as_double(a[0]) {
        return Ok(Value::fixnum(f as i32 as i8 as i64));
    }
    Ok(Value::fixnum(long_bits(a[0])? as i8 as i64))
}
fn n_unchecked_char(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-char")?;
    let code = long_bits(a[0])? as u16 as u32;
    Ok(Value::char(char::from_u32(code).unwrap_or('\u{FFFD}')))
}
fn n_unchecked_double(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-double")?;
    check_number(a[0]).map(heap::drop)?;
    Ok(num::double(num::to_double(a[0])?))
}
fn n_unchecked_float(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-float")?;
    check_number(a[0]).map(heap::drop)?;
    let f = num::to_double(a[0])? as f32;
    // Widened as Java prints a float: 0.1f is 0.1.
    Ok(num::double(
        f.to_string().parse::<f64>().unwrap_or(f as f64),
    ))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("unchecked-add", n_add),
        ("unchecked-subtract", n_subtract),
        ("unchecked-multiply", n_multiply),
        ("unchecked-inc", n_inc),
        ("unchecked-dec", n_dec),
        ("unchecked-negate", n_negate),
        ("unchecked-add-int", n_add_int),
        ("unchecked-subtract-int", n_subtract_int),
        ("unchecked-multiply-int", n_multiply_int),
        ("unchecked-divide-int", n_divide_int),
        ("unchecked-remainder-int", n_remainder_int),
        ("unchecked-inc-int", n_inc_int),
        ("unchecked-dec-int", n_dec_int),
        ("unchecked-negate-int", n_negate_int),
        ("unchecked-long", n_unchecked_long),
        ("unchecked-int", n_unchecked_int),
        ("unchecked-short", n_unchecked_short),
        ("unchecked-byte", n_unchecked_byte),
        ("unchecked-char", n_unchecked_char),
        ("unchecked-double", n_unchecked_double),
        ("unchecked-float", n_unchecked_float),
    ]
}
