//! Numbers: arithmetic, comparison, coercion, bit operations, parsing.

use super::*;

pub(super) fn n_add(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(0)),
        1 => check_number(a[0]),
        _ => fold(a, crate::prim::add),
    }
}
pub(super) fn n_add_p(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(0)),
        1 => check_number(a[0]),
        _ => fold(a, num::add_p),
    }
}
pub(super) fn n_mul(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(1)),
        1 => check_number(a[0]),
        _ => fold(a, crate::prim::mul),
    }
}
pub(super) fn n_mul_p(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(1)),
        1 => check_number(a[0]),
        _ => fold(a, num::mul_p),
    }
}
pub(super) fn n_sub(a: &[Value]) -> Res {
    ar_min(a, 1, "-")?;
    if a.len() == 1 {
        return num::neg(a[0]);
    }
    fold(a, crate::prim::sub)
}
pub(super) fn n_sub_p(a: &[Value]) -> Res {
    ar_min(a, 1, "-'")?;
    if a.len() == 1 {
        return num::neg_p(a[0]);
    }
    fold(a, num::sub_p)
}
pub(super) fn n_div(a: &[Value]) -> Res {
    ar_min(a, 1, "/")?;
    if a.len() == 1 {
        return num::div(Value::fixnum(1), a[0]);
    }
    fold(a, num::div)
}
pub(super) fn n_inc(a: &[Value]) -> Res {
    ar(a, 1, "inc")?;
    crate::prim::inc(a[0])
}
pub(super) fn n_dec(a: &[Value]) -> Res {
    ar(a, 1, "dec")?;
    crate::prim::dec(a[0])
}
pub(super) fn n_inc_p(a: &[Value]) -> Res {
    ar(a, 1, "inc'")?;
    num::inc_p(a[0])
}
pub(super) fn n_dec_p(a: &[Value]) -> Res {
    ar(a, 1, "dec'")?;
    num::dec_p(a[0])
}
pub(super) fn n_quot(a: &[Value]) -> Res {
    ar(a, 2, "quot")?;
    num::quot(a[0], a[1])
}
pub(super) fn n_rem(a: &[Value]) -> Res {
    ar(a, 2, "rem")?;
    num::rem(a[0], a[1])
}
pub(super) fn n_mod(a: &[Value]) -> Res {
    ar(a, 2, "mod")?;
    num::modulo(a[0], a[1])
}
pub(super) fn n_lt(a: &[Value]) -> Res {
    chain(a, "<", num::lt)
}
pub(super) fn n_gt(a: &[Value]) -> Res {
    chain(a, ">", num::gt)
}
pub(super) fn n_le(a: &[Value]) -> Res {
    chain(a, "<=", num::le)
}
pub(super) fn n_ge(a: &[Value]) -> Res {
    chain(a, ">=", num::ge)
}
pub(super) fn n_num_eq(a: &[Value]) -> Res {
    chain(a, "==", num::num_equiv)
}

/// `max`/`min` as `Numbers.max(Object, Object)`: a NaN wins (the first
/// one seen), and on a tie the later argument is the result
/// (`(max 1 1.0)` is `1.0`).
pub(super) fn extreme(a: &[Value], name: &str, want: std::cmp::Ordering) -> Res {
    ar_min(a, 1, name)?;
    let is_nan = |v: Value| num::as_double(v).is_some_and(f64::is_nan);
    let mut best = a[0];
    check_number(best).map(heap::drop)?;
    for x in &a[1..] {
        if is_nan(best) {
            check_number(*x).map(heap::drop)?;
            continue;
        }
        match num::compare(best, *x)? {
            Some(o) if o == want => {}
            _ => best = *x,
        }
    }
    Ok(dupd(best))
}
pub(super) fn n_max(a: &[Value]) -> Res {
    extreme(a, "max", std::cmp::Ordering::Greater)
}
pub(super) fn n_min(a: &[Value]) -> Res {
    extreme(a, "min", std::cmp::Ordering::Less)
}
pub(super) fn n_abs(a: &[Value]) -> Res {
    ar(a, 1, "abs")?;
    if let Some(n) = num::as_long(a[0]) {
        return Ok(num::long(n.wrapping_abs()));
    }
    if let Some(f) = num::as_double(a[0]) {
        return Ok(num::double(f.abs()));
    }
    if num::is_neg(a[0])? {
        num::neg(a[0])
    } else {
        Ok(dupd(a[0]))
    }
}
pub(super) fn n_is_zero(a: &[Value]) -> Res {
    ar(a, 1, "zero?")?;
    num::is_zero(a[0]).map(Value::bool)
}
pub(super) fn n_is_pos(a: &[Value]) -> Res {
    ar(a, 1, "pos?")?;
    num::is_pos(a[0]).map(Value::bool)
}
pub(super) fn n_is_neg(a: &[Value]) -> Res {
    ar(a, 1, "neg?")?;
    num::is_neg(a[0]).map(Value::bool)
}
pub(super) fn integer_arg(v: Value) -> Res<()> {
    if num::is_integer(v) {
        Ok(())
    } else if num::is_number(v) {
        Err(error::illegal_arg(&format!(
            "Argument must be an integer: {}",
            print::pr_str(v)
        )))
    } else {
        Err(cast_error(v, "java.lang.Number"))
    }
}
pub(super) fn n_is_even(a: &[Value]) -> Res {
    ar(a, 1, "even?")?;
    integer_arg(a[0])?;
    let r = num::rem(a[0], Value::fixnum(2))?;
    let z = num::is_zero(r)?;
    heap::drop(r);
    b(z)
}
pub(super) fn n_is_odd(a: &[Value]) -> Res {
    ar(a, 1, "odd?")?;
    integer_arg(a[0])?;
    let r = num::rem(a[0], Value::fixnum(2))?;
    let z = num::is_zero(r)?;
    heap::drop(r);
    b(!z)
}
pub(super) fn n_is_number(a: &[Value]) -> Res {
    ar(a, 1, "number?")?;
    b(num::is_number(a[0]))
}
pub(super) fn n_is_integer(a: &[Value]) -> Res {
    ar(a, 1, "integer?")?;
    b(num::is_integer(a[0]))
}
pub(super) fn n_is_int(a: &[Value]) -> Res {
    ar(a, 1, "int?")?;
    b(num::as_long(a[0]).is_some())
}
pub(super) fn n_is_double(a: &[Value]) -> Res {
    ar(a, 1, "double?")?;
    b(num::is_double(a[0]))
}
pub(super) fn n_is_ratio(a: &[Value]) -> Res {
    ar(a, 1, "ratio?")?;
    b(num::is_ratio(a[0]))
}
pub(super) fn n_is_rational(a: &[Value]) -> Res {
    ar(a, 1, "rational?")?;
    b(num::is_integer(a[0]) || num::is_ratio(a[0]) || num::is_decimal(a[0]))
}
pub(super) fn n_is_decimal(a: &[Value]) -> Res {
    ar(a, 1, "decimal?")?;
    b(num::is_decimal(a[0]))
}
pub(super) fn n_is_nat_int(a: &[Value]) -> Res {
    ar(a, 1, "nat-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n >= 0))
}
pub(super) fn n_is_pos_int(a: &[Value]) -> Res {
    ar(a, 1, "pos-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n > 0))
}
pub(super) fn n_is_neg_int(a: &[Value]) -> Res {
    ar(a, 1, "neg-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n < 0))
}
pub(super) fn n_is_nan(a: &[Value]) -> Res {
    ar(a, 1, "NaN?")?;
    b(num::to_double(a[0])?.is_nan())
}
pub(super) fn n_is_infinite(a: &[Value]) -> Res {
    ar(a, 1, "infinite?")?;
    b(num::to_double(a[0])?.is_infinite())
}
pub(super) fn n_num(a: &[Value]) -> Res {
    ar(a, 1, "num")?;
    check_number(a[0])
}
pub(super) fn n_double(a: &[Value]) -> Res {
    ar(a, 1, "double")?;
    num::to_double(a[0]).map(num::double)
}
pub(super) fn n_bigint(a: &[Value]) -> Res {
    ar(a, 1, "bigint")?;
    num::to_bigint(a[0])
}
pub(super) fn n_bigdec(a: &[Value]) -> Res {
    ar(a, 1, "bigdec")?;
    num::to_bigdec(a[0])
}
pub(super) fn n_numerator(a: &[Value]) -> Res {
    ar(a, 1, "numerator")?;
    num::numerator(a[0])
}
pub(super) fn n_denominator(a: &[Value]) -> Res {
    ar(a, 1, "denominator")?;
    num::denominator(a[0])
}
pub(super) fn bitfold(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> Res {
    ar_min(a, 2, name)?;
    let mut acc = num::bit_operand(a[0])?;
    for x in &a[1..] {
        acc = f(acc, num::bit_operand(*x)?);
    }
    Ok(num::long(acc))
}
pub(super) fn n_bit_and(a: &[Value]) -> Res {
    bitfold(a, "bit-and", |x, y| x & y)
}
pub(super) fn n_bit_or(a: &[Value]) -> Res {
    bitfold(a, "bit-or", |x, y| x | y)
}
pub(super) fn n_bit_xor(a: &[Value]) -> Res {
    bitfold(a, "bit-xor", |x, y| x ^ y)
}
pub(super) fn n_bit_and_not(a: &[Value]) -> Res {
    bitfold(a, "bit-and-not", |x, y| x & !y)
}
pub(super) fn n_bit_not(a: &[Value]) -> Res {
    ar(a, 1, "bit-not")?;
    Ok(num::long(!num::bit_operand(a[0])?))
}
pub(super) fn bit2(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> Res {
    ar(a, 2, name)?;
    Ok(num::long(f(
        num::bit_operand(a[0])?,
        num::bit_operand(a[1])?,
    )))
}
pub(super) fn n_shl(a: &[Value]) -> Res {
    bit2(a, "bit-shift-left", |x, n| x.wrapping_shl((n & 63) as u32))
}
pub(super) fn n_shr(a: &[Value]) -> Res {
    bit2(a, "bit-shift-right", |x, n| x.wrapping_shr((n & 63) as u32))
}
pub(super) fn n_ushr(a: &[Value]) -> Res {
    bit2(a, "unsigned-bit-shift-right", |x, n| {
        ((x as u64) >> (n & 63)) as i64
    })
}
pub(super) fn n_bit_test(a: &[Value]) -> Res {
    ar(a, 2, "bit-test")?;
    b(num::bit_operand(a[0])? & (1i64.wrapping_shl((num::bit_operand(a[1])? & 63) as u32)) != 0)
}
pub(super) fn n_bit_set(a: &[Value]) -> Res {
    bit2(a, "bit-set", |x, n| x | 1i64.wrapping_shl((n & 63) as u32))
}
pub(super) fn n_bit_clear(a: &[Value]) -> Res {
    bit2(a, "bit-clear", |x, n| {
        x & !1i64.wrapping_shl((n & 63) as u32)
    })
}

thread_local! {
    static RNG: Cell<u64> = Cell::new({
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        t | 1
    });
}

/// A uniform double in [0, 1) (xorshift64*).
pub(super) fn next_random() -> f64 {
    RNG.with(|r| {
        let mut x = r.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.set(x);
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    })
}
pub(super) fn n_rand(a: &[Value]) -> Res {
    ar_range(a, 0, 1, "rand")?;
    let r = next_random();
    if a.is_empty() {
        Ok(num::double(r))
    } else {
        Ok(num::double(r * num::to_double(a[0])?))
    }
}
pub(super) fn n_rand_int(a: &[Value]) -> Res {
    ar(a, 1, "rand-int")?;
    let n = num::to_double(a[0])?;
    Ok(num::long((next_random() * n) as i64))
}
pub(super) fn n_parse_long(a: &[Value]) -> Res {
    ar(a, 1, "parse-long")?;
    let s = string::as_str(a[0]).ok_or_else(|| {
        error::illegal_arg(&format!(
            "Expected string, got {}",
            error::class_name_of(a[0])
        ))
    })?;
    Ok(num::parse_long(s).map(num::long).unwrap_or(Value::NIL))
}
pub(super) fn n_parse_double(a: &[Value]) -> Res {
    ar(a, 1, "parse-double")?;
    let s = string::as_str(a[0]).ok_or_else(|| {
        error::illegal_arg(&format!(
            "Expected string, got {}",
            error::class_name_of(a[0])
        ))
    })?;
    Ok(num::parse_double(s).map(num::double).unwrap_or(Value::NIL))
}
pub(super) fn n_compare(a: &[Value]) -> Res {
    ar(a, 2, "compare")?;
    equiv::compare(a[0], a[1]).map(|c| num::long(c as i64))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("+", n_add),
        ("-", n_sub),
        ("*", n_mul),
        ("/", n_div),
        ("+'", n_add_p),
        ("-'", n_sub_p),
        ("*'", n_mul_p),
        ("inc", n_inc),
        ("dec", n_dec),
        ("inc'", n_inc_p),
        ("dec'", n_dec_p),
        ("quot", n_quot),
        ("rem", n_rem),
        ("mod", n_mod),
        ("<", n_lt),
        (">", n_gt),
        ("<=", n_le),
        (">=", n_ge),
        ("==", n_num_eq),
        ("max", n_max),
        ("min", n_min),
        ("abs", n_abs),
        ("zero?", n_is_zero),
        ("pos?", n_is_pos),
        ("neg?", n_is_neg),
        ("even?", n_is_even),
        ("odd?", n_is_odd),
        ("number?", n_is_number),
        ("integer?", n_is_integer),
        ("int?", n_is_int),
        ("float?", n_is_double),
        ("double?", n_is_double),
        ("ratio?", n_is_ratio),
        ("rational?", n_is_rational),
        ("decimal?", n_is_decimal),
        ("nat-int?", n_is_nat_int),
        ("pos-int?", n_is_pos_int),
        ("neg-int?", n_is_neg_int),
        ("NaN?", n_is_nan),
        ("infinite?", n_is_infinite),
        ("num", n_num),
        ("double", n_double),
        ("float", n_double),
        ("bigint", n_bigint),
        ("biginteger", n_bigint),
        ("bigdec", n_bigdec),
        ("numerator", n_numerator),
        ("denominator", n_denominator),
        ("bit-and", n_bit_and),
        ("bit-or", n_bit_or),
        ("bit-xor", n_bit_xor),
        ("bit-and-not", n_bit_and_not),
        ("bit-not", n_bit_not),
        ("bit-shift-left", n_shl),
        ("bit-shift-right", n_shr),
        ("unsigned-bit-shift-right", n_ushr),
        ("bit-test", n_bit_test),
        ("bit-set", n_bit_set),
        ("bit-clear", n_bit_clear),
        ("rand", n_rand),
        ("rand-int", n_rand_int),
        ("parse-long", n_parse_long),
        ("parse-double", n_parse_double),
        ("compare", n_compare),
    ]
}
