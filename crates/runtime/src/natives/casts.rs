//! Casts and unchecked arithmetic: `byte` `short` `int` `long` (range
//! checked, after `clojure.lang.RT`'s `byteCast` ...), the `unchecked-*`
//! family (wrapping long and int arithmetic, `Number.xxxValue()`
//! narrowing, after `clojure.lang.Numbers`), and `rationalize`.

use super::*;

/// `IllegalArgumentException "Value out of range for T: x"`.
fn out_of_range(ty: &str, v: Value) -> Thrown {
    error::illegal_arg(&format!("Value out of range for {ty}: {}", num::str_num(v)))
}

/// A checked narrowing cast to `[lo, hi]`: a double is compared as a
/// double (so `(byte 127.9)` throws, as `RT.byteCast(double)`), anything
/// else after `(long x)`.
fn checked_cast(v: Value, ty: &str, lo: i64, hi: i64) -> Res {
    if let Some(f) = num::as_double(v) {
        if f.is_nan() {
            return Ok(num::long(0));
        }
        if f < lo as f64 || f > hi as f64 {
            return Err(out_of_range(ty, v));
        }
        return Ok(num::long(f as i64));
    }
    let n = match v.as_char() {
        Some(c) => c as i64,
        None => long_arg(v)?,
    };
    if n < lo || n > hi {
        return Err(out_of_range(ty, v));
    }
    Ok(num::long(n))
}
pub(super) fn n_byte(a: &[Value]) -> Res {
    ar(a, 1, "byte")?;
    checked_cast(a[0], "byte", i8::MIN as i64, i8::MAX as i64)
}
pub(super) fn n_short(a: &[Value]) -> Res {
    ar(a, 1, "short")?;
    checked_cast(a[0], "short", i16::MIN as i64, i16::MAX as i64)
}
/// `(int x)`: a double out of range is an IllegalArgumentException; an
/// integer out of range an ArithmeticException "integer overflow"
/// (`RT.intCast(long)`).
pub(super) fn n_int(a: &[Value]) -> Res {
    ar(a, 1, "int")?;
    if num::as_double(a[0]).is_some() {
        return checked_cast(a[0], "int", i32::MIN as i64, i32::MAX as i64);
    }
    int_operand(a[0]).map(|i| num::long(i as i64))
}
pub(super) fn n_long(a: &[Value]) -> Res {
    ar(a, 1, "long")?;
    num::to_long(a[0]).map(num::long)
}

/// Both operands as longs if both are (the case that wraps), else `None`
/// (the other kinds of numbers use ordinary arithmetic, as
/// `Numbers.unchecked_add(Object, Object)` does).
fn both_longs(a: &[Value]) -> Option<(i64, i64)> {
    Some((num::as_long(a[0])?, num::as_long(a[1])?))
}
fn unchecked2(a: &[Value], name: &str, w: fn(i64, i64) -> i64, f: fn(Value, Value) -> Res) -> Res {
    ar(a, 2, name)?;
    match both_longs(a) {
        Some((x, y)) => Ok(num::long(w(x, y))),
        None => f(a[0], a[1]),
    }
}
pub(super) fn n_unchecked_add(a: &[Value]) -> Res {
    unchecked2(a, "unchecked-add", i64::wrapping_add, num::add)
}
pub(super) fn n_unchecked_subtract(a: &[Value]) -> Res {
    unchecked2(a, "unchecked-subtract", i64::wrapping_sub, num::sub)
}
pub(super) fn n_unchecked_multiply(a: &[Value]) -> Res {
    unchecked2(a, "unchecked-multiply", i64::wrapping_mul, num::mul)
}
fn unchecked1(a: &[Value], name: &str, w: fn(i64) -> i64, f: fn(Value) -> Res) -> Res {
    ar(a, 1, name)?;
    match num::as_long(a[0]) {
        Some(x) => Ok(num::long(w(x))),
        None => f(a[0]),
    }
}
pub(super) fn n_unchecked_inc(a: &[Value]) -> Res {
    unchecked1(a, "unchecked-inc", |x| x.wrapping_add(1), num::inc)
}
pub(super) fn n_unchecked_dec(a: &[Value]) -> Res {
    unchecked1(a, "unchecked-dec", |x| x.wrapping_sub(1), num::dec)
}
pub(super) fn n_unchecked_negate(a: &[Value]) -> Res {
    unchecked1(a, "unchecked-negate", i64::wrapping_neg, num::neg)
}

/// An `int` parameter of the `unchecked-*-int` functions (`RT.intCast`).
fn int_operand(v: Value) -> Res<i32> {
    let n = match v.as_char() {
        Some(c) => c as i64,
        None => long_arg(v)?,
    };
    i32::try_from(n).map_err(|_| error::arithmetic("integer overflow"))
}
fn int2(a: &[Value], name: &str, f: fn(i32, i32) -> Res<i32>) -> Res {
    ar(a, 2, name)?;
    let r = f(int_operand(a[0])?, int_operand(a[1])?)?;
    Ok(num::long(r as i64))
}
fn int1(a: &[Value], name: &str, f: fn(i32) -> i32) -> Res {
    ar(a, 1, name)?;
    Ok(num::long(f(int_operand(a[0])?) as i64))
}
fn int_div_check(y: i32) -> Res<()> {
    if y == 0 {
        return Err(error::arithmetic("/ by zero"));
    }
    Ok(())
}
pub(super) fn n_unchecked_add_int(a: &[Value]) -> Res {
    int2(a, "unchecked-add-int", |x, y| Ok(x.wrapping_add(y)))
}
pub(super) fn n_unchecked_subtract_int(a: &[Value]) -> Res {
    int2(a, "unchecked-subtract-int", |x, y| Ok(x.wrapping_sub(y)))
}
pub(super) fn n_unchecked_multiply_int(a: &[Value]) -> Res {
    int2(a, "unchecked-multiply-int", |x, y| Ok(x.wrapping_mul(y)))
}
pub(super) fn n_unchecked_divide_int(a: &[Value]) -> Res {
    int2(a, "unchecked-divide-int", |x, y| {
        int_div_check(y)?;
        Ok(x.wrapping_div(y))
    })
}
pub(super) fn n_unchecked_remainder_int(a: &[Value]) -> Res {
    int2(a, "unchecked-remainder-int", |x, y| {
        int_div_check(y)?;
        Ok(x.wrapping_rem(y))
    })
}
pub(super) fn n_unchecked_inc_int(a: &[Value]) -> Res {
    int1(a, "unchecked-inc-int", |x| x.wrapping_add(1))
}
pub(super) fn n_unchecked_dec_int(a: &[Value]) -> Res {
    int1(a, "unchecked-dec-int", |x| x.wrapping_sub(1))
}
pub(super) fn n_unchecked_negate_int(a: &[Value]) -> Res {
    int1(a, "unchecked-negate-int", i32::wrapping_neg)
}

/// A narrowing unchecked cast: `Number.intValue()` (doubles saturate to
/// int) for byte, short and int, `longValue()` for long.
fn narrow(a: &[Value], name: &str, f: fn(i32) -> i64) -> Res {
    ar(a, 1, name)?;
    Ok(num::long(f(num::int_value(a[0])?)))
}
pub(super) fn n_unchecked_byte(a: &[Value]) -> Res {
    narrow(a, "unchecked-byte", |i| i as i8 as i64)
}
pub(super) fn n_unchecked_short(a: &[Value]) -> Res {
    narrow(a, "unchecked-short", |i| i as i16 as i64)
}
pub(super) fn n_unchecked_int(a: &[Value]) -> Res {
    narrow(a, "unchecked-int", |i| i as i64)
}
pub(super) fn n_unchecked_long(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-long")?;
    // RT.uncheckedLongCast takes a Number: a character is a ClassCastException.
    if a[0].is_char() {
        return Err(cast_error(a[0], "java.lang.Number"));
    }
    num::long_value(a[0]).map(num::long)
}
/// `(char (long-value x))` wrapped to 16 bits, as `RT.uncheckedCharCast`.
pub(super) fn n_unchecked_char(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-char")?;
    if a[0].is_char() {
        return Ok(a[0]);
    }
    super::strings::char_of_code(num::long_value(a[0])? as u16 as i64)
}
pub(super) fn n_unchecked_double(a: &[Value]) -> Res {
    ar(a, 1, "unchecked-double")?;
    num::to_double(a[0]).map(num::double)
}
pub(super) fn n_rationalize(a: &[Value]) -> Res {
    ar(a, 1, "rationalize")?;
    num::rationalize(a[0])
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("byte", n_byte),
        ("short", n_short),
        ("int", n_int),
        ("long", n_long),
        ("unchecked-add", n_unchecked_add),
        ("unchecked-subtract", n_unchecked_subtract),
        ("unchecked-multiply", n_unchecked_multiply),
        ("unchecked-inc", n_unchecked_inc),
        ("unchecked-dec", n_unchecked_dec),
        ("unchecked-negate", n_unchecked_negate),
        ("unchecked-add-int", n_unchecked_add_int),
        ("unchecked-subtract-int", n_unchecked_subtract_int),
        ("unchecked-multiply-int", n_unchecked_multiply_int),
        ("unchecked-divide-int", n_unchecked_divide_int),
        ("unchecked-remainder-int", n_unchecked_remainder_int),
        ("unchecked-inc-int", n_unchecked_inc_int),
        ("unchecked-dec-int", n_unchecked_dec_int),
        ("unchecked-negate-int", n_unchecked_negate_int),
        ("unchecked-byte", n_unchecked_byte),
        ("unchecked-short", n_unchecked_short),
        ("unchecked-int", n_unchecked_int),
        ("unchecked-long", n_unchecked_long),
        ("unchecked-char", n_unchecked_char),
        ("unchecked-double", n_unchecked_double),
        ("unchecked-float", n_unchecked_double),
        ("rationalize", n_rationalize),
    ]
}
