//! The natural genera equivalents of the `java.lang` static methods that
//! Clojure programs (and ClojureScript ones: `Math/abs` works on both) call
//! most: `Math/*`, `Long/parseLong`, `Integer/parseInt`,
//! `Double/parseDouble`, `Character/isDigit` and friends,
//! `System/currentTimeMillis`, `System/nanoTime`, `Thread/sleep`.
//!
//! They are bound in the namespace `genera.interop` under their Java names
//! (`Math/sqrt`), and the analyzer resolves `Math/sqrt` to that var
//! (`genera_analyzer::interop`). Static fields (`Math/PI`, `Long/MAX_VALUE`)
//! are constants the analyzer inlines. Results follow Java's overloads:
//! `(Math/abs -2)` is a long, `(Math/abs -2.0)` a double, `(Math/round 2.5)`
//! the long 3, `(Math/floor 2.5)` the double 2.0.

use super::*;

/// The namespace these are bound in.
pub const NAMESPACE: &str = "genera.interop";

fn f64_arg(v: Value, what: &str) -> Res<f64> {
    if num::is_number(v) {
        num::to_double(v)
    } else {
        Err(cast_error(v, what))
    }
}

/// A `Math` method of one double argument returning a double.
macro_rules! math1 {
    ($fn_name:ident, $java:literal, $op:expr) => {
        pub(super) fn $fn_name(a: &[Value]) -> Res {
            ar(a, 1, $java)?;
            let x = f64_arg(a[0], "java.lang.Number")?;
            let op: fn(f64) -> f64 = $op;
            Ok(num::double(op(x)))
        }
    };
}

math1!(m_sqrt, "Math/sqrt", f64::sqrt);
math1!(m_cbrt, "Math/cbrt", f64::cbrt);
math1!(m_exp, "Math/exp", f64::exp);
math1!(m_expm1, "Math/expm1", f64::exp_m1);
math1!(m_log, "Math/log", f64::ln);
math1!(m_log10, "Math/log10", f64::log10);
math1!(m_log1p, "Math/log1p", f64::ln_1p);
math1!(m_floor, "Math/floor", f64::floor);
math1!(m_ceil, "Math/ceil", f64::ceil);
math1!(m_rint, "Math/rint", f64::round_ties_even);
math1!(m_sin, "Math/sin", f64::sin);
math1!(m_cos, "Math/cos", f64::cos);
math1!(m_tan, "Math/tan", f64::tan);
math1!(m_asin, "Math/asin", f64::asin);
math1!(m_acos, "Math/acos", f64::acos);
math1!(m_atan, "Math/atan", f64::atan);
math1!(m_sinh, "Math/sinh", f64::sinh);
math1!(m_cosh, "Math/cosh", f64::cosh);
math1!(m_tanh, "Math/tanh", f64::tanh);
math1!(m_to_radians, "Math/toRadians", f64::to_radians);
math1!(m_to_degrees, "Math/toDegrees", f64::to_degrees);
math1!(m_signum, "Math/signum", |x| if x == 0.0 || x.is_nan() {
    x
} else {
    x.signum()
});

pub(super) fn m_pow(a: &[Value]) -> Res {
    ar(a, 2, "Math/pow")?;
    let (x, y) = (
        f64_arg(a[0], "java.lang.Number")?,
        f64_arg(a[1], "java.lang.Number")?,
    );
    Ok(num::double(x.powf(y)))
}

pub(super) fn m_atan2(a: &[Value]) -> Res {
    ar(a, 2, "Math/atan2")?;
    let (y, x) = (
        f64_arg(a[0], "java.lang.Number")?,
        f64_arg(a[1], "java.lang.Number")?,
    );
    Ok(num::double(y.atan2(x)))
}

pub(super) fn m_hypot(a: &[Value]) -> Res {
    ar(a, 2, "Math/hypot")?;
    let (x, y) = (
        f64_arg(a[0], "java.lang.Number")?,
        f64_arg(a[1], "java.lang.Number")?,
    );
    Ok(num::double(x.hypot(y)))
}

/// `Math/abs`: a long for a long (Long/MIN_VALUE stays itself, as in Java),
/// a double otherwise.
pub(super) fn m_abs(a: &[Value]) -> Res {
    ar(a, 1, "Math/abs")?;
    if let Some(n) = num::as_long(a[0]) {
        return Ok(num::long(n.wrapping_abs()));
    }
    Ok(num::double(f64_arg(a[0], "java.lang.Number")?.abs()))
}

/// `Math/round`: Java's `floor(x + 0.5)` as a long (saturating).
pub(super) fn m_round(a: &[Value]) -> Res {
    ar(a, 1, "Math/round")?;
    if let Some(n) = num::as_long(a[0]) {
        return Ok(num::long(n));
    }
    let x = f64_arg(a[0], "java.lang.Number")?;
    let r = if x.is_nan() {
        0
    } else {
        (x + 0.5).floor() as i64
    };
    Ok(num::long(r))
}

/// `Math/max` and `Math/min`: longs if both are longs, else doubles.
fn max_min(a: &[Value], java: &str, max: bool) -> Res {
    ar(a, 2, java)?;
    if let (Some(x), Some(y)) = (num::as_long(a[0]), num::as_long(a[1])) {
        return Ok(num::long(if max { x.max(y) } else { x.min(y) }));
    }
    let (x, y) = (
        f64_arg(a[0], "java.lang.Number")?,
        f64_arg(a[1], "java.lang.Number")?,
    );
    let r = if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if max {
        x.max(y)
    } else {
        x.min(y)
    };
    Ok(num::double(r))
}

pub(super) fn m_max(a: &[Value]) -> Res {
    max_min(a, "Math/max", true)
}

pub(super) fn m_min(a: &[Value]) -> Res {
    max_min(a, "Math/min", false)
}

pub(super) fn m_random(a: &[Value]) -> Res {
    ar(a, 0, "Math/random")?;
    super::numbers::n_rand(&[])
}

fn long_args2(a: &[Value], java: &str) -> Res<(i64, i64)> {
    ar(a, 2, java)?;
    Ok((long_arg(a[0])?, long_arg(a[1])?))
}

fn overflow() -> Thrown {
    error::throw("ArithmeticException", "long overflow")
}

pub(super) fn m_floor_div(a: &[Value]) -> Res {
    let (x, y) = long_args2(a, "Math/floorDiv")?;
    if y == 0 {
        return Err(error::throw("ArithmeticException", "/ by zero"));
    }
    Ok(num::long(
        x.wrapping_div(y) - i64::from((x % y != 0) && ((x < 0) != (y < 0))),
    ))
}

pub(super) fn m_floor_mod(a: &[Value]) -> Res {
    let (x, y) = long_args2(a, "Math/floorMod")?;
    if y == 0 {
        return Err(error::throw("ArithmeticException", "/ by zero"));
    }
    Ok(num::long(x.wrapping_rem(y).wrapping_add(y).wrapping_rem(y)))
}

pub(super) fn m_add_exact(a: &[Value]) -> Res {
    let (x, y) = long_args2(a, "Math/addExact")?;
    x.checked_add(y).map(num::long).ok_or_else(overflow)
}

pub(super) fn m_subtract_exact(a: &[Value]) -> Res {
    let (x, y) = long_args2(a, "Math/subtractExact")?;
    x.checked_sub(y).map(num::long).ok_or_else(overflow)
}

pub(super) fn m_multiply_exact(a: &[Value]) -> Res {
    let (x, y) = long_args2(a, "Math/multiplyExact")?;
    x.checked_mul(y).map(num::long).ok_or_else(overflow)
}

/// `Long/parseLong`, `Integer/parseInt` (with an optional radix): Java's
/// NumberFormatException on bad input, where `parse-long` returns nil.
fn parse_integer(a: &[Value], java: &str, min: i64, max: i64) -> Res {
    ar_range(a, 1, 2, java)?;
    let s = str_arg(a[0])?;
    let radix = if a.len() == 2 { long_arg(a[1])? } else { 10 };
    let bad = || {
        error::throw(
            "NumberFormatException",
            &format!("For input string: \"{s}\""),
        )
    };
    if !(2..=36).contains(&radix) {
        return Err(bad());
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || digits.starts_with('+') || digits.starts_with("-+") {
        return Err(bad());
    }
    match i64::from_str_radix(digits, radix as u32) {
        Ok(n) if (min..=max).contains(&n) => Ok(num::long(n)),
        _ => Err(bad()),
    }
}

pub(super) fn long_parse(a: &[Value]) -> Res {
    parse_integer(a, "Long/parseLong", i64::MIN, i64::MAX)
}

pub(super) fn integer_parse(a: &[Value]) -> Res {
    parse_integer(a, "Integer/parseInt", i32::MIN.into(), i32::MAX.into())
}

pub(super) fn double_parse(a: &[Value]) -> Res {
    ar(a, 1, "Double/parseDouble")?;
    let s = str_arg(a[0])?;
    num::parse_double(s.trim()).map(num::double).ok_or_else(|| {
        error::throw(
            "NumberFormatException",
            &format!("For input string: \"{s}\""),
        )
    })
}

/// Java's `Long.toString(n, radix)`-style renderings.
fn radix_string(a: &[Value], java: &str, radix: u32, bits: u32) -> Res {
    ar(a, 1, java)?;
    let n = long_arg(a[0])?;
    let u = if bits == 64 {
        n as u64
    } else {
        (n as u32) as u64
    };
    let s = match radix {
        2 => format!("{u:b}"),
        8 => format!("{u:o}"),
        _ => format!("{u:x}"),
    };
    Ok(make_str(&s))
}

pub(super) fn long_to_binary(a: &[Value]) -> Res {
    radix_string(a, "Long/toBinaryString", 2, 64)
}
pub(super) fn long_to_hex(a: &[Value]) -> Res {
    radix_string(a, "Long/toHexString", 16, 64)
}
pub(super) fn long_to_octal(a: &[Value]) -> Res {
    radix_string(a, "Long/toOctalString", 8, 64)
}
pub(super) fn integer_to_binary(a: &[Value]) -> Res {
    radix_string(a, "Integer/toBinaryString", 2, 32)
}
pub(super) fn integer_to_hex(a: &[Value]) -> Res {
    radix_string(a, "Integer/toHexString", 16, 32)
}

pub(super) fn long_bit_count(a: &[Value]) -> Res {
    ar(a, 1, "Long/bitCount")?;
    Ok(Value::fixnum(long_arg(a[0])?.count_ones() as i64))
}

fn char_arg(v: Value, java: &str) -> Res<char> {
    v.as_char().ok_or_else(|| {
        error::throw(
            "IllegalArgumentException",
            &format!("{java} takes a character"),
        )
    })
}

/// A `Character` predicate of one char.
macro_rules! char_pred {
    ($fn_name:ident, $java:literal, $test:expr) => {
        pub(super) fn $fn_name(a: &[Value]) -> Res {
            ar(a, 1, $java)?;
            let test: fn(char) -> bool = $test;
            b(test(char_arg(a[0], $java)?))
        }
    };
}

char_pred!(c_is_digit, "Character/isDigit", |c| c.is_numeric());
char_pred!(c_is_letter, "Character/isLetter", |c| c.is_alphabetic());
char_pred!(c_is_letter_or_digit, "Character/isLetterOrDigit", |c| {
    c.is_alphanumeric()
});
char_pred!(c_is_alphabetic, "Character/isAlphabetic", |c| c
    .is_alphabetic());
char_pred!(c_is_whitespace, "Character/isWhitespace", |c| c
    .is_whitespace()
    && c != '\u{a0}');
char_pred!(c_is_upper, "Character/isUpperCase", |c| c.is_uppercase());
char_pred!(c_is_lower, "Character/isLowerCase", |c| c.is_lowercase());

fn char_map(a: &[Value], java: &str, upper: bool) -> Res {
    ar(a, 1, java)?;
    let c = char_arg(a[0], java)?;
    let mut mapped = if upper {
        c.to_uppercase().collect::<Vec<_>>()
    } else {
        c.to_lowercase().collect::<Vec<_>>()
    };
    // Java maps one char to one char: a multi-char mapping leaves it as is.
    let out = if mapped.len() == 1 {
        mapped.remove(0)
    } else {
        c
    };
    Ok(Value::char(out))
}

pub(super) fn c_to_upper(a: &[Value]) -> Res {
    char_map(a, "Character/toUpperCase", true)
}
pub(super) fn c_to_lower(a: &[Value]) -> Res {
    char_map(a, "Character/toLowerCase", false)
}

/// `Character/digit` and `Character/getNumericValue`: the digit's value in
/// the radix, or -1.
pub(super) fn c_digit(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "Character/digit")?;
    let c = char_arg(a[0], "Character/digit")?;
    let radix = if a.len() == 2 { long_arg(a[1])? } else { 36 };
    let d = u32::try_from(radix)
        .ok()
        .filter(|r| (2..=36).contains(r))
        .and_then(|r| c.to_digit(r));
    Ok(Value::fixnum(d.map_or(-1, i64::from)))
}

pub(super) fn s_current_time_millis(a: &[Value]) -> Res {
    ar(a, 0, "System/currentTimeMillis")?;
    super::misc::n_current_time_millis(&[])
}

pub(super) fn s_nano_time(a: &[Value]) -> Res {
    ar(a, 0, "System/nanoTime")?;
    super::misc::n_nano_time(&[])
}

pub(super) fn s_getenv(a: &[Value]) -> Res {
    ar(a, 1, "System/getenv")?;
    Ok(std::env::var(str_arg(a[0])?).map_or(Value::NIL, |v| make_str(&v)))
}

pub(super) fn t_sleep(a: &[Value]) -> Res {
    ar(a, 1, "Thread/sleep")?;
    let ms = long_arg(a[0])?;
    if ms < 0 {
        return Err(error::throw(
            "IllegalArgumentException",
            "timeout value is negative",
        ));
    }
    std::thread::sleep(std::time::Duration::from_millis(ms as u64));
    Ok(Value::NIL)
}

pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("Math/sqrt", m_sqrt),
        ("Math/cbrt", m_cbrt),
        ("Math/exp", m_exp),
        ("Math/expm1", m_expm1),
        ("Math/log", m_log),
        ("Math/log10", m_log10),
        ("Math/log1p", m_log1p),
        ("Math/floor", m_floor),
        ("Math/ceil", m_ceil),
        ("Math/rint", m_rint),
        ("Math/sin", m_sin),
        ("Math/cos", m_cos),
        ("Math/tan", m_tan),
        ("Math/asin", m_asin),
        ("Math/acos", m_acos),
        ("Math/atan", m_atan),
        ("Math/sinh", m_sinh),
        ("Math/cosh", m_cosh),
        ("Math/tanh", m_tanh),
        ("Math/toRadians", m_to_radians),
        ("Math/toDegrees", m_to_degrees),
        ("Math/signum", m_signum),
        ("Math/pow", m_pow),
        ("Math/atan2", m_atan2),
        ("Math/hypot", m_hypot),
        ("Math/abs", m_abs),
        ("Math/round", m_round),
        ("Math/max", m_max),
        ("Math/min", m_min),
        ("Math/random", m_random),
        ("Math/floorDiv", m_floor_div),
        ("Math/floorMod", m_floor_mod),
        ("Math/addExact", m_add_exact),
        ("Math/subtractExact", m_subtract_exact),
        ("Math/multiplyExact", m_multiply_exact),
        ("Long/parseLong", long_parse),
        ("Long/valueOf", long_parse),
        ("Integer/parseInt", integer_parse),
        ("Integer/valueOf", integer_parse),
        ("Double/parseDouble", double_parse),
        ("Double/valueOf", double_parse),
        ("Long/toBinaryString", long_to_binary),
        ("Long/toHexString", long_to_hex),
        ("Long/toOctalString", long_to_octal),
        ("Long/bitCount", long_bit_count),
        ("Integer/toBinaryString", integer_to_binary),
        ("Integer/toHexString", integer_to_hex),
        ("Character/isDigit", c_is_digit),
        ("Character/isLetter", c_is_letter),
        ("Character/isLetterOrDigit", c_is_letter_or_digit),
        ("Character/isAlphabetic", c_is_alphabetic),
        ("Character/isWhitespace", c_is_whitespace),
        ("Character/isUpperCase", c_is_upper),
        ("Character/isLowerCase", c_is_lower),
        ("Character/toUpperCase", c_to_upper),
        ("Character/toLowerCase", c_to_lower),
        ("Character/digit", c_digit),
        ("System/currentTimeMillis", s_current_time_millis),
        ("System/nanoTime", s_nano_time),
        ("System/getenv", s_getenv),
        ("Thread/sleep", t_sleep),
        ("java.util.UUID/randomUUID", super::tagged::n_random_uuid),
        ("java.util.UUID/fromString", super::tagged::n_read_uuid),
    ]
}
