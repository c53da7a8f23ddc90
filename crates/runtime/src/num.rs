//! Numbers, with Clojure's semantics.
//!
//! ```text
//! fixnum       immediate 63-bit long (value.rs)
//! Long         header | i64                   a long outside 63 bits
//! Double       header | f64
//! BigInt       header | *mut num_bigint::BigInt          (finalized)
//! Ratio        header | numerator | denominator  (integers; reduced, denominator > 1)
//! BigDecimal   header | *mut bigdecimal::BigDecimal      (finalized)
//! ```
//!
//! Arithmetic follows `clojure.lang.Numbers`: the operands' "ops" combine in
//! the order long < BigInt < Ratio < BigDecimal < double (a double anywhere
//! makes the result a double); long arithmetic throws "long overflow"
//! unless it is the promoting variant (`+'` ...), which gives a BigInt;
//! BigInt stays BigInt (`(+ 1N 1)` is `2N`); ratio results that are whole
//! become BigInts (`(* 1/2 2)` is `1N`) while long division gives a long or
//! a ratio (`(/ 4 2)` is `2`). Division by an exact zero throws
//! "Divide by zero"; with a double operand it gives infinities or NaN.
//!
//! `=` compares numbers within a category (integer, ratio, decimal,
//! floating); `==` compares across categories.

use crate::error::{self, cast_error};
use crate::heap;
use crate::murmur;
use crate::object::{alloc_fields, field, has_tag, raw, set_raw, tag_of, Header};
use crate::tag::Tag;
use crate::value::Value;
use crate::{Res, Thrown};
use bigdecimal::BigDecimal;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::str::FromStr;

/// A number taken apart for computation.
#[derive(Clone, Debug)]
pub enum Num {
    L(i64),
    B(BigInt),
    /// Numerator and denominator, reduced, denominator > 1.
    R(BigInt, BigInt),
    M(BigDecimal),
    D(f64),
}

impl Num {
    fn level(&self) -> u8 {
        match self {
            Num::L(_) => 0,
            Num::B(_) => 1,
            Num::R(..) => 2,
            Num::M(_) => 3,
            Num::D(_) => 4,
        }
    }

    fn to_big(&self) -> BigInt {
        match self {
            Num::L(n) => BigInt::from(*n),
            Num::B(b) => b.clone(),
            Num::R(n, d) => n / d,
            Num::M(m) => m.with_scale(0).as_bigint_and_exponent().0,
            Num::D(f) => BigInt::from_f64(f.trunc()).unwrap_or_default(),
        }
    }

    fn to_ratio(&self) -> (BigInt, BigInt) {
        match self {
            Num::L(n) => (BigInt::from(*n), BigInt::one()),
            Num::B(b) => (b.clone(), BigInt::one()),
            Num::R(n, d) => (n.clone(), d.clone()),
            Num::M(m) => {
                let (digits, scale) = m.as_bigint_and_exponent();
                if scale >= 0 {
                    (digits, BigInt::from(10).pow(scale as u32))
                } else {
                    (
                        digits * BigInt::from(10).pow((-scale) as u32),
                        BigInt::one(),
                    )
                }
            }
            Num::D(f) => (
                BigInt::from_f64(f.trunc()).unwrap_or_default(),
                BigInt::one(),
            ),
        }
    }

    fn to_dec(&self) -> BigDecimal {
        match self {
            Num::L(n) => BigDecimal::from(*n),
            Num::B(b) => BigDecimal::from(b.clone()),
            Num::R(n, d) => BigDecimal::from(n.clone()) / BigDecimal::from(d.clone()),
            Num::M(m) => m.clone(),
            Num::D(f) => BigDecimal::try_from(*f).unwrap_or_default(),
        }
    }

    pub fn to_f64(&self) -> f64 {
        match self {
            Num::L(n) => *n as f64,
            Num::B(b) => b.to_f64().unwrap_or(f64::NAN),
            Num::R(n, d) => ratio_to_f64(n, d),
            Num::M(m) => m.to_f64().unwrap_or(f64::NAN),
            Num::D(f) => *f,
        }
    }
}

use num_traits::FromPrimitive;

/// `Ratio.doubleValue`: the quotient rounded to 16 significant digits
/// (`MathContext.DECIMAL64`, half-even), then that decimal to the nearest
/// double. This is why `(double 577/408)` is `1.41421568627451` on the JVM,
/// not the correctly rounded `1.4142156862745099`.
fn ratio_to_f64(n: &BigInt, d: &BigInt) -> f64 {
    if n.is_zero() {
        return 0.0;
    }
    let (num, den) = (n.abs(), d.abs());
    // Scale by 10^k so that the integer quotient has 16 digits.
    let digits = |x: &BigInt| x.to_string().len() as i64;
    let mut k = 16 - (digits(&num) - digits(&den));
    let ten = BigInt::from(10);
    let scaled = |k: i64| -> (BigInt, BigInt) {
        if k >= 0 {
            (&num * ten.pow(k as u32), den.clone())
        } else {
            (num.clone(), &den * ten.pow((-k) as u32))
        }
    };
    let limit = ten.pow(16);
    let (mut p, mut q) = scaled(k);
    if p.div_floor(&q) >= limit {
        k -= 1;
        (p, q) = scaled(k);
    }
    let (mut quo, rem) = p.div_rem(&q);
    let twice = rem * 2;
    if twice > q || (twice == q && quo.is_odd()) {
        quo += 1;
    }
    let sign = if n.is_negative() { "-" } else { "" };
    format!("{sign}{quo}e{}", -k).parse().unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------
// Making numbers

/// A long (a fixnum when it fits, else a boxed Long).
#[inline]
pub fn long(n: i64) -> Value {
    if Value::fits_fixnum(n) {
        Value::fixnum(n)
    } else {
        let v = alloc_fields(Tag::Long, &[], 1);
        set_raw(v, 0, n as u64);
        v
    }
}

pub fn double(f: f64) -> Value {
    let v = alloc_fields(Tag::Double, &[], 1);
    set_raw(v, 0, f.to_bits());
    v
}

/// A BigInt object (prints with `N`), whatever its size.
pub fn bigint(b: BigInt) -> Value {
    let v = alloc_fields(Tag::BigInt, &[], 1);
    set_raw(v, 0, Box::into_raw(Box::new(b)) as u64);
    v
}

pub fn bigdec(d: BigDecimal) -> Value {
    let v = alloc_fields(Tag::BigDecimal, &[], 1);
    set_raw(v, 0, Box::into_raw(Box::new(d)) as u64);
    v
}

/// An integer value: a long if it fits, else a BigInt.
pub fn integer(b: BigInt) -> Value {
    match b.to_i64() {
        Some(n) => long(n),
        None => bigint(b),
    }
}

/// `n/d` reduced; a BigInt when whole (as `Numbers.divide(BigInteger,
/// BigInteger)`). The caller checks `d != 0`.
pub fn ratio(n: BigInt, d: BigInt) -> Value {
    debug_assert!(!d.is_zero());
    let (n, d) = lowest_terms(n, d);
    if d.is_one() {
        return bigint(n);
    }
    alloc_fields(Tag::Ratio, &[integer(n), integer(d)], 0)
}

/// A ratio literal `n/d` as `LispReader` reads it (`Numbers.divide` of the
/// two reduced integers): when it is whole, a long if both `n` and `d` fit in
/// a long (`4/2` is `2`), else a BigInt (`20000000000000000000/10000000000000000000`
/// is `2N`); otherwise a reduced Ratio. The caller checks `d != 0`.
pub fn ratio_literal(n: BigInt, d: BigInt) -> Value {
    debug_assert!(!d.is_zero());
    if let (Some(x), Some(y)) = (n.to_i64(), d.to_i64()) {
        // checked: Long.MIN_VALUE / -1 does not fit (the reader never has
        // a negative denominator, but stay total).
        if y != 0 && x.checked_rem(y) == Some(0) {
            if let Some(q) = x.checked_div(y) {
                return long(q);
            }
        }
    }
    ratio(n, d)
}

pub fn from_num(n: Num) -> Value {
    match n {
        Num::L(x) => long(x),
        Num::B(b) => bigint(b),
        Num::R(n, d) => ratio(n, d),
        Num::M(m) => bigdec(m),
        Num::D(f) => double(f),
    }
}

/// # Safety
/// `h` is a dead BigInt or BigDecimal object whose payload is not yet freed.
pub(crate) unsafe fn finalize_payload(h: *mut Header, tag: Tag) {
    let p = *Header::word(h, 0);
    match tag {
        Tag::BigInt => drop(Box::from_raw(p as *mut BigInt)),
        Tag::BigDecimal => drop(Box::from_raw(p as *mut BigDecimal)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Looking at numbers

pub fn is_number(v: Value) -> bool {
    v.is_fixnum()
        || matches!(
            tag_of(v),
            Some(Tag::Long | Tag::Double | Tag::BigInt | Tag::Ratio | Tag::BigDecimal)
        )
}

/// The long in a fixnum or boxed Long.
#[inline]
/// The value of any integer number (fixnum, Long, or a BigInt in the long
/// range), for callers that treat `3` and `3N` alike (`case`).
pub fn integer_as_i64(v: Value) -> Option<i64> {
    match as_long(v) {
        Some(n) => Some(n),
        None if has_tag(v, Tag::BigInt) => bigint_ref(v).to_i64(),
        None => None,
    }
}

pub fn as_long(v: Value) -> Option<i64> {
    if v.is_fixnum() {
        Some(v.as_fixnum())
    } else if has_tag(v, Tag::Long) {
        Some(raw(v, 0) as i64)
    } else {
        None
    }
}

pub fn as_double(v: Value) -> Option<f64> {
    if has_tag(v, Tag::Double) {
        Some(f64::from_bits(raw(v, 0)))
    } else {
        None
    }
}

/// The BigInt inside a BigInt object (borrowed while `v` is held).
pub fn bigint_ref<'a>(v: Value) -> &'a BigInt {
    debug_assert!(has_tag(v, Tag::BigInt));
    // SAFETY: word 0 of a live BigInt object is the Box made by `bigint`,
    // freed only by the finalizer.
    unsafe { &*(raw(v, 0) as *const BigInt) }
}

/// The text a BigInt or BigDecimal object is written as in an image
/// (`restore_big` reads it back).
pub fn to_plain_string(v: Value) -> String {
    if has_tag(v, Tag::BigInt) {
        bigint_ref(v).to_string()
    } else {
        bigdec_ref(v).to_string()
    }
}

/// Fills the payload of `v`, a freshly allocated BigInt or BigDecimal
/// shell (one raw word), from `to_plain_string`'s text.
pub(crate) fn restore_big(v: Value, tag: Tag, text: &str) -> Result<(), String> {
    let ptr = if tag == Tag::BigInt {
        let b: BigInt = text.parse().map_err(|e| format!("{e}"))?;
        Box::into_raw(Box::new(b)) as u64
    } else {
        let d: BigDecimal = text.parse().map_err(|e| format!("{e}"))?;
        Box::into_raw(Box::new(d)) as u64
    };
    set_raw(v, 0, ptr);
    Ok(())
}

pub fn bigdec_ref<'a>(v: Value) -> &'a BigDecimal {
    debug_assert!(has_tag(v, Tag::BigDecimal));
    // SAFETY: as in bigint_ref.
    unsafe { &*(raw(v, 0) as *const BigDecimal) }
}

fn int_to_big(v: Value) -> BigInt {
    match as_long(v) {
        Some(n) => BigInt::from(n),
        None => bigint_ref(v).clone(),
    }
}

/// Takes a number apart, or throws ClassCastException.
pub fn to_num(v: Value) -> Res<Num> {
    if v.is_fixnum() {
        return Ok(Num::L(v.as_fixnum()));
    }
    match tag_of(v) {
        Some(Tag::Long) => Ok(Num::L(raw(v, 0) as i64)),
        Some(Tag::Double) => Ok(Num::D(f64::from_bits(raw(v, 0)))),
        Some(Tag::BigInt) => Ok(Num::B(bigint_ref(v).clone())),
        Some(Tag::Ratio) => Ok(Num::R(int_to_big(field(v, 0)), int_to_big(field(v, 1)))),
        Some(Tag::BigDecimal) => Ok(Num::M(bigdec_ref(v).clone())),
        _ => Err(cast_error(v, "java.lang.Number")),
    }
}

/// Which `=` category a number is in.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Category {
    Integer,
    Ratio,
    Decimal,
    Floating,
}

fn category(v: Value) -> Option<Category> {
    if v.is_fixnum() {
        return Some(Category::Integer);
    }
    match tag_of(v)? {
        Tag::Long | Tag::BigInt => Some(Category::Integer),
        Tag::Ratio => Some(Category::Ratio),
        Tag::BigDecimal => Some(Category::Decimal),
        Tag::Double => Some(Category::Floating),
        _ => None,
    }
}

pub fn is_integer(v: Value) -> bool {
    category(v) == Some(Category::Integer)
}
pub fn is_ratio(v: Value) -> bool {
    has_tag(v, Tag::Ratio)
}
pub fn is_double(v: Value) -> bool {
    has_tag(v, Tag::Double)
}
pub fn is_decimal(v: Value) -> bool {
    has_tag(v, Tag::BigDecimal)
}

// ---------------------------------------------------------------------------
// Arithmetic

fn overflow() -> Thrown {
    error::arithmetic("long overflow")
}

fn divide_by_zero() -> Thrown {
    error::arithmetic("Divide by zero")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
}

fn arith(a: Value, b: Value, op: Op, promote: bool) -> Res {
    if a.is_fixnum() && b.is_fixnum() {
        let (x, y) = (a.as_fixnum(), b.as_fixnum());
        match op {
            // Two 63-bit values never overflow 64 bits when added.
            Op::Add => return Ok(long(x + y)),
            Op::Sub => return Ok(long(x - y)),
            Op::Mul => {
                if let Some(r) = x.checked_mul(y) {
                    return Ok(long(r));
                }
            }
        }
    }
    let x = to_num(a)?;
    let y = to_num(b)?;
    arith_num(x, y, op, promote).map(from_num)
}

fn arith_num(x: Num, y: Num, op: Op, promote: bool) -> Res<Num> {
    let level = x.level().max(y.level());
    Ok(match level {
        0 => {
            let (Num::L(p), Num::L(q)) = (&x, &y) else {
                unreachable!()
            };
            let r = match op {
                Op::Add => p.checked_add(*q),
                Op::Sub => p.checked_sub(*q),
                Op::Mul => p.checked_mul(*q),
            };
            match r {
                Some(r) => Num::L(r),
                None if promote => Num::B(big_op(BigInt::from(*p), BigInt::from(*q), op)),
                None => return Err(overflow()),
            }
        }
        1 => Num::B(big_op(x.to_big(), y.to_big(), op)),
        2 => {
            let (an, ad) = x.to_ratio();
            let (bn, bd) = y.to_ratio();
            let (n, d) = match op {
                Op::Add => (an * &bd + bn * &ad, ad * bd),
                Op::Sub => (an * &bd - bn * &ad, ad * bd),
                Op::Mul => (an * bn, ad * bd),
            };
            normalize_ratio(n, d)
        }
        3 => {
            let (p, q) = (x.to_dec(), y.to_dec());
            Num::M(in_math_context(match op {
                Op::Add => p + q,
                Op::Sub => p - q,
                Op::Mul => p * q,
            }))
        }
        _ => {
            let (p, q) = (x.to_f64(), y.to_f64());
            Num::D(match op {
                Op::Add => p + q,
                Op::Sub => p - q,
                Op::Mul => p * q,
            })
        }
    })
}

fn big_op(p: BigInt, q: BigInt, op: Op) -> BigInt {
    match op {
        Op::Add => p + q,
        Op::Sub => p - q,
        Op::Mul => p * q,
    }
}

/// `n/d` in lowest terms with a positive denominator.
fn lowest_terms(n: BigInt, d: BigInt) -> (BigInt, BigInt) {
    let g = n.gcd(&d);
    let (n, d) = if g.is_zero() {
        (n, d)
    } else {
        (n / &g, d / &g)
    };
    if d.is_negative() {
        (-n, -d)
    } else {
        (n, d)
    }
}

/// A rational result: a BigInt when whole, else a reduced ratio.
fn normalize_ratio(n: BigInt, d: BigInt) -> Num {
    let (n, d) = lowest_terms(n, d);
    if d.is_one() {
        Num::B(n)
    } else {
        Num::R(n, d)
    }
}

pub fn add(a: Value, b: Value) -> Res {
    arith(a, b, Op::Add, false)
}
/// `+'`
pub fn add_p(a: Value, b: Value) -> Res {
    arith(a, b, Op::Add, true)
}
pub fn sub(a: Value, b: Value) -> Res {
    arith(a, b, Op::Sub, false)
}
pub fn sub_p(a: Value, b: Value) -> Res {
    arith(a, b, Op::Sub, true)
}
pub fn mul(a: Value, b: Value) -> Res {
    arith(a, b, Op::Mul, false)
}
pub fn mul_p(a: Value, b: Value) -> Res {
    arith(a, b, Op::Mul, true)
}

pub fn inc(a: Value) -> Res {
    if a.is_fixnum() {
        return Ok(long(a.as_fixnum() + 1));
    }
    add(a, Value::fixnum(1))
}
pub fn inc_p(a: Value) -> Res {
    add_p(a, Value::fixnum(1))
}
pub fn dec(a: Value) -> Res {
    if a.is_fixnum() {
        return Ok(long(a.as_fixnum() - 1));
    }
    sub(a, Value::fixnum(1))
}
pub fn dec_p(a: Value) -> Res {
    sub_p(a, Value::fixnum(1))
}

/// `(- a)`. Doubles negate (so `(- 0.0)` is `-0.0`, not `0 - 0.0`).
pub fn neg(a: Value) -> Res {
    if a.is_fixnum() {
        return Ok(long(-a.as_fixnum()));
    }
    if let Some(f) = as_double(a) {
        return Ok(double(-f));
    }
    sub(Value::fixnum(0), a)
}
pub fn neg_p(a: Value) -> Res {
    if let Some(f) = as_double(a) {
        return Ok(double(-f));
    }
    sub_p(Value::fixnum(0), a)
}

/// `/`
pub fn div(a: Value, b: Value) -> Res {
    let x = to_num(a)?;
    let y = to_num(b)?;
    let level = x.level().max(y.level());
    if level == 4 {
        return Ok(double(x.to_f64() / y.to_f64()));
    }
    if num_is_zero(&y) {
        return Err(divide_by_zero());
    }
    Ok(match level {
        0 => {
            let (Num::L(p), Num::L(q)) = (x, y) else {
                unreachable!()
            };
            let (p, q) = (p as i128, q as i128);
            let g = p.gcd(&q);
            let (mut n, mut d) = (p / g, q / g);
            if d < 0 {
                n = -n;
                d = -d;
            }
            if d == 1 {
                match i64::try_from(n) {
                    Ok(n) => long(n),
                    Err(_) => bigint(BigInt::from(n)),
                }
            } else {
                alloc_fields(
                    Tag::Ratio,
                    &[integer(BigInt::from(n)), integer(BigInt::from(d))],
                    0,
                )
            }
        }
        1 | 2 => {
            let (an, ad) = x.to_ratio();
            let (bn, bd) = y.to_ratio();
            ratio(an * bd, ad * bn)
        }
        _ => bigdec(dec_divide(&x.to_dec(), &y.to_dec())?),
    })
}

/// `*math-context*` as `with-precision` binds it: `[precision rounding]`,
/// the rounding a symbol naming a `java.math.RoundingMode`. `None` when
/// unbound or nil.
fn math_context() -> Option<(u64, bigdecimal::RoundingMode)> {
    use bigdecimal::RoundingMode as R;
    let var = crate::ns::find_var("clojure.core", "*math-context*")?;
    let mc = crate::ns::var_get_opt(var)?;
    let parts = crate::coll::is_vector_like(mc).then(|| crate::coll::vector_items(mc));
    heap::drop(mc);
    let parts = parts?;
    let prec = u64::try_from(as_long(*parts.first()?)?).ok()?;
    let mode = match parts.get(1).map(|m| crate::string::name_parts(*m).1) {
        Some("UP") => R::Up,
        Some("DOWN") => R::Down,
        Some("CEILING") => R::Ceiling,
        Some("FLOOR") => R::Floor,
        Some("HALF_DOWN") => R::HalfDown,
        Some("HALF_EVEN") => R::HalfEven,
        _ => R::HalfUp,
    };
    Some((prec, mode))
}

/// `d` rounded to `*math-context*`'s precision, if one is bound and `d`
/// has more digits (as Java's `BigDecimal.round(mc)`: never padded).
fn in_math_context(d: BigDecimal) -> BigDecimal {
    match math_context() {
        Some((prec, mode)) if prec > 0 && d.digits() > prec => d.with_precision_round(
            std::num::NonZeroU64::new(prec).unwrap_or(std::num::NonZeroU64::MIN),
            mode,
        ),
        _ => d,
    }
}

/// `BigDecimal.divide`: the exact quotient, at the smallest scale at or
/// above the preferred one (`a.scale - b.scale`) that holds it; an
/// `ArithmeticException` when the expansion does not terminate, unless
/// `*math-context*` gives a precision to round to (`with-precision`).
/// `b` is not zero.
fn dec_divide(a: &BigDecimal, b: &BigDecimal) -> Res<BigDecimal> {
    let (ua, sa) = a.as_bigint_and_exponent();
    let (ub, sb) = b.as_bigint_and_exponent();
    let preferred = sa - sb;
    if let Some((prec, mode)) = math_context().filter(|(p, _)| *p > 0) {
        let q = (a / b).with_precision_round(
            std::num::NonZeroU64::new(prec).unwrap_or(std::num::NonZeroU64::MIN),
            mode,
        );
        // Trailing zeros go, down to the preferred scale.
        let (mut u, mut sc) = q.into_bigint_and_exponent();
        let ten = BigInt::from(10);
        while sc > preferred && !u.is_zero() && (&u % &ten).is_zero() {
            u /= &ten;
            sc -= 1;
        }
        return Ok(BigDecimal::new(u, sc));
    }
    let g = ua.gcd(&ub);
    let (mut n, mut d) = (&ua / &g, &ub / &g);
    if d.is_negative() {
        n = -n;
        d = -d;
    }
    // d = 2^i 5^j, or the quotient does not terminate.
    let (mut rest, mut twos, mut fives) = (d.clone(), 0u32, 0u32);
    let (two, five) = (BigInt::from(2), BigInt::from(5));
    while (&rest % &two).is_zero() {
        rest /= &two;
        twos += 1;
    }
    while (&rest % &five).is_zero() {
        rest /= &five;
        fives += 1;
    }
    if !rest.is_one() {
        return Err(error::throw(
            "ArithmeticException",
            "Non-terminating decimal expansion; no exact representable decimal result.",
        ));
    }
    let k = twos.max(fives);
    let unscaled = n * num_traits::pow(BigInt::from(10), k as usize) / d;
    Ok(BigDecimal::new(unscaled, preferred + i64::from(k)))
}

fn num_is_zero(n: &Num) -> bool {
    match n {
        Num::L(x) => *x == 0,
        Num::B(b) => b.is_zero(),
        Num::R(..) => false,
        Num::M(m) => m.is_zero(),
        Num::D(f) => *f == 0.0,
    }
}

/// `quot`: division truncated toward zero.
pub fn quot(a: Value, b: Value) -> Res {
    if a.is_fixnum() && b.is_fixnum() && b.as_fixnum() != 0 {
        return Ok(long(a.as_fixnum() / b.as_fixnum()));
    }
    let x = to_num(a)?;
    let y = to_num(b)?;
    if num_is_zero(&y) {
        return Err(divide_by_zero());
    }
    Ok(match x.level().max(y.level()) {
        0 => {
            let (Num::L(p), Num::L(q)) = (x, y) else {
                unreachable!()
            };
            long(p.wrapping_div(q))
        }
        1 => bigint(x.to_big() / y.to_big()),
        2 => {
            let (an, ad) = x.to_ratio();
            let (bn, bd) = y.to_ratio();
            // RatioOps.quotient: always a BigInt.
            bigint((an * bd) / (ad * bn))
        }
        3 => {
            let q = x.to_dec() / y.to_dec();
            bigdec(q.with_scale_round(0, bigdecimal::RoundingMode::Down))
        }
        _ => double((x.to_f64() / y.to_f64()).trunc()),
    })
}

/// `rem`: the remainder of `quot`, with the sign of the dividend.
pub fn rem(a: Value, b: Value) -> Res {
    if a.is_fixnum() && b.is_fixnum() && b.as_fixnum() != 0 {
        return Ok(long(a.as_fixnum() % b.as_fixnum()));
    }
    let x = to_num(a)?;
    let y = to_num(b)?;
    if num_is_zero(&y) {
        return Err(divide_by_zero());
    }
    Ok(match x.level().max(y.level()) {
        0 => {
            let (Num::L(p), Num::L(q)) = (x, y) else {
                unreachable!()
            };
            long(p.wrapping_rem(q))
        }
        1 => bigint(x.to_big() % y.to_big()),
        2 => {
            let (an, ad) = x.to_ratio();
            let (bn, bd) = y.to_ratio();
            let q = (&an * &bd) / (&ad * &bn);
            // x - q*y
            from_num(normalize_ratio(an * &bd - q * bn * &ad, ad * bd))
        }
        3 => {
            let (p, q) = (x.to_dec(), y.to_dec());
            let t = (&p / &q).with_scale_round(0, bigdecimal::RoundingMode::Down);
            bigdec(p - t * q)
        }
        _ => {
            let (p, q) = (x.to_f64(), y.to_f64());
            double(p - (p / q).trunc() * q)
        }
    })
}

/// `mod`: the remainder with the sign of the divisor (core.clj's definition).
pub fn modulo(a: Value, b: Value) -> Res {
    if a.is_fixnum() && b.is_fixnum() && b.as_fixnum() != 0 {
        let m = a.as_fixnum().rem_euclid(b.as_fixnum());
        let m = if b.as_fixnum() < 0 && m != 0 {
            m + b.as_fixnum()
        } else {
            m
        };
        return Ok(long(m));
    }
    let m = rem(a, b)?;
    if is_zero(m)? || is_pos(a)? == is_pos(b)? {
        Ok(m)
    } else {
        let r = add(m, b);
        heap::drop(m);
        r
    }
}

// ---------------------------------------------------------------------------
// Comparison

/// Numeric comparison (`<`, `==` ...): `None` when a NaN is involved.
pub fn compare(a: Value, b: Value) -> Res<Option<Ordering>> {
    if a.is_fixnum() && b.is_fixnum() {
        return Ok(Some(a.as_fixnum().cmp(&b.as_fixnum())));
    }
    let x = to_num(a)?;
    let y = to_num(b)?;
    Ok(compare_num(&x, &y))
}

pub fn compare_num(x: &Num, y: &Num) -> Option<Ordering> {
    match x.level().max(y.level()) {
        0 => match (x, y) {
            (Num::L(p), Num::L(q)) => Some(p.cmp(q)),
            _ => unreachable!(),
        },
        1 => Some(x.to_big().cmp(&y.to_big())),
        2 | 3 => {
            let (an, ad) = x.to_ratio();
            let (bn, bd) = y.to_ratio();
            Some((an * bd).cmp(&(bn * ad)))
        }
        _ => x.to_f64().partial_cmp(&y.to_f64()),
    }
}

pub fn lt(a: Value, b: Value) -> Res<bool> {
    Ok(compare(a, b)? == Some(Ordering::Less))
}
pub fn le(a: Value, b: Value) -> Res<bool> {
    Ok(matches!(
        compare(a, b)?,
        Some(Ordering::Less | Ordering::Equal)
    ))
}
pub fn gt(a: Value, b: Value) -> Res<bool> {
    Ok(compare(a, b)? == Some(Ordering::Greater))
}
pub fn ge(a: Value, b: Value) -> Res<bool> {
    Ok(matches!(
        compare(a, b)?,
        Some(Ordering::Greater | Ordering::Equal)
    ))
}
/// `==`
pub fn num_equiv(a: Value, b: Value) -> Res<bool> {
    Ok(compare(a, b)? == Some(Ordering::Equal))
}

/// `=` on two numbers: same category and numerically equal.
pub fn equal(a: Value, b: Value) -> bool {
    match (category(a), category(b)) {
        (Some(x), Some(y)) if x == y => num_equiv(a, b).unwrap_or_else(|t| {
            heap::drop(t.0);
            false
        }),
        _ => false,
    }
}

pub fn is_zero(a: Value) -> Res<bool> {
    if a.is_fixnum() {
        return Ok(a.as_fixnum() == 0);
    }
    Ok(num_is_zero(&to_num(a)?))
}

fn sign(a: Value) -> Res<Option<Ordering>> {
    if a.is_fixnum() {
        return Ok(Some(a.as_fixnum().cmp(&0)));
    }
    Ok(compare_num(&to_num(a)?, &Num::L(0)))
}

pub fn is_pos(a: Value) -> Res<bool> {
    Ok(sign(a)? == Some(Ordering::Greater))
}
pub fn is_neg(a: Value) -> Res<bool> {
    Ok(sign(a)? == Some(Ordering::Less))
}

/// `hash` of a number, as `Numbers.hasheq`.
pub fn hash(v: Value) -> i32 {
    if let Some(n) = as_long(v) {
        return murmur::hash_long(n);
    }
    match tag_of(v) {
        Some(Tag::Double) => {
            let f = f64::from_bits(raw(v, 0));
            murmur::java_double_hash(if f == 0.0 { 0.0 } else { f })
        }
        Some(Tag::BigInt) => match bigint_ref(v).to_i64() {
            Some(n) => murmur::hash_long(n),
            None => murmur::java_bigint_hash(bigint_ref(v)),
        },
        Some(Tag::Ratio) => {
            let (n, d) = (int_to_big(field(v, 0)), int_to_big(field(v, 1)));
            murmur::java_bigint_hash(&n) ^ murmur::java_bigint_hash(&d)
        }
        Some(Tag::BigDecimal) => {
            let m = bigdec_ref(v);
            if m.is_zero() {
                0
            } else {
                // BigDecimal.hashCode of stripTrailingZeros():
                // 31 * unscaledValue.hashCode() + scale.
                let (unscaled, scale) = m.normalized().as_bigint_and_exponent();
                murmur::java_bigint_hash(&unscaled)
                    .wrapping_mul(31)
                    .wrapping_add(scale as i32)
            }
        }
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// Conversions

/// `(long x)`: truncates doubles and ratios; chars give their code point.
pub fn to_long(v: Value) -> Res<i64> {
    if let Some(n) = as_long(v) {
        return Ok(n);
    }
    if let Some(c) = v.as_char() {
        return Ok(c as i64);
    }
    let n = to_num(v)?;
    let out_of_range =
        || error::illegal_arg(&format!("Value out of range for long: {}", str_num(v)));
    match n {
        Num::D(f) => {
            if f.is_nan() {
                Ok(0)
            } else if !((i64::MIN as f64)..=(i64::MAX as f64)).contains(&f) {
                // RT.longCast(double): 2^63 itself saturates to Long/MAX_VALUE.
                Err(out_of_range())
            } else {
                Ok(f as i64)
            }
        }
        other => other.to_big().to_i64().ok_or_else(out_of_range),
    }
}

pub fn to_double(v: Value) -> Res<f64> {
    if v.is_fixnum() {
        return Ok(v.as_fixnum() as f64);
    }
    if let Some(f) = as_double(v) {
        return Ok(f);
    }
    Ok(to_num(v)?.to_f64())
}

/// `(bigint x)`. Infinities and NaN throw NumberFormatException, as
/// `BigDecimal.valueOf` does on the JVM.
/// A string is parsed as `new BigInteger(s)` would (decimal digits with an
/// optional sign), as JVM Clojure's `bigint` falls back to.
pub fn to_bigint(v: Value) -> Res {
    if let Some(s) = crate::string::as_str(v) {
        return parse_big_integer(s).map(bigint);
    }
    let n = exact_of_double(to_num(v)?)?;
    Ok(bigint(n.to_big()))
}

/// `(bigdec x)`; a string is parsed as `new BigDecimal(s)` would.
pub fn to_bigdec(v: Value) -> Res {
    if let Some(s) = crate::string::as_str(v) {
        return parse_big_decimal(s).map(bigdec);
    }
    let n = exact_of_double(to_num(v)?)?;
    Ok(bigdec(n.to_dec()))
}

/// `new BigInteger(s)`: `[+-]?digits`, else NumberFormatException.
fn parse_big_integer(s: &str) -> Res<BigInt> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s.is_empty() {
        return Err(error::throw(
            "NumberFormatException",
            "Zero length BigInteger",
        ));
    }
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
        return Err(error::throw(
            "NumberFormatException",
            &format!("For input string: \"{s}\""),
        ));
    }
    BigInt::from_str(s.strip_prefix('+').unwrap_or(s))
        .map_err(|e| error::throw("NumberFormatException", &e.to_string()))
}

/// `new BigDecimal(s)`: `[+-]?digits[.digits][e[+-]digits]`, else
/// NumberFormatException with the JVM's messages.
fn parse_big_decimal(s: &str) -> Res<BigDecimal> {
    let nfe = |m: &str| error::throw("NumberFormatException", m);
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if let Some(c) = mantissa.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
        return Err(nfe(&format!(
            "Character {c} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
        )));
    }
    if mantissa.bytes().filter(|&c| c == b'.').count() > 1 {
        return Err(nfe("Character array contains more than one decimal point."));
    }
    let exp_ok = exp.is_none_or(|e| {
        let d = e.strip_prefix(['+', '-']).unwrap_or(e);
        !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
    });
    if !mantissa.bytes().any(|c| c.is_ascii_digit()) || !exp_ok {
        return Err(nfe(""));
    }
    BigDecimal::from_str(s.strip_prefix('+').unwrap_or(s)).map_err(|_| nfe(""))
}

/// A double as the BigDecimal of its shortest decimal string
/// (`BigDecimal.valueOf(double)`, which `bigint`, `bigdec` and
/// `rationalize` use: `(bigint 1e300)` is exactly 10^300); other numbers
/// unchanged.
fn exact_of_double(n: Num) -> Res<Num> {
    check_finite(&n)?;
    match n {
        Num::D(f) => BigDecimal::from_str(&java_double_to_string(f))
            .map(Num::M)
            .map_err(|e| error::throw("NumberFormatException", &e.to_string())),
        other => Ok(other),
    }
}

/// The error `new BigDecimal("Infinity")` gives: Clojure converts doubles
/// to exact numbers through their decimal string.
fn check_finite(n: &Num) -> Res<()> {
    match n {
        Num::D(f) if !f.is_finite() => Err(error::throw(
            "NumberFormatException",
            &format!(
                "Character {} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.",
                if f.is_nan() { 'N' } else { 'I' }
            ),
        )),
        _ => Ok(()),
    }
}

/// `(rationalize x)`: a double becomes the exact ratio of its shortest
/// decimal string (`BigDecimal.valueOf`, so `(rationalize 0.1)` is `1/10`);
/// a BigDecimal its exact ratio; other numbers are returned as they are.
pub fn rationalize(v: Value) -> Res {
    let dec = match exact_of_double(to_num(v)?)? {
        Num::M(m) => m,
        _ => {
            heap::dup(v);
            return Ok(v);
        }
    };
    let (n, d) = Num::M(dec).to_ratio();
    Ok(from_num(normalize_ratio(n, d)))
}

/// `Number.longValue()`: what the unchecked casts start from. Doubles
/// saturate (NaN is 0), exact numbers keep the low 64 bits of their integer
/// part.
pub fn long_value(v: Value) -> Res<i64> {
    if let Some(n) = as_long(v) {
        return Ok(n);
    }
    if let Some(c) = v.as_char() {
        return Ok(c as i64);
    }
    Ok(match to_num(v)? {
        Num::D(f) => f as i64,
        other => low_bits(&other.to_big()),
    })
}

/// `Number.intValue()`: doubles and ratios saturate to an int (a ratio
/// through its double), exact integers keep their low 32 bits.
pub fn int_value(v: Value) -> Res<i32> {
    if let Some(c) = v.as_char() {
        return Ok(c as i32);
    }
    Ok(match to_num(v)? {
        Num::D(f) => f as i32,
        r @ Num::R(..) => r.to_f64() as i32,
        other => low_bits(&other.to_big()) as i32,
    })
}

/// The low 64 bits of `b` in two's complement (`BigInteger.longValue`).
fn low_bits(b: &BigInt) -> i64 {
    let mut digits = b.to_u64_digits().1;
    digits.resize(1, 0);
    let low = digits[0] as i64;
    if b.is_negative() {
        low.wrapping_neg()
    } else {
        low
    }
}

pub fn numerator(v: Value) -> Res {
    match tag_of(v) {
        Some(Tag::Ratio) => {
            heap::dup(field(v, 0));
            Ok(field(v, 0))
        }
        _ => Err(cast_error(v, "clojure.lang.Ratio")),
    }
}

pub fn denominator(v: Value) -> Res {
    match tag_of(v) {
        Some(Tag::Ratio) => {
            heap::dup(field(v, 1));
            Ok(field(v, 1))
        }
        _ => Err(cast_error(v, "clojure.lang.Ratio")),
    }
}

/// The long operand of a bit operation.
pub fn bit_operand(v: Value) -> Res<i64> {
    match as_long(v) {
        Some(n) => Ok(n),
        None if is_number(v) => Err(error::illegal_arg(&format!(
            "bit operation not supported for: class {}",
            error::class_name_of(v)
        ))),
        None => Err(cast_error(v, "java.lang.Number")),
    }
}

/// Parses a number literal the way the reader does (`42`, `-7`, `1.5`,
/// `1e3`, `2/3`, `12N`, `1.5M`, `0x1F`); `None` if it is not one.
pub fn parse_number(s: &str) -> Option<Value> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if let Some(d) = t.strip_suffix('N') {
        return BigInt::from_str(d).ok().map(bigint);
    }
    if let Some(d) = t.strip_suffix('M') {
        return BigDecimal::from_str(d).ok().map(bigdec);
    }
    if let Some((n, d)) = t.split_once('/') {
        let n = BigInt::from_str(n).ok()?;
        let d = BigInt::from_str(d).ok()?;
        if d.is_zero() {
            return None;
        }
        return Some(ratio_literal(n, d));
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        let b = BigInt::parse_bytes(h.as_bytes(), 16)?;
        return Some(integer(if neg { -b } else { b }));
    }
    if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
        let b = BigInt::from_str(body).ok()?;
        return Some(integer(if neg { -b } else { b }));
    }
    if body.bytes().next().is_some_and(|c| c.is_ascii_digit()) {
        if let Ok(f) = t.parse::<f64>() {
            return Some(double(f));
        }
    }
    None
}

/// `parse-long`: `[+-]?digits` in long range, else nil.
pub fn parse_long(s: &str) -> Option<i64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse::<i64>().ok()
}

/// `parse-double`: Java's `Double/parseDouble` syntax, else nil.
pub fn parse_double(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    match body {
        "NaN" => return Some(f64::NAN),
        "Infinity" => {
            return Some(if t.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        _ => {}
    }
    if body.is_empty()
        || !body
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
        || body.eq_ignore_ascii_case("inf")
    {
        return None;
    }
    t.parse::<f64>().ok()
}

// ---------------------------------------------------------------------------
// Printing

/// Java's `Double.toString`: the shortest digits that round-trip, in plain
/// notation for 1e-3 <= |x| < 1e7 and `d.dddE±n` otherwise, always with a
/// fractional part (`1.0`, `1.0E10`, `1.0E-5`).
pub fn java_double_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let mut sci = format!("{:e}", x.abs());
    if !sci.contains('.') {
        // Java prints at least two significant digits in E notation, and
        // picks the two closest to the exact value (5e-324 is "4.9E-324").
        let two = format!("{:.1e}", x.abs());
        if two.parse::<f64>() == Ok(x.abs()) {
            sci = two;
        }
    }
    let (mant, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let mut digits: String = mant.chars().filter(|c| *c != '.').collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let a = x.abs();
    if (1e-3..1e7).contains(&a) {
        if exp >= 0 {
            let e = exp as usize;
            if digits.len() > e + 1 {
                out.push_str(&digits[..e + 1]);
                out.push('.');
                out.push_str(&digits[e + 1..]);
            } else {
                out.push_str(&digits);
                out.push_str(&"0".repeat(e + 1 - digits.len()));
                out.push_str(".0");
            }
        } else {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        if digits.len() > 1 {
            out.push_str(&digits[1..]);
        } else {
            out.push('0');
        }
        out.push('E');
        out.push_str(&exp.to_string());
    }
    out
}

/// `(str n)`: Java's `toString` of the number (no `N`/`M` suffix, doubles
/// as `Infinity`/`NaN`).
pub fn str_num(v: Value) -> String {
    if let Some(n) = as_long(v) {
        return n.to_string();
    }
    match tag_of(v) {
        Some(Tag::Double) => java_double_to_string(f64::from_bits(raw(v, 0))),
        Some(Tag::BigInt) => bigint_ref(v).to_string(),
        Some(Tag::Ratio) => format!("{}/{}", str_num(field(v, 0)), str_num(field(v, 1))),
        Some(Tag::BigDecimal) => bigdec_to_string(bigdec_ref(v)),
        _ => String::new(),
    }
}

/// Java's `BigDecimal.toString` for the common cases (plain notation).
fn bigdec_to_string(m: &BigDecimal) -> String {
    let (digits, scale) = m.as_bigint_and_exponent();
    if scale <= 0 {
        return (digits * BigInt::from(10).pow((-scale) as u32)).to_string();
    }
    let neg = digits.is_negative();
    let s = digits.abs().to_string();
    let scale = scale as usize;
    let body = if s.len() > scale {
        format!("{}.{}", &s[..s.len() - scale], &s[s.len() - scale..])
    } else {
        format!("0.{}{}", "0".repeat(scale - s.len()), s)
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// How `pr` and `print` write a number: BigInts with `N`, BigDecimals with
/// `M`, special doubles as `##Inf`, `##-Inf`, `##NaN`.
pub fn pr_num(v: Value) -> String {
    match tag_of(v) {
        Some(Tag::Double) => {
            let f = f64::from_bits(raw(v, 0));
            if f.is_nan() {
                "##NaN".into()
            } else if f == f64::INFINITY {
                "##Inf".into()
            } else if f == f64::NEG_INFINITY {
                "##-Inf".into()
            } else {
                java_double_to_string(f)
            }
        }
        Some(Tag::BigInt) => format!("{}N", bigint_ref(v)),
        Some(Tag::BigDecimal) => format!("{}M", bigdec_to_string(bigdec_ref(v))),
        _ => str_num(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;

    fn pr(v: Res) -> String {
        match v {
            Ok(v) => {
                let s = pr_num(v);
                heap::drop(v);
                s
            }
            Err(Thrown(e)) => {
                let s = format!(
                    "{}: {}",
                    error::kind_of(e),
                    error::exception_message(e).unwrap_or_default()
                );
                heap::drop(e);
                s
            }
        }
    }

    fn n(s: &str) -> Value {
        parse_number(s).unwrap_or_else(|| panic!("not a number: {s}"))
    }

    fn check2(f: fn(Value, Value) -> Res, a: &str, b: &str, expected: &str) {
        check_leaks(|| {
            let (x, y) = (n(a), n(b));
            assert_eq!(pr(f(x, y)), expected, "{a} {b}");
            heap::drop(x);
            heap::drop(y);
        });
    }

    #[test]
    fn doubles_print_like_java() {
        let cases = [
            (1.0, "1.0"),
            (1.5e10, "1.5E10"),
            (1e10, "1.0E10"),
            (1e-5, "1.0E-5"),
            (123.456, "123.456"),
            (100.0, "100.0"),
            (0.001, "0.001"),
            (1234567.0, "1234567.0"),
            (12345678.0, "1.2345678E7"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (1e21, "1.0E21"),
            (5e-324, "4.9E-324"),
        ];
        for (x, s) in cases {
            assert_eq!(java_double_to_string(x), s);
        }
    }

    #[test]
    fn ratio_literals_read_like_clojure() {
        check_leaks(|| {
            for (src, expected, is_long) in [
                ("4/2", "2", true),
                ("-6/3", "-2", true),
                ("0/5", "0", true),
                ("3/6", "1/2", false),
                ("40000000000000000000/2", "20000000000000000000N", false),
                ("20000000000000000000/10000000000000000000", "2N", false),
                ("9223372036854775807/1", "9223372036854775807", true),
            ] {
                let v = n(src);
                assert_eq!(is_integer(v) && as_long(v).is_some(), is_long, "{src}");
                assert_eq!(pr(Ok(v)), expected, "{src}");
            }
        });
    }

    #[test]
    fn negation_keeps_the_sign_of_zero() {
        check_leaks(|| {
            for (f, name) in [(neg as fn(Value) -> Res, "-"), (neg_p, "-'")] {
                for (a, expected) in [
                    ("0.0", "-0.0"),
                    ("-0.0", "0.0"),
                    ("1.5", "-1.5"),
                    ("3", "-3"),
                    ("1/2", "-1/2"),
                    ("2N", "-2N"),
                ] {
                    let x = n(a);
                    assert_eq!(pr(f(x)), expected, "({name} {a})");
                    heap::drop(x);
                }
            }
        });
    }

    #[test]
    fn arithmetic_like_clojure() {
        check2(add, "1", "2", "3");
        check2(
            add,
            "9223372036854775807",
            "1",
            "ArithmeticException: long overflow",
        );
        check2(add_p, "9223372036854775807", "1", "9223372036854775808N");
        check2(add_p, "1", "2", "3");
        check2(add, "1N", "1", "2N");
        check2(add, "1/2", "1/2", "1N");
        check2(mul, "1/2", "2", "1N");
        check2(add, "1", "0.5", "1.5");
        check2(add, "1.5M", "1", "2.5M");
        check2(
            mul,
            "4611686018427387904",
            "2",
            "ArithmeticException: long overflow",
        );
        check2(mul, "3037000499", "3037000499", "9223372030926249001");
        check2(
            sub,
            "-9223372036854775808",
            "1",
            "ArithmeticException: long overflow",
        );
        check2(div, "1", "3", "1/3");
        check2(div, "4", "2", "2");
        check2(div, "-4", "6", "-2/3");
        check2(div, "1", "0", "ArithmeticException: Divide by zero");
        check2(div, "1.0", "0", "##Inf");
        check2(div, "-1", "0.0", "##-Inf");
        check2(div, "1/2", "1/4", "2N");
        check2(quot, "7", "2", "3");
        check2(quot, "-7", "2", "-3");
        check2(rem, "-7", "2", "-1");
        check2(modulo, "-7", "2", "1");
        check2(modulo, "7", "-2", "-1");
        check2(modulo, "-7.5", "2", "0.5");
        check2(quot, "7.5", "2", "3.0");
        check2(rem, "7.5", "2", "1.5");
        check2(quot, "1", "0", "ArithmeticException: Divide by zero");
        check2(rem, "1/2", "1/3", "1/6");
    }

    #[test]
    fn equality_by_category() {
        check_leaks(|| {
            let pairs = [
                ("1", "1.0", false, true),
                ("1", "1N", true, true),
                ("1/2", "0.5", false, true),
                ("1.0M", "1.00M", true, true),
                ("1", "1M", false, true),
                ("2", "3", false, false),
            ];
            for (a, b, eq, numeq) in pairs {
                let (x, y) = (n(a), n(b));
                assert_eq!(equal(x, y), eq, "= {a} {b}");
                assert_eq!(num_equiv(x, y).unwrap(), numeq, "== {a} {b}");
                heap::drop(x);
                heap::drop(y);
            }
        });
    }

    #[test]
    fn boxed_longs_at_the_fixnum_edges() {
        check_leaks(|| {
            let big = long(i64::MAX);
            assert!(big.is_ptr());
            assert_eq!(as_long(big), Some(i64::MAX));
            assert_eq!(pr(dec(big)), "9223372036854775806");
            assert_eq!(pr(inc(big)), "ArithmeticException: long overflow");
            let edge = Value::fixnum(crate::value::FIXNUM_MAX);
            let r = inc(edge).unwrap();
            assert!(r.is_ptr());
            assert_eq!(pr_num(r), "4611686018427387904");
            assert!(equal(r, r));
            heap::drop(r);
            heap::drop(big);
        });
    }
}
