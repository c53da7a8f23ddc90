//! The Rust functions bound in `clojure.core` (`core_natives`) and
//! `clojure.string` (`string_natives`), and `install`, which `init` runs.
//!
//! Almost every native is a `NativeFnPtr`: arguments borrowed, result
//! owned. The few that walk a seq they are given (`count`, `nth`, `into`,
//! `vec`, `set`, `reverse`, `reduce`, `apply`, `clojure.string/join`) are
//! `NativeFnConsumingPtr`s (`core_consuming_natives`): they take the seq
//! out of the argument slice and walk it releasing each cell, so the
//! caller's frame does not hold the head of a long lazy seq. Each
//! checks its argument count and types and throws Clojure's exceptions
//! ("Wrong number of args (3) passed to: clojure.core/inc", ClassCastException
//! "class java.lang.String cannot be cast to class java.lang.Number") rather
//! than panicking.

use crate::atom;
use crate::callable::{self, NativeFnConsumingPtr, NativeFnPtr};
use crate::coll::{self, dupd};
use crate::equiv;
use crate::error::{self, cast_error, check_arity as ar, check_arity_range as ar_range};
use crate::heap;
use crate::ns;
use crate::num;
use crate::object::{has_tag, tag_of};
use crate::print;
use crate::seq::{self, SeqIter};
use crate::string::{self, make_str};
use crate::tag::Tag;
use crate::value::Value;
use crate::{Res, Thrown};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

// ---------------------------------------------------------------------------
// Helpers

fn ar_min(a: &[Value], lo: usize, name: &str) -> Res<()> {
    ar_range(a, lo, usize::MAX, name)
}

fn b(x: bool) -> Res {
    Ok(Value::bool(x))
}

fn str_arg<'a>(v: Value) -> Res<&'a str> {
    string::as_str(v).ok_or_else(|| cast_error(v, "java.lang.String"))
}

fn long_arg(v: Value) -> Res<i64> {
    if let Some(n) = num::as_long(v) {
        return Ok(n);
    }
    if num::is_number(v) {
        return num::to_long(v);
    }
    Err(cast_error(v, "java.lang.Number"))
}

/// Takes argument `i` of a consuming native (owned), leaving nil in its slot.
fn take(a: &mut [Value], i: usize) -> Value {
    std::mem::replace(&mut a[i], Value::NIL)
}

fn drop_all(vs: &[Value]) {
    for v in vs {
        heap::drop(*v);
    }
}

/// Folds a binary operation over the arguments left to right.
fn fold(a: &[Value], f: fn(Value, Value) -> Res) -> Res {
    let mut acc = f(a[0], a[1])?;
    for x in &a[2..] {
        let r = f(acc, *x);
        heap::drop(acc);
        acc = r?;
    }
    Ok(acc)
}

fn check_number(v: Value) -> Res {
    if num::is_number(v) {
        Ok(dupd(v))
    } else {
        Err(cast_error(v, "java.lang.Number"))
    }
}

/// Pairwise comparison chain: `(< a b c)`.
fn chain(a: &[Value], name: &str, f: fn(Value, Value) -> Res<bool>) -> Res {
    ar_min(a, 1, name)?;
    if a.len() == 1 {
        check_number(a[0]).map(heap::drop)?;
    }
    for w in a.windows(2) {
        if !f(w[0], w[1])? {
            return b(false);
        }
    }
    b(true)
}

// ---------------------------------------------------------------------------
// Numbers

fn n_add(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(0)),
        1 => check_number(a[0]),
        _ => fold(a, crate::prim::add),
    }
}
fn n_add_p(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(0)),
        1 => check_number(a[0]),
        _ => fold(a, num::add_p),
    }
}
fn n_mul(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(1)),
        1 => check_number(a[0]),
        _ => fold(a, crate::prim::mul),
    }
}
fn n_mul_p(a: &[Value]) -> Res {
    match a.len() {
        0 => Ok(Value::fixnum(1)),
        1 => check_number(a[0]),
        _ => fold(a, num::mul_p),
    }
}
fn n_sub(a: &[Value]) -> Res {
    ar_min(a, 1, "-")?;
    if a.len() == 1 {
        return num::neg(a[0]);
    }
    fold(a, crate::prim::sub)
}
fn n_sub_p(a: &[Value]) -> Res {
    ar_min(a, 1, "-'")?;
    if a.len() == 1 {
        return num::neg_p(a[0]);
    }
    fold(a, num::sub_p)
}
fn n_div(a: &[Value]) -> Res {
    ar_min(a, 1, "/")?;
    if a.len() == 1 {
        return num::div(Value::fixnum(1), a[0]);
    }
    fold(a, num::div)
}
fn n_inc(a: &[Value]) -> Res {
    ar(a, 1, "inc")?;
    crate::prim::inc(a[0])
}
fn n_dec(a: &[Value]) -> Res {
    ar(a, 1, "dec")?;
    crate::prim::dec(a[0])
}
fn n_inc_p(a: &[Value]) -> Res {
    ar(a, 1, "inc'")?;
    num::inc_p(a[0])
}
fn n_dec_p(a: &[Value]) -> Res {
    ar(a, 1, "dec'")?;
    num::dec_p(a[0])
}
fn n_quot(a: &[Value]) -> Res {
    ar(a, 2, "quot")?;
    num::quot(a[0], a[1])
}
fn n_rem(a: &[Value]) -> Res {
    ar(a, 2, "rem")?;
    num::rem(a[0], a[1])
}
fn n_mod(a: &[Value]) -> Res {
    ar(a, 2, "mod")?;
    num::modulo(a[0], a[1])
}
fn n_lt(a: &[Value]) -> Res {
    chain(a, "<", num::lt)
}
fn n_gt(a: &[Value]) -> Res {
    chain(a, ">", num::gt)
}
fn n_le(a: &[Value]) -> Res {
    chain(a, "<=", num::le)
}
fn n_ge(a: &[Value]) -> Res {
    chain(a, ">=", num::ge)
}
fn n_num_eq(a: &[Value]) -> Res {
    chain(a, "==", num::num_equiv)
}

fn extreme(a: &[Value], name: &str, want: std::cmp::Ordering) -> Res {
    ar_min(a, 1, name)?;
    let mut best = a[0];
    check_number(best).map(heap::drop)?;
    let mut nan = num::as_double(best).is_some_and(f64::is_nan);
    for x in &a[1..] {
        match num::compare(*x, best)? {
            Some(o) if o == want => best = *x,
            None => {
                if num::as_double(*x).is_some_and(f64::is_nan) {
                    best = *x;
                }
                nan = true;
            }
            _ => {}
        }
    }
    if nan && !num::as_double(best).is_some_and(f64::is_nan) {
        return Ok(num::double(f64::NAN));
    }
    Ok(dupd(best))
}
fn n_max(a: &[Value]) -> Res {
    extreme(a, "max", std::cmp::Ordering::Greater)
}
fn n_min(a: &[Value]) -> Res {
    extreme(a, "min", std::cmp::Ordering::Less)
}
fn n_abs(a: &[Value]) -> Res {
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
fn n_is_zero(a: &[Value]) -> Res {
    ar(a, 1, "zero?")?;
    num::is_zero(a[0]).map(Value::bool)
}
fn n_is_pos(a: &[Value]) -> Res {
    ar(a, 1, "pos?")?;
    num::is_pos(a[0]).map(Value::bool)
}
fn n_is_neg(a: &[Value]) -> Res {
    ar(a, 1, "neg?")?;
    num::is_neg(a[0]).map(Value::bool)
}
fn integer_arg(v: Value) -> Res<()> {
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
fn n_is_even(a: &[Value]) -> Res {
    ar(a, 1, "even?")?;
    integer_arg(a[0])?;
    let r = num::rem(a[0], Value::fixnum(2))?;
    let z = num::is_zero(r)?;
    heap::drop(r);
    b(z)
}
fn n_is_odd(a: &[Value]) -> Res {
    ar(a, 1, "odd?")?;
    integer_arg(a[0])?;
    let r = num::rem(a[0], Value::fixnum(2))?;
    let z = num::is_zero(r)?;
    heap::drop(r);
    b(!z)
}
fn n_is_number(a: &[Value]) -> Res {
    ar(a, 1, "number?")?;
    b(num::is_number(a[0]))
}
fn n_is_integer(a: &[Value]) -> Res {
    ar(a, 1, "integer?")?;
    b(num::is_integer(a[0]))
}
fn n_is_int(a: &[Value]) -> Res {
    ar(a, 1, "int?")?;
    b(num::as_long(a[0]).is_some())
}
fn n_is_double(a: &[Value]) -> Res {
    ar(a, 1, "double?")?;
    b(num::is_double(a[0]))
}
fn n_is_ratio(a: &[Value]) -> Res {
    ar(a, 1, "ratio?")?;
    b(num::is_ratio(a[0]))
}
fn n_is_rational(a: &[Value]) -> Res {
    ar(a, 1, "rational?")?;
    b(num::is_integer(a[0]) || num::is_ratio(a[0]) || num::is_decimal(a[0]))
}
fn n_is_decimal(a: &[Value]) -> Res {
    ar(a, 1, "decimal?")?;
    b(num::is_decimal(a[0]))
}
fn n_is_nat_int(a: &[Value]) -> Res {
    ar(a, 1, "nat-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n >= 0))
}
fn n_is_pos_int(a: &[Value]) -> Res {
    ar(a, 1, "pos-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n > 0))
}
fn n_is_neg_int(a: &[Value]) -> Res {
    ar(a, 1, "neg-int?")?;
    b(num::as_long(a[0]).is_some_and(|n| n < 0))
}
fn n_is_nan(a: &[Value]) -> Res {
    ar(a, 1, "NaN?")?;
    b(num::to_double(a[0])?.is_nan())
}
fn n_is_infinite(a: &[Value]) -> Res {
    ar(a, 1, "infinite?")?;
    b(num::to_double(a[0])?.is_infinite())
}
fn n_num(a: &[Value]) -> Res {
    ar(a, 1, "num")?;
    check_number(a[0])
}
fn n_long(a: &[Value]) -> Res {
    ar(a, 1, "long")?;
    num::to_long(a[0]).map(num::long)
}
fn n_int(a: &[Value]) -> Res {
    ar(a, 1, "int")?;
    let n = num::to_long(a[0])?;
    if n < i32::MIN as i64 || n > i32::MAX as i64 {
        return Err(error::illegal_arg(&format!(
            "Value out of range for int: {n}"
        )));
    }
    Ok(num::long(n))
}
fn n_double(a: &[Value]) -> Res {
    ar(a, 1, "double")?;
    num::to_double(a[0]).map(num::double)
}
fn n_bigint(a: &[Value]) -> Res {
    ar(a, 1, "bigint")?;
    num::to_bigint(a[0])
}
fn n_bigdec(a: &[Value]) -> Res {
    ar(a, 1, "bigdec")?;
    num::to_bigdec(a[0])
}
fn n_numerator(a: &[Value]) -> Res {
    ar(a, 1, "numerator")?;
    num::numerator(a[0])
}
fn n_denominator(a: &[Value]) -> Res {
    ar(a, 1, "denominator")?;
    num::denominator(a[0])
}
fn bitfold(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> Res {
    ar_min(a, 2, name)?;
    let mut acc = num::bit_operand(a[0])?;
    for x in &a[1..] {
        acc = f(acc, num::bit_operand(*x)?);
    }
    Ok(num::long(acc))
}
fn n_bit_and(a: &[Value]) -> Res {
    bitfold(a, "bit-and", |x, y| x & y)
}
fn n_bit_or(a: &[Value]) -> Res {
    bitfold(a, "bit-or", |x, y| x | y)
}
fn n_bit_xor(a: &[Value]) -> Res {
    bitfold(a, "bit-xor", |x, y| x ^ y)
}
fn n_bit_and_not(a: &[Value]) -> Res {
    bitfold(a, "bit-and-not", |x, y| x & !y)
}
fn n_bit_not(a: &[Value]) -> Res {
    ar(a, 1, "bit-not")?;
    Ok(num::long(!num::bit_operand(a[0])?))
}
fn bit2(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> Res {
    ar(a, 2, name)?;
    Ok(num::long(f(
        num::bit_operand(a[0])?,
        num::bit_operand(a[1])?,
    )))
}
fn n_shl(a: &[Value]) -> Res {
    bit2(a, "bit-shift-left", |x, n| x.wrapping_shl((n & 63) as u32))
}
fn n_shr(a: &[Value]) -> Res {
    bit2(a, "bit-shift-right", |x, n| x.wrapping_shr((n & 63) as u32))
}
fn n_ushr(a: &[Value]) -> Res {
    bit2(a, "unsigned-bit-shift-right", |x, n| {
        ((x as u64) >> (n & 63)) as i64
    })
}
fn n_bit_test(a: &[Value]) -> Res {
    ar(a, 2, "bit-test")?;
    b(num::bit_operand(a[0])? & (1i64.wrapping_shl((num::bit_operand(a[1])? & 63) as u32)) != 0)
}
fn n_bit_set(a: &[Value]) -> Res {
    bit2(a, "bit-set", |x, n| x | 1i64.wrapping_shl((n & 63) as u32))
}
fn n_bit_clear(a: &[Value]) -> Res {
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
fn next_random() -> f64 {
    RNG.with(|r| {
        let mut x = r.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.set(x);
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    })
}
fn n_rand(a: &[Value]) -> Res {
    ar_range(a, 0, 1, "rand")?;
    let r = next_random();
    if a.is_empty() {
        Ok(num::double(r))
    } else {
        Ok(num::double(r * num::to_double(a[0])?))
    }
}
fn n_rand_int(a: &[Value]) -> Res {
    ar(a, 1, "rand-int")?;
    let n = num::to_double(a[0])?;
    Ok(num::long((next_random() * n) as i64))
}
fn n_parse_long(a: &[Value]) -> Res {
    ar(a, 1, "parse-long")?;
    let s = string::as_str(a[0]).ok_or_else(|| {
        error::illegal_arg(&format!(
            "Expected string, got {}",
            error::class_name_of(a[0])
        ))
    })?;
    Ok(num::parse_long(s).map(num::long).unwrap_or(Value::NIL))
}
fn n_parse_double(a: &[Value]) -> Res {
    ar(a, 1, "parse-double")?;
    let s = string::as_str(a[0]).ok_or_else(|| {
        error::illegal_arg(&format!(
            "Expected string, got {}",
            error::class_name_of(a[0])
        ))
    })?;
    Ok(num::parse_double(s).map(num::double).unwrap_or(Value::NIL))
}
fn n_compare(a: &[Value]) -> Res {
    ar(a, 2, "compare")?;
    equiv::compare(a[0], a[1]).map(|c| num::long(c as i64))
}

// ---------------------------------------------------------------------------
// Identity, equality, predicates

fn n_equiv(a: &[Value]) -> Res {
    ar_min(a, 1, "=")?;
    for w in a.windows(2) {
        if !equiv::equiv(w[0], w[1])? {
            return b(false);
        }
    }
    b(true)
}
fn n_not_equiv(a: &[Value]) -> Res {
    ar_min(a, 1, "not=")?;
    let r = n_equiv(a)?;
    b(!r.truthy())
}
fn n_identical(a: &[Value]) -> Res {
    ar(a, 2, "identical?")?;
    b(a[0] == a[1])
}
fn n_hash(a: &[Value]) -> Res {
    ar(a, 1, "hash")?;
    equiv::hash(a[0]).map(|h| num::long(h as i64))
}
fn n_not(a: &[Value]) -> Res {
    ar(a, 1, "not")?;
    b(!a[0].truthy())
}
fn n_identity(a: &[Value]) -> Res {
    ar(a, 1, "identity")?;
    Ok(dupd(a[0]))
}
fn n_boolean(a: &[Value]) -> Res {
    ar(a, 1, "boolean")?;
    b(a[0].truthy())
}

macro_rules! predicate {
    ($fn_name:ident, $clj:literal, |$x:ident| $test:expr) => {
        fn $fn_name(a: &[Value]) -> Res {
            ar(a, 1, $clj)?;
            let $x = a[0];
            b($test)
        }
    };
}

predicate!(p_nil, "nil?", |x| x.is_nil());
predicate!(p_some, "some?", |x| !x.is_nil());
predicate!(p_true, "true?", |x| x == Value::TRUE);
predicate!(p_false, "false?", |x| x == Value::FALSE);
predicate!(p_boolean, "boolean?", |x| x == Value::TRUE
    || x == Value::FALSE);
predicate!(p_string, "string?", |x| string::is_string(x));
predicate!(p_char, "char?", |x| x.is_char());
predicate!(p_keyword, "keyword?", |x| string::is_keyword(x));
predicate!(p_symbol, "symbol?", |x| string::is_symbol(x));
predicate!(p_ident, "ident?", |x| string::is_keyword(x)
    || string::is_symbol(x));
predicate!(p_simple_keyword, "simple-keyword?", |x| string::is_keyword(
    x
)
    && string::name_parts(x).0.is_none());
predicate!(
    p_qualified_keyword,
    "qualified-keyword?",
    |x| string::is_keyword(x) && string::name_parts(x).0.is_some()
);
predicate!(p_simple_symbol, "simple-symbol?", |x| string::is_symbol(x)
    && string::name_parts(x).0.is_none());
predicate!(
    p_qualified_symbol,
    "qualified-symbol?",
    |x| string::is_symbol(x) && string::name_parts(x).0.is_some()
);
predicate!(p_fn, "fn?", |x| callable::is_fn(x));
predicate!(p_ifn, "ifn?", |x| callable::is_fn(x)
    || matches!(
        tag_of(x),
        Some(
            Tag::Keyword
                | Tag::Symbol
                | Tag::Map
                | Tag::Set
                | Tag::Vector
                | Tag::MapEntry
                | Tag::Var
        )
    ));
predicate!(p_coll, "coll?", |x| seq::is_seq(x)
    || matches!(
        tag_of(x),
        Some(Tag::Vector | Tag::Map | Tag::Set | Tag::MapEntry)
    ));
predicate!(p_seq, "seq?", |x| seq::is_seq(x));
predicate!(p_seqable, "seqable?", |x| seq::is_seqable(x));
predicate!(p_vector, "vector?", |x| matches!(
    tag_of(x),
    Some(Tag::Vector | Tag::MapEntry)
));
predicate!(p_map, "map?", |x| coll::is_map(x));
predicate!(p_set, "set?", |x| coll::is_set(x));
predicate!(p_list, "list?", |x| coll::is_list(x));
predicate!(p_sequential, "sequential?", |x| seq::is_sequential(x));
predicate!(p_associative, "associative?", |x| matches!(
    tag_of(x),
    Some(Tag::Vector | Tag::Map | Tag::MapEntry)
));
predicate!(p_counted, "counted?", |x| match tag_of(x) {
    Some(Tag::Vector | Tag::Map | Tag::Set | Tag::List | Tag::EmptyList | Tag::MapEntry) => true,
    Some(Tag::Range) => seq::range_is_counted(x),
    _ => false,
});
predicate!(p_map_entry, "map-entry?", |x| has_tag(x, Tag::MapEntry));
predicate!(p_var, "var?", |x| ns::is_var(x));
predicate!(p_reduced, "reduced?", |x| atom::is_reduced(x));
predicate!(p_delay, "delay?", |x| has_tag(x, Tag::Delay));
predicate!(p_regex, "regex?", |x| crate::regex::is_regex(x));
predicate!(p_volatile, "volatile?", |x| has_tag(x, Tag::Volatile));
predicate!(p_any, "any?", |_x| true);
predicate!(p_inst, "inst?", |_x| false);
predicate!(p_uuid, "uuid?", |_x| false);

fn n_realized(a: &[Value]) -> Res {
    ar(a, 1, "realized?")?;
    atom::is_realized(a[0]).map(Value::bool)
}

// ---------------------------------------------------------------------------
// Seqs and collections

fn n_seq(a: &[Value]) -> Res {
    ar(a, 1, "seq")?;
    seq::seq(a[0])
}
fn n_first(a: &[Value]) -> Res {
    ar(a, 1, "first")?;
    seq::first(a[0])
}
fn n_rest(a: &[Value]) -> Res {
    ar(a, 1, "rest")?;
    seq::rest(a[0])
}
fn n_next(a: &[Value]) -> Res {
    ar(a, 1, "next")?;
    seq::next(a[0])
}
fn n_cons(a: &[Value]) -> Res {
    ar(a, 2, "cons")?;
    if !a[1].is_nil() && !seq::is_seqable(a[1]) {
        return Err(error::illegal_arg(&format!(
            "Don't know how to create ISeq from: {}",
            error::class_name_of(a[1])
        )));
    }
    Ok(coll::cons(dupd(a[0]), dupd(a[1])))
}
fn n_count(a: &mut [Value]) -> Res {
    ar(a, 1, "count")?;
    crate::prim::count(take(a, 0))
}
fn n_nth(a: &mut [Value]) -> Res {
    ar_range(a, 2, 3, "nth")?;
    let coll = take(a, 0);
    if a.len() == 2 {
        coll::nth_owned(coll, a[1])
    } else {
        coll::nth_or_owned(coll, a[1], a[2])
    }
}
fn n_get(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "get")?;
    coll::get_or(a[0], a[1], a.get(2).copied().unwrap_or(Value::NIL))
}
fn n_conj(a: &mut [Value]) -> Res {
    match a.len() {
        0 => Ok(coll::make_vector(&[])),
        1 => Ok(take(a, 0)),
        _ => {
            let mut acc = coll::conj(take(a, 0), a[1])?;
            for x in &a[2..] {
                acc = coll::conj(acc, *x)?;
            }
            Ok(acc)
        }
    }
}
fn n_assoc(a: &mut [Value]) -> Res {
    ar_min(a, 3, "assoc")?;
    if (a.len() - 1) & 1 != 0 {
        return Err(error::illegal_arg(
            "assoc expects even number of arguments after map/vector, found odd number",
        ));
    }
    let mut acc = take(a, 0);
    for kv in a[1..].chunks(2) {
        acc = coll::assoc(acc, kv[0], kv[1])?;
    }
    Ok(acc)
}
fn n_dissoc(a: &mut [Value]) -> Res {
    ar_min(a, 1, "dissoc")?;
    let mut acc = take(a, 0);
    for k in &a[1..] {
        acc = coll::dissoc(acc, *k)?;
    }
    Ok(acc)
}
fn n_disj(a: &mut [Value]) -> Res {
    ar_min(a, 1, "disj")?;
    let mut acc = take(a, 0);
    for k in &a[1..] {
        acc = coll::disj(acc, *k)?;
    }
    Ok(acc)
}
fn n_contains(a: &[Value]) -> Res {
    ar(a, 2, "contains?")?;
    coll::contains(a[0], a[1]).map(Value::bool)
}
fn n_keys(a: &[Value]) -> Res {
    ar(a, 1, "keys")?;
    coll::keys(a[0])
}
fn n_vals(a: &[Value]) -> Res {
    ar(a, 1, "vals")?;
    coll::vals(a[0])
}
fn entry_part(a: &[Value], name: &str, i: usize) -> Res {
    ar(a, 1, name)?;
    match tag_of(a[0]) {
        Some(Tag::MapEntry) => Ok(dupd(coll::vector_items(a[0])[i])),
        _ => Err(cast_error(a[0], "java.util.Map$Entry")),
    }
}
fn n_key(a: &[Value]) -> Res {
    entry_part(a, "key", 0)
}
fn n_val(a: &[Value]) -> Res {
    entry_part(a, "val", 1)
}
fn n_empty(a: &[Value]) -> Res {
    ar(a, 1, "empty")?;
    coll::empty(a[0])
}
fn n_not_empty(a: &[Value]) -> Res {
    ar(a, 1, "not-empty")?;
    let s = seq::seq(a[0])?;
    let empty = s.is_nil();
    heap::drop(s);
    Ok(if empty { Value::NIL } else { dupd(a[0]) })
}
fn n_peek(a: &[Value]) -> Res {
    ar(a, 1, "peek")?;
    coll::peek(a[0])
}
fn n_pop(a: &[Value]) -> Res {
    ar(a, 1, "pop")?;
    coll::pop(dupd(a[0]))
}
fn n_find(a: &[Value]) -> Res {
    ar(a, 2, "find")?;
    coll::find(a[0], a[1])
}
fn n_subvec(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "subvec")?;
    let start = long_arg(a[1])?;
    let end = match a.get(2) {
        Some(e) => long_arg(*e)?,
        None if coll::is_vector(a[0]) => coll::vector_len(a[0]) as i64,
        None => return Err(cast_error(a[0], "clojure.lang.IPersistentVector")),
    };
    coll::subvec(a[0], start, end)
}
fn dup_slice(a: &[Value]) -> Vec<Value> {
    a.iter().map(|x| dupd(*x)).collect()
}
fn n_vector(a: &[Value]) -> Res {
    Ok(coll::make_vector(&dup_slice(a)))
}
fn n_vec(a: &mut [Value]) -> Res {
    ar(a, 1, "vec")?;
    coll::vec_owned(take(a, 0))
}
fn n_hash_map(a: &[Value]) -> Res {
    if a.len() & 1 != 0 {
        return Err(error::illegal_arg(&format!(
            "No value supplied for key: {}",
            print::pr_str(a[a.len() - 1])
        )));
    }
    coll::map_from_kvs(&dup_slice(a))
}
fn n_hash_set(a: &[Value]) -> Res {
    coll::set_from(&dup_slice(a))
}
fn n_set(a: &mut [Value]) -> Res {
    ar(a, 1, "set")?;
    let c = take(a, 0);
    if coll::is_set(c) {
        return Ok(c);
    }
    let items = seq::to_vec_owned(c)?;
    coll::set_from(&items)
}
fn n_list(a: &[Value]) -> Res {
    Ok(coll::list_from(&dup_slice(a)))
}
fn n_list_star(a: &[Value]) -> Res {
    ar_min(a, 1, "list*")?;
    let (last, init) = a.split_last().expect("at least one arg");
    let mut s = seq::seq(*last)?;
    for x in init.iter().rev() {
        s = coll::cons(dupd(*x), s);
    }
    Ok(s)
}
fn n_reverse(a: &mut [Value]) -> Res {
    ar(a, 1, "reverse")?;
    let mut l = coll::empty_list();
    let mut it = SeqIter::new_owned(take(a, 0))?;
    while let Some(x) = it.next_item().inspect_err(|_| heap::drop(l))? {
        l = coll::list_cell(x, l);
    }
    Ok(l)
}
fn n_range(a: &[Value]) -> Res {
    ar_range(a, 0, 3, "range")?;
    let one = Value::fixnum(1);
    let zero = Value::fixnum(0);
    match a.len() {
        0 => seq::make_range(zero, Value::NIL, one),
        1 => seq::make_range(zero, a[0], one),
        2 => seq::make_range(a[0], a[1], one),
        _ => seq::make_range(a[0], a[1], a[2]),
    }
}
fn n_make_lazy_seq(a: &[Value]) -> Res {
    ar(a, 1, "%make-lazy-seq")?;
    Ok(seq::make_lazy_seq(dupd(a[0])))
}
fn n_into(a: &mut [Value]) -> Res {
    ar_range(a, 0, 2, "into")?;
    match a.len() {
        0 => Ok(coll::make_vector(&[])),
        1 => Ok(take(a, 0)),
        _ => coll::into_owned(take(a, 0), take(a, 1)),
    }
}
fn n_reduced(a: &[Value]) -> Res {
    ar(a, 1, "reduced")?;
    Ok(atom::make_reduced(dupd(a[0])))
}
fn n_unreduced(a: &[Value]) -> Res {
    ar(a, 1, "unreduced")?;
    Ok(if atom::is_reduced(a[0]) {
        dupd(atom::reduced_value(a[0]))
    } else {
        dupd(a[0])
    })
}
fn n_ensure_reduced(a: &[Value]) -> Res {
    ar(a, 1, "ensure-reduced")?;
    Ok(if atom::is_reduced(a[0]) {
        dupd(a[0])
    } else {
        atom::make_reduced(dupd(a[0]))
    })
}
fn n_deref(a: &[Value]) -> Res {
    ar_range(a, 1, 3, "deref")?;
    atom::deref(a[0])
}

/// `(reduce f coll)` / `(reduce f init coll)`, honouring `reduced`. Consumes
/// `coll` (walked releasing each cell) and `init`; `f` gets the accumulator
/// owned, so an unshared accumulator is updated in place.
fn n_reduce(a: &mut [Value]) -> Res {
    ar_range(a, 2, 3, "reduce")?;
    let f = a[0];
    let coll = take(a, a.len() - 1);
    let mut it = SeqIter::new_owned(coll)?;
    let mut acc = if a.len() == 3 {
        take(a, 1)
    } else {
        match it.next_item()? {
            Some(x) => x,
            None => return callable::invoke(f, &[]),
        }
    };
    loop {
        let x = match it.next_item() {
            Ok(Some(x)) => x,
            Ok(None) => return Ok(acc),
            Err(e) => {
                heap::drop(acc);
                return Err(e);
            }
        };
        acc = callable::invoke_owned(f, &mut [acc, x])?;
        if atom::is_reduced(acc) {
            let v = dupd(atom::reduced_value(acc));
            heap::drop(acc);
            return Ok(v);
        }
    }
}

/// `(apply f a b ... coll)`: consumes `coll`.
fn n_apply(a: &mut [Value]) -> Res {
    ar_min(a, 2, "apply")?;
    let n = a.len();
    let rest = take(a, n - 1);
    callable::apply_to(a[0], &a[1..n - 1], rest)
}

// ---------------------------------------------------------------------------
// Strings, symbols, keywords

fn n_str(a: &[Value]) -> Res {
    let mut out = String::new();
    for x in a {
        print::str_into(&mut out, *x)?;
    }
    Ok(make_str(&out))
}

/// Char index -> byte offset in `s` (`None` past the end).
fn char_to_byte(s: &str, i: usize) -> Option<usize> {
    if i == 0 {
        return Some(0);
    }
    s.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()))
        .nth(i)
}

fn n_subs(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "subs")?;
    let s = str_arg(a[0])?;
    let start = long_arg(a[1])?;
    let len = s.chars().count() as i64;
    let end = match a.get(2) {
        Some(e) => long_arg(*e)?,
        None => len,
    };
    if start < 0 || end > len || start > end {
        return Err(error::throw(
            "StringIndexOutOfBoundsException",
            &format!("begin {start}, end {end}, length {len}"),
        ));
    }
    let bs = char_to_byte(s, start as usize).unwrap_or(s.len());
    let be = char_to_byte(s, end as usize).unwrap_or(s.len());
    Ok(make_str(&s[bs..be]))
}
fn n_name(a: &[Value]) -> Res {
    ar(a, 1, "name")?;
    let x = a[0];
    if string::is_string(x) {
        return Ok(dupd(x));
    }
    if string::is_keyword(x) || string::is_symbol(x) {
        return Ok(make_str(string::name_parts(x).1));
    }
    Err(cast_error(x, "clojure.lang.Named"))
}
fn n_namespace(a: &[Value]) -> Res {
    ar(a, 1, "namespace")?;
    let x = a[0];
    if string::is_keyword(x) || string::is_symbol(x) {
        return Ok(string::name_parts(x).0.map(make_str).unwrap_or(Value::NIL));
    }
    Err(cast_error(x, "clojure.lang.Named"))
}
fn n_symbol(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "symbol")?;
    if a.len() == 2 {
        let ns = if a[0].is_nil() {
            None
        } else {
            Some(str_arg(a[0])?)
        };
        return Ok(string::symbol(ns, str_arg(a[1])?));
    }
    let x = a[0];
    if string::is_symbol(x) {
        return Ok(dupd(x));
    }
    if let Some(s) = string::as_str(x) {
        return Ok(string::symbol_from(s));
    }
    if string::is_keyword(x) {
        let (ns, n) = string::name_parts(x);
        return Ok(string::symbol(ns, n));
    }
    if ns::is_var(x) {
        let (ns, n) = ns::var_name(x);
        return Ok(string::symbol(Some(&ns), &n));
    }
    Err(error::illegal_arg("no conversion to symbol"))
}
fn n_keyword(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "keyword")?;
    if a.len() == 2 {
        let ns = if a[0].is_nil() {
            None
        } else {
            Some(str_arg(a[0])?)
        };
        return Ok(string::keyword(ns, str_arg(a[1])?));
    }
    let x = a[0];
    if string::is_keyword(x) {
        return Ok(x);
    }
    if let Some(s) = string::as_str(x) {
        return Ok(string::keyword_from(s));
    }
    if string::is_symbol(x) {
        let (ns, n) = string::name_parts(x);
        return Ok(string::keyword(ns, n));
    }
    Ok(Value::NIL)
}

static GENSYM: AtomicU64 = AtomicU64::new(1000);

/// The next number for gensyms and generated names (Clojure's `RT.nextID`).
pub fn next_id() -> u64 {
    GENSYM.fetch_add(1, Ordering::Relaxed)
}

fn n_gensym(a: &[Value]) -> Res {
    ar_range(a, 0, 1, "gensym")?;
    let prefix = match a.first() {
        Some(p) => print::str_of_value(*p)?,
        None => "G__".to_string(),
    };
    Ok(string::symbol(None, &format!("{prefix}{}", next_id())))
}
fn n_char(a: &[Value]) -> Res {
    ar(a, 1, "char")?;
    if a[0].is_char() {
        return Ok(a[0]);
    }
    let n = long_arg(a[0])?;
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .map(Value::char)
        .ok_or_else(|| error::illegal_arg(&format!("Value out of range for char: {n}")))
}

/// `format`: Java's `String.format` for the common conversions: `%s %d %f
/// %e %x %X %o %c %b %n %%`, with flags `-0+, ` width and precision.
fn n_format(a: &[Value]) -> Res {
    ar_min(a, 1, "format")?;
    let fmt = str_arg(a[0])?;
    let mut args = a[1..].iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "-0+ ,#".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(conv) = chars.next() else {
            return Err(error::throw(
                "UnknownFormatConversionException",
                "Conversion = '%'",
            ));
        };
        let body = match conv {
            '%' => "%".to_string(),
            'n' => "\n".to_string(),
            _ => {
                let Some(&arg) = args.next() else {
                    return Err(error::throw(
                        "MissingFormatArgumentException",
                        &format!("Format specifier '%{conv}'"),
                    ));
                };
                format_one(conv, arg, &flags, precision)?
            }
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = body.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && !matches!(conv, 's' | 'c' | 'b') {
                let (sign, digits) = match body.strip_prefix('-') {
                    Some(d) => ("-", d),
                    None => ("", body.as_str()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    Ok(make_str(&out))
}

fn group_thousands(digits: &str) -> String {
    let (sign, d) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    let (int, frac) = match d.find('.') {
        Some(i) => (&d[..i], &d[i..]),
        None => (d, ""),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

fn format_one(conv: char, arg: Value, flags: &str, precision: Option<usize>) -> Res<String> {
    let mismatch = || {
        error::throw(
            "IllegalFormatConversionException",
            &format!("{conv} != {}", error::class_name_of(arg)),
        )
    };
    let sign = |s: String, neg: bool| {
        if !neg && flags.contains('+') {
            format!("+{s}")
        } else if !neg && flags.contains(' ') {
            format!(" {s}")
        } else {
            s
        }
    };
    Ok(match conv {
        's' | 'S' => {
            let s = if arg.is_nil() {
                "null".to_string()
            } else {
                print::str_of_value(arg)?
            };
            let s = match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            if conv == 'S' {
                s.to_uppercase()
            } else {
                s
            }
        }
        'd' => {
            if !num::is_integer(arg) {
                return Err(mismatch());
            }
            let s = num::str_num(arg);
            let neg = s.starts_with('-');
            let s = if flags.contains(',') {
                group_thousands(&s)
            } else {
                s
            };
            sign(s, neg)
        }
        'x' | 'X' | 'o' => {
            let Some(n) = num::as_long(arg) else {
                if num::is_integer(arg) {
                    let b = num::bigint_ref(arg);
                    let s = if conv == 'o' {
                        b.to_str_radix(8)
                    } else {
                        b.to_str_radix(16)
                    };
                    return Ok(if conv == 'X' { s.to_uppercase() } else { s });
                }
                return Err(mismatch());
            };
            match conv {
                'x' => format!("{n:x}"),
                'X' => format!("{n:X}"),
                _ => format!("{n:o}"),
            }
        }
        'f' | 'e' | 'E' | 'g' => {
            if !(num::is_double(arg) || num::is_decimal(arg)) {
                return Err(mismatch());
            }
            let f = num::to_double(arg)?;
            let p = precision.unwrap_or(6);
            if f.is_nan() {
                "NaN".to_string()
            } else if f.is_infinite() {
                sign(
                    if f > 0.0 {
                        "Infinity".into()
                    } else {
                        "-Infinity".into()
                    },
                    f < 0.0,
                )
            } else {
                let s = match conv {
                    'f' => format!("{f:.p$}"),
                    'g' => format!("{f:.p$}"),
                    _ => {
                        let s = format!("{f:.p$e}");
                        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                        let e: i32 = e.parse().unwrap_or(0);
                        let t = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                        if conv == 'E' {
                            t.to_uppercase()
                        } else {
                            t
                        }
                    }
                };
                let s = if flags.contains(',') && conv == 'f' {
                    group_thousands(&s)
                } else {
                    s
                };
                sign(s, f < 0.0)
            }
        }
        'c' => match arg.as_char() {
            Some(c) => c.to_string(),
            None => match num::as_long(arg)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(c) => c.to_string(),
                None => return Err(mismatch()),
            },
        },
        'b' | 'B' => {
            let s = if arg.is_nil() {
                "false".to_string()
            } else if arg == Value::FALSE || arg == Value::TRUE {
                (arg == Value::TRUE).to_string()
            } else {
                "true".to_string()
            };
            if conv == 'B' {
                s.to_uppercase()
            } else {
                s
            }
        }
        other => {
            return Err(error::throw(
                "UnknownFormatConversionException",
                &format!("Conversion = '{other}'"),
            ))
        }
    })
}

// ---------------------------------------------------------------------------
// Printing

fn print_args(a: &[Value], readably: bool) -> Res<String> {
    let mut out = String::new();
    for (i, x) in a.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print::pr_into(&mut out, *x, readably)?;
    }
    Ok(out)
}
fn n_pr(a: &[Value]) -> Res {
    print::write_out(&print_args(a, true)?);
    Ok(Value::NIL)
}
fn n_prn(a: &[Value]) -> Res {
    let mut s = print_args(a, true)?;
    s.push('\n');
    print::write_out(&s);
    Ok(Value::NIL)
}
fn n_print(a: &[Value]) -> Res {
    print::write_out(&print_args(a, false)?);
    Ok(Value::NIL)
}
fn n_println(a: &[Value]) -> Res {
    let mut s = print_args(a, false)?;
    s.push('\n');
    print::write_out(&s);
    Ok(Value::NIL)
}
fn n_pr_str(a: &[Value]) -> Res {
    Ok(make_str(&print_args(a, true)?))
}
fn n_prn_str(a: &[Value]) -> Res {
    let mut s = print_args(a, true)?;
    s.push('\n');
    Ok(make_str(&s))
}
fn n_print_str(a: &[Value]) -> Res {
    Ok(make_str(&print_args(a, false)?))
}
fn n_println_str(a: &[Value]) -> Res {
    let mut s = print_args(a, false)?;
    s.push('\n');
    Ok(make_str(&s))
}
fn n_newline(a: &[Value]) -> Res {
    ar(a, 0, "newline")?;
    print::write_out("\n");
    Ok(Value::NIL)
}
fn n_flush(a: &[Value]) -> Res {
    ar(a, 0, "flush")?;
    print::flush_out();
    Ok(Value::NIL)
}
fn n_push_out(a: &[Value]) -> Res {
    ar(a, 0, "%push-out")?;
    print::push_out();
    Ok(Value::NIL)
}
fn n_pop_out(a: &[Value]) -> Res {
    ar(a, 0, "%pop-out")?;
    Ok(make_str(&print::pop_out()))
}

// ---------------------------------------------------------------------------
// Metadata

fn n_meta(a: &[Value]) -> Res {
    ar(a, 1, "meta")?;
    Ok(coll::meta(a[0]))
}
fn n_with_meta(a: &[Value]) -> Res {
    ar(a, 2, "with-meta")?;
    coll::with_meta(dupd(a[0]), a[1])
}
fn n_vary_meta(a: &[Value]) -> Res {
    ar_min(a, 2, "vary-meta")?;
    let m = coll::meta(a[0]);
    let mut args = vec![m];
    args.extend_from_slice(&a[2..]);
    let nm = callable::invoke(a[1], &args);
    heap::drop(m);
    let nm = nm?;
    let r = coll::with_meta(dupd(a[0]), nm);
    heap::drop(nm);
    r
}

// ---------------------------------------------------------------------------
// Atoms, volatiles, delays

fn n_atom(a: &[Value]) -> Res {
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
fn n_reset(a: &[Value]) -> Res {
    ar(a, 2, "reset!")?;
    atom::reset(a[0], a[1])
}
fn n_reset_vals(a: &[Value]) -> Res {
    ar(a, 2, "reset-vals!")?;
    atom::reset_vals(a[0], a[1])
}
fn n_swap(a: &[Value]) -> Res {
    ar_min(a, 2, "swap!")?;
    atom::swap(a[0], a[1], &a[2..])
}
fn n_swap_vals(a: &[Value]) -> Res {
    ar_min(a, 2, "swap-vals!")?;
    atom::swap_vals(a[0], a[1], &a[2..])
}
fn n_cas(a: &[Value]) -> Res {
    ar(a, 3, "compare-and-set!")?;
    atom::compare_and_set(a[0], a[1], a[2]).map(Value::bool)
}
fn n_add_watch(a: &[Value]) -> Res {
    ar(a, 3, "add-watch")?;
    atom::add_watch(a[0], a[1], a[2])
}
fn n_remove_watch(a: &[Value]) -> Res {
    ar(a, 2, "remove-watch")?;
    atom::remove_watch(a[0], a[1])
}
fn n_set_validator(a: &[Value]) -> Res {
    ar(a, 2, "set-validator!")?;
    atom::set_validator(a[0], a[1])
}
fn n_get_validator(a: &[Value]) -> Res {
    ar(a, 1, "get-validator")?;
    atom::get_validator(a[0])
}
fn n_volatile(a: &[Value]) -> Res {
    ar(a, 1, "volatile!")?;
    Ok(atom::make_volatile(dupd(a[0])))
}
fn n_vreset(a: &[Value]) -> Res {
    ar(a, 2, "vreset!")?;
    atom::vreset(a[0], a[1])
}
fn n_vswap(a: &[Value]) -> Res {
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
fn n_make_delay(a: &[Value]) -> Res {
    ar(a, 1, "%make-delay")?;
    Ok(atom::make_delay(dupd(a[0])))
}
fn n_force(a: &[Value]) -> Res {
    ar(a, 1, "force")?;
    atom::force(a[0])
}

// ---------------------------------------------------------------------------
// Vars and namespaces

/// A namespace argument: a namespace object or a symbol naming one.
fn ns_arg(v: Value) -> Res<String> {
    if ns::is_namespace(v) {
        return Ok(ns::ns_object_name(v).to_string());
    }
    if string::is_symbol(v) {
        let name = string::full_name(v);
        if ns::find_ns(&name).is_none() {
            return Err(error::throw(
                "Exception",
                &format!("No namespace: {name} found"),
            ));
        }
        return Ok(name);
    }
    Err(cast_error(v, "clojure.lang.Symbol"))
}
fn sym_arg(v: Value) -> Res<String> {
    if string::is_symbol(v) {
        Ok(string::full_name(v))
    } else {
        Err(cast_error(v, "clojure.lang.Symbol"))
    }
}
fn n_in_ns(a: &[Value]) -> Res {
    ar(a, 1, "in-ns")?;
    let name = sym_arg(a[0])?;
    // As on the JVM, a new namespace is bare: nothing referred (the `ns`
    // macro refers clojure.core; `clojure.core/in-ns` still works).
    let ns_obj = ns::create_ns(&name);
    ns::set_current_ns(&name);
    Ok(ns_obj)
}
fn n_find_ns(a: &[Value]) -> Res {
    ar(a, 1, "find-ns")?;
    Ok(ns::find_ns(&sym_arg(a[0])?).unwrap_or(Value::NIL))
}
fn n_create_ns(a: &[Value]) -> Res {
    ar(a, 1, "create-ns")?;
    Ok(ns::create_ns(&sym_arg(a[0])?))
}
fn n_the_ns(a: &[Value]) -> Res {
    ar(a, 1, "the-ns")?;
    let name = ns_arg(a[0])?;
    Ok(ns::create_ns(&name))
}
fn n_ns_name(a: &[Value]) -> Res {
    ar(a, 1, "ns-name")?;
    Ok(string::symbol(None, &ns_arg(a[0])?))
}
fn n_all_ns(a: &[Value]) -> Res {
    ar(a, 0, "all-ns")?;
    let items: Vec<Value> = ns::all_ns().iter().map(|n| ns::create_ns(n)).collect();
    Ok(coll::list_from(&items))
}
fn resolve_in(current: &str, s: Value) -> Res {
    let name = sym_arg(s)?;
    let (nsn, n) = string::split_name(&name);
    Ok(ns::resolve_var(current, nsn, n).unwrap_or(Value::NIL))
}
fn n_resolve(a: &[Value]) -> Res {
    ar(a, 1, "resolve")?;
    resolve_in(&ns::current_ns(), a[0])
}
fn n_ns_resolve(a: &[Value]) -> Res {
    ar(a, 2, "ns-resolve")?;
    resolve_in(&ns_arg(a[0])?, a[1])
}
fn n_find_var(a: &[Value]) -> Res {
    ar(a, 1, "find-var")?;
    let name = sym_arg(a[0])?;
    match string::split_name(&name) {
        (Some(nsn), n) => Ok(ns::find_var(nsn, n).unwrap_or(Value::NIL)),
        (None, _) => Err(error::illegal_arg("Symbol must be namespace-qualified")),
    }
}
fn n_intern(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "intern")?;
    let nsn = ns_arg(a[0])?;
    let name = sym_arg(a[1])?;
    let var = ns::intern(&nsn, &name);
    if let Some(v) = a.get(2) {
        ns::var_set_root(var, dupd(*v));
    }
    Ok(var)
}
fn n_alias(a: &[Value]) -> Res {
    ar(a, 2, "alias")?;
    let alias = sym_arg(a[0])?;
    let target = ns_arg(a[1])?;
    ns::add_alias(&ns::current_ns(), &alias, &target);
    Ok(Value::NIL)
}
fn n_refer(a: &[Value]) -> Res {
    ar_min(a, 1, "refer")?;
    let from = ns_arg(a[0])?;
    let into = ns::current_ns();
    let mut only: Option<Vec<String>> = None;
    let mut exclude: Vec<String> = Vec::new();
    let names = |v: Value| -> Res<Vec<String>> {
        let items = seq::to_vec(v)?;
        let r = items.iter().map(|x| sym_arg(*x)).collect::<Res<Vec<_>>>();
        drop_all(&items);
        r
    };
    for kv in a[1..].chunks(2) {
        let key = if string::is_keyword(kv[0]) {
            string::name_parts(kv[0]).1
        } else {
            ""
        };
        let val = kv.get(1).copied().unwrap_or(Value::NIL);
        match key {
            "only" => only = Some(names(val)?),
            "exclude" => exclude = names(val)?,
            _ => {}
        }
    }
    match only {
        Some(list) => {
            for n in list {
                ns::refer(&from, &n, &into)?;
            }
        }
        None if exclude.is_empty() => ns::refer_all(&from, &into),
        None => {
            for (n, _) in ns::ns_publics(&from) {
                if !exclude.contains(&n) {
                    ns::refer(&from, &n, &into)?;
                }
            }
        }
    }
    Ok(Value::NIL)
}
fn var_arg(v: Value) -> Res<Value> {
    if ns::is_var(v) {
        Ok(v)
    } else {
        Err(cast_error(v, "clojure.lang.Var"))
    }
}
fn n_var_get(a: &[Value]) -> Res {
    ar(a, 1, "var-get")?;
    ns::var_get(var_arg(a[0])?)
}
fn n_var_set(a: &[Value]) -> Res {
    ar(a, 2, "var-set")?;
    ns::var_set_binding(var_arg(a[0])?, dupd(a[1]))?;
    Ok(dupd(a[1]))
}
fn n_alter_var_root(a: &[Value]) -> Res {
    ar_min(a, 2, "alter-var-root")?;
    let var = var_arg(a[0])?;
    let root = ns::var_root(var);
    let cur = if root == Value::UNBOUND {
        Value::NIL
    } else {
        dupd(root)
    };
    let mut args = vec![cur];
    args.extend_from_slice(&a[2..]);
    let r = callable::invoke(a[1], &args);
    heap::drop(cur);
    let v = r?;
    ns::var_set_root(var, dupd(v));
    Ok(v)
}
fn n_push_bindings(a: &[Value]) -> Res {
    ar(a, 1, "push-thread-bindings")?;
    ns::push_thread_bindings(a[0])?;
    Ok(Value::NIL)
}
fn n_pop_bindings(a: &[Value]) -> Res {
    ar(a, 0, "pop-thread-bindings")?;
    ns::pop_thread_bindings()?;
    Ok(Value::NIL)
}
fn n_bound(a: &[Value]) -> Res {
    for v in a {
        if !ns::var_is_bound(var_arg(*v)?) {
            return b(false);
        }
    }
    b(true)
}
fn var_map(entries: Vec<(String, Value)>) -> Res {
    let mut kvs = Vec::with_capacity(entries.len() * 2);
    for (n, v) in entries {
        kvs.push(string::symbol(None, &n));
        kvs.push(v);
    }
    coll::map_from_kvs(&kvs)
}
fn n_ns_publics(a: &[Value]) -> Res {
    ar(a, 1, "ns-publics")?;
    var_map(ns::ns_publics(&ns_arg(a[0])?))
}
fn n_ns_interns(a: &[Value]) -> Res {
    ar(a, 1, "ns-interns")?;
    var_map(ns::ns_interns(&ns_arg(a[0])?))
}
fn n_ns_map(a: &[Value]) -> Res {
    ar(a, 1, "ns-map")?;
    var_map(ns::ns_mappings(&ns_arg(a[0])?))
}
fn n_ns_refers(a: &[Value]) -> Res {
    ar(a, 1, "ns-refers")?;
    let name = ns_arg(a[0])?;
    let own: Vec<String> = ns::ns_interns(&name).into_iter().map(|(n, _)| n).collect();
    var_map(
        ns::ns_mappings(&name)
            .into_iter()
            .filter(|(n, _)| !own.contains(n))
            .collect(),
    )
}
fn n_ns_aliases(a: &[Value]) -> Res {
    ar(a, 1, "ns-aliases")?;
    let mut kvs = Vec::new();
    for (al, t) in ns::aliases(&ns_arg(a[0])?) {
        kvs.push(string::symbol(None, &al));
        kvs.push(ns::create_ns(&t));
    }
    coll::map_from_kvs(&kvs)
}
fn n_ns_unmap(a: &[Value]) -> Res {
    ar(a, 2, "ns-unmap")?;
    ns::unmap(&ns_arg(a[0])?, &sym_arg(a[1])?);
    Ok(Value::NIL)
}

// ---------------------------------------------------------------------------
// Exceptions

fn n_ex_info(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "ex-info")?;
    if !a[0].is_nil() && !string::is_string(a[0]) {
        return Err(cast_error(a[0], "java.lang.String"));
    }
    if !coll::is_map(a[1]) {
        return Err(if a[1].is_nil() {
            error::illegal_arg("Additional data must be non-nil.")
        } else {
            cast_error(a[1], "clojure.lang.IPersistentMap")
        });
    }
    let cause = a.get(2).copied().unwrap_or(Value::NIL);
    Ok(error::ex_info(dupd(a[0]), dupd(a[1]), dupd(cause)))
}
fn n_ex_data(a: &[Value]) -> Res {
    ar(a, 1, "ex-data")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::data_of(a[0]))
    } else {
        Value::NIL
    })
}
fn n_ex_message(a: &[Value]) -> Res {
    ar(a, 1, "ex-message")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::message_of(a[0]))
    } else {
        Value::NIL
    })
}
fn n_ex_cause(a: &[Value]) -> Res {
    ar(a, 1, "ex-cause")?;
    Ok(if error::is_exception(a[0]) {
        dupd(error::cause_of(a[0]))
    } else {
        Value::NIL
    })
}
/// `(%new-exception "Class" msg? cause?)`, and for ExceptionInfo
/// `(%new-exception "ExceptionInfo" msg data cause?)`.
fn n_new_exception(a: &[Value]) -> Res {
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
fn n_exception_is(a: &[Value]) -> Res {
    ar(a, 2, "%exception-is?")?;
    Ok(crate::prim::exception_is(a[0], a[1]))
}
fn n_throwable_map(a: &[Value]) -> Res {
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

// ---------------------------------------------------------------------------
// Regexes

fn n_re_pattern(a: &[Value]) -> Res {
    ar(a, 1, "re-pattern")?;
    if crate::regex::is_regex(a[0]) {
        return Ok(dupd(a[0]));
    }
    crate::regex::make_regex(str_arg(a[0])?)
}
/// The result of a match: the string, or `[whole g1 g2 ...]` with groups.
fn match_value(caps: &regex::Captures) -> Value {
    if caps.len() == 1 {
        return make_str(caps.get(0).map(|m| m.as_str()).unwrap_or(""));
    }
    let items: Vec<Value> = caps
        .iter()
        .map(|m| m.map(|m| make_str(m.as_str())).unwrap_or(Value::NIL))
        .collect();
    coll::make_vector(&items)
}
fn n_re_find(a: &[Value]) -> Res {
    ar(a, 2, "re-find")?;
    let (re, _) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    Ok(re
        .captures(s)
        .map(|c| match_value(&c))
        .unwrap_or(Value::NIL))
}
fn n_re_matches(a: &[Value]) -> Res {
    ar(a, 2, "re-matches")?;
    let (_, whole) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    Ok(whole
        .captures(s)
        .map(|c| match_value(&c))
        .unwrap_or(Value::NIL))
}
fn n_re_seq(a: &[Value]) -> Res {
    ar(a, 2, "re-seq")?;
    let (re, _) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    let items: Vec<Value> = re.captures_iter(s).map(|c| match_value(&c)).collect();
    Ok(if items.is_empty() {
        Value::NIL
    } else {
        coll::list_from(&items)
    })
}

// ---------------------------------------------------------------------------
// Misc

/// The class a value reports for `type`/`class`, as a symbol (nil for nil).
fn n_type(a: &[Value]) -> Res {
    ar(a, 1, "type")?;
    if a[0].is_nil() {
        return Ok(Value::NIL);
    }
    if string::is_keyword(a[0]) || coll::is_map(a[0]) {
        // `type` prefers :type metadata.
        let m = coll::meta(a[0]);
        let t = if coll::is_map(m) {
            coll::map_lookup(m, string::keyword(None, "type"))?
        } else {
            None
        };
        if let Some(t) = t {
            let t = dupd(t);
            heap::drop(m);
            return Ok(t);
        }
        heap::drop(m);
    }
    Ok(string::symbol(None, &error::class_name_of(a[0])))
}
fn n_class(a: &[Value]) -> Res {
    ar(a, 1, "class")?;
    if a[0].is_nil() {
        return Ok(Value::NIL);
    }
    Ok(string::symbol(None, &error::class_name_of(a[0])))
}

/// `(instance? C x)` where C is a class named by a symbol or string.
fn n_instance(a: &[Value]) -> Res {
    ar(a, 2, "instance?")?;
    let class = if string::is_symbol(a[0]) {
        string::full_name(a[0])
    } else if let Some(s) = string::as_str(a[0]) {
        s.to_string()
    } else {
        return Err(cast_error(a[0], "java.lang.Class"));
    };
    b(is_instance(&class, a[1]))
}

pub fn is_instance(class: &str, x: Value) -> bool {
    if x.is_nil() {
        return false;
    }
    let short = class.rsplit('.').next().unwrap_or(class);
    let full = error::class_name_of(x);
    if full == class || full.rsplit('.').next() == Some(short) {
        return true;
    }
    if error::is_exception(x) {
        return error::exception_is(x, short);
    }
    let t = tag_of(x);
    match short {
        "Object" => true,
        "Number" => num::is_number(x),
        "Long" | "Integer" => num::as_long(x).is_some(),
        "Double" | "Float" => num::is_double(x),
        "String" | "CharSequence" => string::is_string(x),
        "Character" => x.is_char(),
        "Boolean" => x == Value::TRUE || x == Value::FALSE,
        "Keyword" => string::is_keyword(x),
        "Symbol" => string::is_symbol(x),
        "Named" => string::is_keyword(x) || string::is_symbol(x),
        "IFn" | "Fn" | "AFn" | "AFunction" => callable::is_fn(x),
        "ISeq" | "ASeq" => seq::is_seq(x),
        "Seqable" => seq::is_seqable(x),
        "Sequential" => seq::is_sequential(x),
        "IPersistentCollection" | "Collection" => {
            seq::is_seq(x) || matches!(t, Some(Tag::Vector | Tag::Map | Tag::Set | Tag::MapEntry))
        }
        "IPersistentVector" | "APersistentVector" | "RandomAccess" | "List" => {
            matches!(t, Some(Tag::Vector | Tag::MapEntry)) || (short == "List" && seq::is_seq(x))
        }
        "IPersistentMap" | "APersistentMap" | "Map" | "Associative" | "ILookup" => {
            coll::is_map(x) || (short == "Associative" && coll::is_vector(x))
        }
        "IPersistentSet" | "APersistentSet" | "Set" => coll::is_set(x),
        "IPersistentList" | "PersistentList" => coll::is_list(x),
        "Counted" => matches!(
            t,
            Some(
                Tag::Vector
                    | Tag::Map
                    | Tag::Set
                    | Tag::List
                    | Tag::EmptyList
                    | Tag::MapEntry
                    | Tag::Range
            )
        ),
        "IDeref" => matches!(
            t,
            Some(Tag::Atom | Tag::Var | Tag::Delay | Tag::Volatile | Tag::Reduced)
        ),
        "IAtom" => t == Some(Tag::Atom),
        "IObj" | "IMeta" => matches!(
            t,
            Some(
                Tag::Symbol
                    | Tag::List
                    | Tag::EmptyList
                    | Tag::Cons
                    | Tag::LazySeq
                    | Tag::Vector
                    | Tag::Map
                    | Tag::Set
                    | Tag::Range
                    | Tag::ArraySeq
            )
        ),
        "Pattern" => crate::regex::is_regex(x),
        "Throwable" | "Exception" => false,
        _ => false,
    }
}

fn n_read_string(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "read-string")?;
    let s = str_arg(a[a.len() - 1])?;
    let mut reader = genera_reader::Reader::new(s, "NO_SOURCE_FILE");
    match reader.next_form() {
        None => Err(error::throw("RuntimeException", "EOF while reading")),
        Some(Err(e)) => Err(error::throw("RuntimeException", &e.message)),
        Some(Ok(form)) => Ok(crate::constant::form_to_value(&form)),
    }
}
fn n_nano_time(a: &[Value]) -> Res {
    ar(a, 0, "%nano-time")?;
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    Ok(num::long(start.elapsed().as_nanos() as i64))
}
fn n_current_time_millis(a: &[Value]) -> Res {
    ar(a, 0, "%current-time-millis")?;
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Ok(num::long(ms))
}

// ---------------------------------------------------------------------------
// clojure.string

fn s_arg<'a>(v: Value) -> Res<&'a str> {
    str_arg(v)
}
fn sn_join(a: &mut [Value]) -> Res {
    ar_range(a, 1, 2, "clojure.string/join")?;
    let (sep, coll) = if a.len() == 2 {
        (print::str_of_value(a[0])?, take(a, 1))
    } else {
        (String::new(), take(a, 0))
    };
    let mut out = String::new();
    let mut it = SeqIter::new_owned(coll)?;
    let mut first = true;
    while let Some(x) = it.next_item()? {
        if !first {
            out.push_str(&sep);
        }
        first = false;
        let r = print::str_into(&mut out, x);
        heap::drop(x);
        r?;
    }
    Ok(make_str(&out))
}
/// Java's `String.split(regex, limit)`: with limit 0, trailing empty
/// strings are removed; a zero-width match at the start gives no leading
/// empty string.
fn split_java(re: &regex::Regex, s: &str, limit: i64) -> Vec<String> {
    let mut parts = Vec::new();
    let mut last = 0;
    for m in re.find_iter(s) {
        if limit > 0 && parts.len() as i64 == limit - 1 {
            break;
        }
        if m.start() == 0 && m.end() == 0 {
            continue;
        }
        if m.end() == 0 {
            continue;
        }
        parts.push(s[last..m.start()].to_string());
        last = m.end();
    }
    parts.push(s[last..].to_string());
    if limit == 0 {
        while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        if parts.len() == 1 && parts[0].is_empty() && !s.is_empty() {
            parts.clear();
        }
    }
    parts
}
fn sn_split(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/split")?;
    let s = s_arg(a[0])?;
    let (re, _) = crate::regex::regex_of(a[1])?;
    let limit = match a.get(2) {
        Some(l) => long_arg(*l)?,
        None => 0,
    };
    let parts: Vec<Value> = split_java(re, s, limit)
        .iter()
        .map(|p| make_str(p))
        .collect();
    Ok(coll::make_vector(&parts))
}
fn sn_split_lines(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/split-lines")?;
    let s = s_arg(a[0])?;
    let re = regex::Regex::new("\r?\n").expect("valid regex");
    let parts: Vec<Value> = split_java(&re, s, 0).iter().map(|p| make_str(p)).collect();
    Ok(coll::make_vector(&parts))
}
fn str_of_arg(v: Value) -> Res<String> {
    if v.is_nil() {
        return Err(error::throw(
            "NullPointerException",
            "Cannot invoke a string function on nil",
        ));
    }
    print::str_of_value(v)
}
fn sn_upper(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/upper-case")?;
    Ok(make_str(&str_of_arg(a[0])?.to_uppercase()))
}
fn sn_lower(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/lower-case")?;
    Ok(make_str(&str_of_arg(a[0])?.to_lowercase()))
}
fn sn_capitalize(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/capitalize")?;
    let s = str_of_arg(a[0])?;
    let mut cs = s.chars();
    let out = match cs.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
        None => String::new(),
    };
    Ok(make_str(&out))
}
fn sn_trim(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trim")?;
    Ok(make_str(s_arg(a[0])?.trim()))
}
fn sn_triml(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/triml")?;
    Ok(make_str(s_arg(a[0])?.trim_start()))
}
fn sn_trimr(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trimr")?;
    Ok(make_str(s_arg(a[0])?.trim_end()))
}
fn sn_trim_newline(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trim-newline")?;
    Ok(make_str(s_arg(a[0])?.trim_end_matches(['\n', '\r'])))
}
fn sn_blank(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/blank?")?;
    if a[0].is_nil() {
        return b(true);
    }
    b(s_arg(a[0])?.chars().all(char::is_whitespace))
}
fn sn_starts_with(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/starts-with?")?;
    b(s_arg(a[0])?.starts_with(s_arg(a[1])?))
}
fn sn_ends_with(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/ends-with?")?;
    b(s_arg(a[0])?.ends_with(s_arg(a[1])?))
}
fn sn_includes(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/includes?")?;
    let needle = print::str_of_value(a[1])?;
    b(s_arg(a[0])?.contains(needle.as_str()))
}
fn sn_reverse(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/reverse")?;
    Ok(make_str(&s_arg(a[0])?.chars().rev().collect::<String>()))
}
/// Java's `Matcher.appendReplacement` syntax: `$1`, `${name}`, `\$`.
fn expand_replacement(caps: &regex::Captures, rep: &str) -> String {
    let mut out = String::new();
    let mut cs = rep.chars().peekable();
    while let Some(c) = cs.next() {
        match c {
            '\\' => {
                if let Some(n) = cs.next() {
                    out.push(n);
                }
            }
            '$' => {
                if cs.peek() == Some(&'{') {
                    cs.next();
                    let name: String = cs.by_ref().take_while(|c| *c != '}').collect();
                    out.push_str(caps.name(&name).map(|m| m.as_str()).unwrap_or(""));
                } else {
                    let mut digits = String::new();
                    while let Some(&d) = cs.peek().filter(|d| d.is_ascii_digit()) {
                        digits.push(d);
                        cs.next();
                    }
                    let i: usize = digits.parse().unwrap_or(0);
                    out.push_str(caps.get(i).map(|m| m.as_str()).unwrap_or(""));
                }
            }
            c => out.push(c),
        }
    }
    out
}
fn replace_impl(a: &[Value], first_only: bool) -> Res {
    let s = s_arg(a[0])?;
    let (m, r) = (a[1], a[2]);
    if let Some(c) = m.as_char() {
        let rc = r
            .as_char()
            .ok_or_else(|| cast_error(r, "java.lang.Character"))?;
        let out = if first_only {
            s.replacen(c, &rc.to_string(), 1)
        } else {
            s.replace(c, &rc.to_string())
        };
        return Ok(make_str(&out));
    }
    if let Some(pat) = string::as_str(m) {
        let rep = s_arg(r)?;
        let out = if first_only {
            s.replacen(pat, rep, 1)
        } else {
            s.replace(pat, rep)
        };
        return Ok(make_str(&out));
    }
    let (re, _) = crate::regex::regex_of(m)?;
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(s) {
        let whole = caps.get(0).expect("group 0");
        out.push_str(&s[last..whole.start()]);
        if let Some(rep) = string::as_str(r) {
            out.push_str(&expand_replacement(&caps, rep));
        } else {
            let arg = match_value(&caps);
            let res = callable::invoke(r, &[arg]);
            heap::drop(arg);
            let res = res?;
            let t = print::str_of_value(res);
            heap::drop(res);
            out.push_str(&t?);
        }
        last = whole.end();
        if first_only {
            break;
        }
    }
    out.push_str(&s[last..]);
    Ok(make_str(&out))
}
fn sn_replace(a: &[Value]) -> Res {
    ar(a, 3, "clojure.string/replace")?;
    replace_impl(a, false)
}
fn sn_replace_first(a: &[Value]) -> Res {
    ar(a, 3, "clojure.string/replace-first")?;
    replace_impl(a, true)
}
fn index_result(s: &str, byte: Option<usize>) -> Value {
    match byte {
        Some(b) => num::long(s[..b].chars().count() as i64),
        None => Value::NIL,
    }
}
fn needle(v: Value) -> Res<String> {
    if let Some(c) = v.as_char() {
        return Ok(c.to_string());
    }
    Ok(s_arg(v)?.to_string())
}
fn sn_index_of(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/index-of")?;
    let s = s_arg(a[0])?;
    let n = needle(a[1])?;
    let from = match a.get(2) {
        Some(f) => char_to_byte(s, long_arg(*f)?.max(0) as usize).unwrap_or(s.len()),
        None => 0,
    };
    Ok(index_result(s, s[from..].find(&n).map(|i| i + from)))
}
fn sn_last_index_of(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/last-index-of")?;
    let s = s_arg(a[0])?;
    let n = needle(a[1])?;
    let upto = match a.get(2) {
        Some(f) => {
            let end = char_to_byte(s, long_arg(*f)?.max(0) as usize).unwrap_or(s.len());
            (end + n.len()).min(s.len())
        }
        None => s.len(),
    };
    Ok(index_result(s, s[..upto].rfind(&n)))
}
fn sn_escape(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/escape")?;
    let s = s_arg(a[0])?;
    let mut out = String::new();
    for c in s.chars() {
        let r = callable::invoke(a[1], &[Value::char(c)])?;
        if r.is_nil() {
            out.push(c);
        } else {
            let t = print::str_of_value(r);
            heap::drop(r);
            out.push_str(&t?);
        }
    }
    Ok(make_str(&out))
}

// ---------------------------------------------------------------------------
// The tables

/// Every Rust function bound in `clojure.core`.
pub fn core_natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        // numbers
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
        ("long", n_long),
        ("int", n_int),
        ("short", n_int),
        ("byte", n_int),
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
        // identity and hashing
        ("=", n_equiv),
        ("not=", n_not_equiv),
        ("identical?", n_identical),
        ("hash", n_hash),
        ("not", n_not),
        ("identity", n_identity),
        ("boolean", n_boolean),
        // predicates
        ("nil?", p_nil),
        ("some?", p_some),
        ("true?", p_true),
        ("false?", p_false),
        ("boolean?", p_boolean),
        ("string?", p_string),
        ("char?", p_char),
        ("keyword?", p_keyword),
        ("symbol?", p_symbol),
        ("ident?", p_ident),
        ("simple-keyword?", p_simple_keyword),
        ("qualified-keyword?", p_qualified_keyword),
        ("simple-symbol?", p_simple_symbol),
        ("qualified-symbol?", p_qualified_symbol),
        ("fn?", p_fn),
        ("ifn?", p_ifn),
        ("coll?", p_coll),
        ("seq?", p_seq),
        ("seqable?", p_seqable),
        ("vector?", p_vector),
        ("map?", p_map),
        ("set?", p_set),
        ("list?", p_list),
        ("sequential?", p_sequential),
        ("associative?", p_associative),
        ("counted?", p_counted),
        ("map-entry?", p_map_entry),
        ("var?", p_var),
        ("reduced?", p_reduced),
        ("delay?", p_delay),
        ("volatile?", p_volatile),
        ("regex?", p_regex),
        ("any?", p_any),
        ("inst?", p_inst),
        ("uuid?", p_uuid),
        ("realized?", n_realized),
        // seqs and collections
        ("seq", n_seq),
        ("first", n_first),
        ("rest", n_rest),
        ("next", n_next),
        ("cons", n_cons),
        ("get", n_get),
        ("contains?", n_contains),
        ("keys", n_keys),
        ("vals", n_vals),
        ("key", n_key),
        ("val", n_val),
        ("empty", n_empty),
        ("not-empty", n_not_empty),
        ("peek", n_peek),
        ("pop", n_pop),
        ("find", n_find),
        ("subvec", n_subvec),
        ("vector", n_vector),
        ("hash-map", n_hash_map),
        ("array-map", n_hash_map),
        ("hash-set", n_hash_set),
        ("list", n_list),
        ("list*", n_list_star),
        ("range", n_range),
        ("%make-lazy-seq", n_make_lazy_seq),
        ("reduced", n_reduced),
        ("unreduced", n_unreduced),
        ("ensure-reduced", n_ensure_reduced),
        ("deref", n_deref),
        // strings, symbols, keywords
        ("str", n_str),
        ("subs", n_subs),
        ("name", n_name),
        ("namespace", n_namespace),
        ("symbol", n_symbol),
        ("keyword", n_keyword),
        ("gensym", n_gensym),
        ("format", n_format),
        ("char", n_char),
        // printing
        ("pr", n_pr),
        ("prn", n_prn),
        ("print", n_print),
        ("println", n_println),
        ("pr-str", n_pr_str),
        ("prn-str", n_prn_str),
        ("print-str", n_print_str),
        ("println-str", n_println_str),
        ("newline", n_newline),
        ("flush", n_flush),
        ("%push-out", n_push_out),
        ("%pop-out", n_pop_out),
        // metadata
        ("meta", n_meta),
        ("with-meta", n_with_meta),
        ("vary-meta", n_vary_meta),
        // atoms, volatiles, delays
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
        // vars and namespaces
        ("in-ns", n_in_ns),
        ("find-ns", n_find_ns),
        ("create-ns", n_create_ns),
        ("the-ns", n_the_ns),
        ("ns-name", n_ns_name),
        ("all-ns", n_all_ns),
        ("resolve", n_resolve),
        ("ns-resolve", n_ns_resolve),
        ("find-var", n_find_var),
        ("intern", n_intern),
        ("alias", n_alias),
        ("refer", n_refer),
        ("var-get", n_var_get),
        ("var-set", n_var_set),
        ("alter-var-root", n_alter_var_root),
        ("push-thread-bindings", n_push_bindings),
        ("pop-thread-bindings", n_pop_bindings),
        ("bound?", n_bound),
        ("ns-publics", n_ns_publics),
        ("ns-interns", n_ns_interns),
        ("ns-map", n_ns_map),
        ("ns-refers", n_ns_refers),
        ("ns-aliases", n_ns_aliases),
        ("ns-unmap", n_ns_unmap),
        // exceptions
        ("ex-info", n_ex_info),
        ("ex-data", n_ex_data),
        ("ex-message", n_ex_message),
        ("ex-cause", n_ex_cause),
        ("%new-exception", n_new_exception),
        ("%exception-is?", n_exception_is),
        ("Throwable->map", n_throwable_map),
        // regexes
        ("re-pattern", n_re_pattern),
        ("re-find", n_re_find),
        ("re-matches", n_re_matches),
        ("re-seq", n_re_seq),
        // misc
        ("type", n_type),
        ("class", n_class),
        ("instance?", n_instance),
        ("read-string", n_read_string),
        ("%nano-time", n_nano_time),
        ("%current-time-millis", n_current_time_millis),
    ]
}

/// The natives bound in `clojure.core` that consume their arguments (they
/// walk a seq argument; see the module doc).
pub fn core_consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    vec![
        ("count", n_count),
        ("nth", n_nth),
        ("vec", n_vec),
        ("set", n_set),
        ("reverse", n_reverse),
        ("into", n_into),
        ("reduce", n_reduce),
        ("apply", n_apply),
        // The collection is consumed so an unshared one is updated in place.
        ("conj", n_conj),
        ("assoc", n_assoc),
        ("dissoc", n_dissoc),
        ("disj", n_disj),
    ]
}

/// The natives bound in `clojure.string` that consume their arguments.
pub fn string_consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    vec![("join", sn_join)]
}

/// Every Rust function bound in `clojure.string`.
pub fn string_natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("split", sn_split),
        ("split-lines", sn_split_lines),
        ("upper-case", sn_upper),
        ("lower-case", sn_lower),
        ("capitalize", sn_capitalize),
        ("trim", sn_trim),
        ("triml", sn_triml),
        ("trimr", sn_trimr),
        ("trim-newline", sn_trim_newline),
        ("blank?", sn_blank),
        ("starts-with?", sn_starts_with),
        ("ends-with?", sn_ends_with),
        ("includes?", sn_includes),
        ("replace", sn_replace),
        ("replace-first", sn_replace_first),
        ("index-of", sn_index_of),
        ("last-index-of", sn_last_index_of),
        ("reverse", sn_reverse),
        ("escape", sn_escape),
    ]
}

fn bind(ns_name: &str, natives: Vec<(&'static str, NativeFnPtr)>) {
    for (name, f) in natives {
        let qualified = qualify(ns_name, name);
        bind_fn(ns_name, name, callable::make_native_fn(qualified, f));
    }
}

fn bind_consuming(ns_name: &str, natives: Vec<(&'static str, NativeFnConsumingPtr)>) {
    for (name, f) in natives {
        let qualified = qualify(ns_name, name);
        bind_fn(
            ns_name,
            name,
            callable::make_native_fn_consuming(qualified, f),
        );
    }
}

fn qualify(ns_name: &str, name: &str) -> &'static str {
    Box::leak(format!("{ns_name}/{name}").into_boxed_str())
}

fn bind_fn(ns_name: &str, name: &str, fun: Value) {
    heap::make_immortal(fun);
    let var = ns::intern(ns_name, name);
    ns::var_set_root(var, fun);
}

fn dynamic_var(name: &str, root: Value) {
    let var = ns::intern("clojure.core", name);
    ns::set_var_dynamic(var, true);
    ns::var_set_root(var, root);
}

/// Creates clojure.core, clojure.string and user (see `crate::init`).
pub(crate) fn install() {
    bind("clojure.core", core_natives());
    bind_consuming("clojure.core", core_consuming_natives());
    bind("clojure.string", string_natives());
    bind_consuming("clojure.string", string_consuming_natives());
    dynamic_var("*command-line-args*", Value::NIL);
    dynamic_var("*file*", make_str("NO_SOURCE_FILE"));
    dynamic_var("*assert*", Value::TRUE);
    dynamic_var("*print-length*", Value::NIL);
    dynamic_var("*print-level*", Value::NIL);
    dynamic_var("*print-meta*", Value::FALSE);
    dynamic_var("*print-readably*", Value::TRUE);
    dynamic_var("*flush-on-newline*", Value::TRUE);
    dynamic_var("*unchecked-math*", Value::FALSE);
    dynamic_var("*warn-on-reflection*", Value::FALSE);
    ns::create_ns("user");
    ns::set_current_ns("user");
    ns::refer_all("clojure.core", "user");
}

impl Thrown {
    /// The message of the exception (for tests and diagnostics).
    pub fn message(&self) -> String {
        error::exception_message(self.0).unwrap_or_else(|| error::class_name_of(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;
    use genera_reader::{Form, FormKind};

    /// A tiny evaluator over natives only: calls, `quote`, literal
    /// collections and symbols naming clojure.core/clojure.string vars.
    fn eval(form: &Form) -> Res {
        match &form.kind {
            FormKind::List(items) if !items.is_empty() => {
                if items[0].is_symbol("quote") {
                    return Ok(crate::constant::form_to_value(&items[1]));
                }
                let f = eval(&items[0])?;
                let mut args = Vec::new();
                for x in &items[1..] {
                    match eval(x) {
                        Ok(v) => args.push(v),
                        Err(e) => {
                            drop_all(&args);
                            heap::drop(f);
                            return Err(e);
                        }
                    }
                }
                let r = callable::invoke(f, &args);
                drop_all(&args);
                heap::drop(f);
                r
            }
            FormKind::Symbol(n) => {
                let ns =
                    n.ns.as_deref()
                        .map(|a| if a == "str" { "clojure.string" } else { a });
                match ns::resolve_var("user", ns, &n.name) {
                    Some(v) => ns::var_get(v),
                    None => Err(error::throw(
                        "RuntimeException",
                        &format!("Unable to resolve symbol: {n}"),
                    )),
                }
            }
            FormKind::Vector(items) => {
                let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
                Ok(coll::make_vector(&vs))
            }
            FormKind::Map(items) => {
                let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
                coll::make_map(&vs)
            }
            FormKind::Set(items) => {
                let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
                coll::make_set(&vs)
            }
            _ => Ok(crate::constant::form_to_value(form)),
        }
    }

    /// Evaluates `src` and compares `pr-str` of the result (or
    /// "Kind: message" of the exception) with `expected`.
    fn check(src: &str, expected: &str) {
        crate::init();
        check_leaks(|| {
            let forms = genera_reader::read_all(src, "test.clj").unwrap();
            let mut last = String::new();
            for f in &forms {
                last = match eval(f) {
                    Ok(v) => {
                        let s = print::pr_str(v);
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
                };
            }
            match expected.strip_suffix("...") {
                Some(prefix) => assert!(last.starts_with(prefix), "{src}: {last}"),
                None => assert_eq!(last, expected, "{src}"),
            }
        });
    }

    #[test]
    fn numbers() {
        check("(+ 1 2 3)", "6");
        check("(+)", "0");
        check("(* 2 3.5)", "7.0");
        check("(/ 1 3)", "1/3");
        check("(/ 6 3)", "2");
        check("(/ 1 0)", "ArithmeticException: Divide by zero");
        check(
            "(+ 9223372036854775807 1)",
            "ArithmeticException: long overflow",
        );
        check("(+' 9223372036854775807 1)", "9223372036854775808N");
        check(
            "(inc \"a\")",
            "ClassCastException: class java.lang.String cannot be cast to class java.lang.Number",
        );
        check(
            "(inc 1 2)",
            "ArityException: Wrong number of args (2) passed to: clojure.core/inc",
        );
        check("(< 1 2 3)", "true");
        check("(< 1 3 2)", "false");
        check("(== 1 1.0)", "true");
        check("(= 1 1.0)", "false");
        check("(max 1 2.5 2)", "2.5");
        check("(min 3 1 2)", "1");
        check("(mod -7 3)", "2");
        check("(even? 4)", "true");
        check(
            "(even? 1.5)",
            "IllegalArgumentException: Argument must be an integer: 1.5",
        );
        check("(bit-and 12 10)", "8");
        check("(bit-shift-left 1 10)", "1024");
        check("(unsigned-bit-shift-right -1 60)", "15");
        check("(long 3.9)", "3");
        check("(int \\a)", "97");
        check("(double 1/4)", "0.25");
        check("(parse-long \"42\")", "42");
        check("(parse-long \"4x\")", "nil");
        check("(parse-double \"1e3\")", "1000.0");
        check("(compare 1 2)", "-1");
        check("(compare \"b\" \"a\")", "1");
        check("(abs -5)", "5");
        check("(numerator 2/6)", "1");
        check("(quot 7 -2)", "-3");
        check("(rem 7 -2)", "1");
        check(
            "(str 1.0 \" \" 1N \" \" 1/2 \" \" nil \" \" :k)",
            "\"1.0 1 1/2  :k\"",
        );
    }

    #[test]
    fn collections() {
        check("(conj [1 2] 3 4)", "[1 2 3 4]");
        check("(conj '(1 2) 3)", "(3 1 2)");
        check("(conj nil 1)", "(1)");
        check("(conj {:a 1} [:b 2])", "{:a 1, :b 2}");
        check("(conj #{1} 2 1)", "#{1 2}");
        check("(assoc {:a 1} :b 2 :a 3)", "{:a 3, :b 2}");
        check("(assoc [1 2] 2 3)", "[1 2 3]");
        check(
            "(assoc [1 2] 5 3)",
            "IndexOutOfBoundsException: Index 5 out of bounds for length 2",
        );
        check("(assoc nil :a 1)", "{:a 1}");
        check("(dissoc {:a 1 :b 2 :c 3} :b)", "{:a 1, :c 3}");
        check("(disj #{1 2 3} 2)", "#{1 3}");
        check("(get {:a 1} :b 5)", "5");
        check("(get [1 2 3] 1)", "2");
        check("(get \"abc\" 1)", "\\b");
        check("(get nil :a)", "nil");
        check(
            "(nth [1 2 3] 5)",
            "IndexOutOfBoundsException: Index 5 out of bounds for length 3",
        );
        check("(nth [1 2 3] 5 :nf)", ":nf");
        check("(nth '(1 2 3) 2)", "3");
        check("(count \"héllo\")", "5");
        check("(count {:a 1 :b 2})", "2");
        check(
            "(count 5)",
            "UnsupportedOperationException: count not supported on this type: Long",
        );
        check("(contains? {:a nil} :a)", "true");
        check("(contains? [1 2] 1)", "true");
        check("(contains? '(1) 1)", "IllegalArgumentException: contains? not supported on type: clojure.lang.PersistentList");
        check("(keys {:a 1 :b 2})", "(:a :b)");
        check("(vals {:a 1 :b 2})", "(1 2)");
        check("(keys {})", "nil");
        check("(find {:a 1} :a)", "[:a 1]");
        check("(key (find {:a 1} :a))", ":a");
        check("(peek [1 2 3])", "3");
        check("(pop [1 2 3])", "[1 2]");
        check("(pop [])", "IllegalStateException: Can't pop empty vector");
        check("(peek '(1 2))", "1");
        check("(pop '(1 2))", "(2)");
        check("(subvec [1 2 3 4] 1 3)", "[2 3]");
        check("(vec '(1 2))", "[1 2]");
        check("(set [1 2 1])", "#{1 2}");
        check(
            "(hash-map :a 1 :b)",
            "IllegalArgumentException: No value supplied for key: :b",
        );
        check("(into [] '(1 2 3))", "[1 2 3]");
        check("(into {} [[:a 1] [:b 2]])", "{:a 1, :b 2}");
        check("(into '() [1 2 3])", "(3 2 1)");
        check("(reverse [1 2 3])", "(3 2 1)");
        check("(empty [1 2])", "[]");
        check("(empty {:a 1})", "{}");
        check("(list* 1 2 [3 4])", "(1 2 3 4)");
        check("(= [1 2] '(1 2))", "true");
        check("(= {:a [1]} {:a '(1)})", "true");
        check("(#{1 2} 2)", "2");
        check("(:a {:a 1})", "1");
        check("(:b {:a 1} :d)", ":d");
        check("({:a 1} :a)", "1");
        check("([1 2 3] 1)", "2");
        check(
            "([1 2 3] 5)",
            "IndexOutOfBoundsException: Index 5 out of bounds for length 3",
        );
        check(
            "(1 2)",
            "ClassCastException: class java.lang.Long cannot be cast to class clojure.lang.IFn",
        );
        check("(meta (with-meta [1] {:a 1}))", "{:a 1}");
        check(
            "{1 1 (inc 0) 2}",
            "IllegalArgumentException: Duplicate key: 1",
        );
        check("#{1 (inc 0)}", "IllegalArgumentException: Duplicate key: 1");
    }

    #[test]
    fn seqs() {
        check("(seq [])", "nil");
        check("(seq [1 2])", "(1 2)");
        check("(first nil)", "nil");
        check("(rest nil)", "()");
        check("(next [1])", "nil");
        check("(rest [1])", "()");
        check("(first \"abc\")", "\\a");
        check("(seq {:a 1})", "([:a 1])");
        check("(cons 1 [2 3])", "(1 2 3)");
        check("(cons 1 nil)", "(1)");
        check(
            "(cons 1 5)",
            "IllegalArgumentException: Don't know how to create ISeq from: java.lang.Long",
        );
        check("(range 5)", "(0 1 2 3 4)");
        check("(range 1 10 3)", "(1 4 7)");
        check("(range 0 1 0.25)", "(0 0.25 0.5 0.75)");
        check("(count (range 100))", "100");
        check("(counted? (range 100))", "true");
        check("(counted? (range))", "false");
        check("(counted? (range 0 10 0))", "false");
        check("(counted? (range 0.0 10.0))", "false");
        check("(counted? (%make-lazy-seq list))", "false");
        check(
            "(count (range))",
            "UnsupportedOperationException: count of an infinite range",
        );
        check("(nth (range) 100000)", "100000");
        check("(reduce + (range 101))", "5050");
        check("(reduce + [])", "0");
        check("(reduce + 10 [1 2])", "13");
        check("(reduce conj [] (range 3))", "[0 1 2]");
        check("(apply + 1 2 [3 4])", "10");
        check("(apply str \"a\" [\"b\" \\c])", "\"abc\"");
        check("(apply max [3 1 2])", "3");
        check("(%make-lazy-seq list)", "()");
        check("(seq (%make-lazy-seq vector))", "nil");
        check("(realized? (%make-lazy-seq list))", "false");
    }

    #[test]
    fn strings_and_printing() {
        check("(str \"a\" 1 [1 \"b\"])", "\"a1[1 \\\"b\\\"]\"");
        check("(subs \"hello\" 1 3)", "\"el\"");
        check(
            "(subs \"hello\" 3 9)",
            "StringIndexOutOfBoundsException: begin 3, end 9, length 5",
        );
        check("(name :a/b)", "\"b\"");
        check("(namespace :a/b)", "\"a\"");
        check("(symbol \"a/b\")", "a/b");
        check("(keyword \"x\")", ":x");
        check(
            "(format \"%s-%d-%.2f-%x-%5d|%-3s|%%\" :k 42 3.14159 255 7 \"a\")",
            "\":k-42-3.14-ff-    7|a  |%\"",
        );
        check(
            "(format \"%d\" 1.5)",
            "IllegalFormatConversionException: d != java.lang.Double",
        );
        check("(pr-str \"a\" \\b nil)", "\"\\\"a\\\" \\\\b nil\"");
        check("(print-str \"a\" \\b nil)", "\"a b nil\"");
        check("(str/join \", \" [1 2 3])", "\"1, 2, 3\"");
        check(
            "(str/split \"a,b,,c,,\" #\",\")",
            "[\"a\" \"b\" \"\" \"c\"]",
        );
        check("(str/upper-case \"abc\")", "\"ABC\"");
        check("(str/replace \"a-b-c\" \"-\" \"+\")", "\"a+b+c\"");
        check(
            "(str/replace \"a1b22\" #\"\\d+\" \"<$0>\")",
            "\"a<1>b<22>\"",
        );
        check("(str/index-of \"hello\" \"l\")", "2");
        check("(str/blank? \"  \")", "true");
        check("(str/trim \"  x \")", "\"x\"");
        check("(str/capitalize \"hELLO\")", "\"Hello\"");
        check("(re-find #\"(\\d)(\\d)\" \"a12\")", "[\"12\" \"1\" \"2\"]");
        check("(re-matches #\"a|ab\" \"ab\")", "\"ab\"");
        check("(re-seq #\"\\d\" \"a1b2\")", "(\"1\" \"2\")");
        check("(read-string \"(1 [2] {:a 3})\")", "(1 [2] {:a 3})");
    }

    #[test]
    fn output_capture() {
        crate::init();
        check_leaks(|| {
            print::push_out();
            let args = [make_str("x"), Value::fixnum(1)];
            n_prn(&args).unwrap();
            n_println(&args).unwrap();
            drop_all(&args);
            assert_eq!(print::pop_out(), "\"x\" 1\nx 1\n");
        });
    }

    #[test]
    fn atoms_and_vars() {
        check(
            "(let-free)",
            "RuntimeException: Unable to resolve symbol: let-free",
        );
        check("(deref (atom 1))", "1");
        check("(swap! (atom 1) + 10)", "11");
        check("(reset! (atom 1) 5)", "5");
        check("(swap-vals! (atom 1) inc)", "[1 2]");
        check("(compare-and-set! (atom nil) nil 1)", "true");
        check(
            "(set-validator! (atom 1) neg?)",
            "IllegalStateException: Invalid reference state",
        );
        check(
            "(atom 1 :validator pos?)",
            "#object[clojure.lang.Atom 0x...",
        );
        check(
            "(atom -1 :validator pos?)",
            "IllegalStateException: Invalid reference state",
        );
        check("(deref (volatile! 3))", "3");
        check("(vswap! (volatile! 3) inc)", "4");
        check(
            "(deref 5)",
            "ClassCastException: class java.lang.Long cannot be cast to class clojure.lang.IDeref",
        );
        check("(var-get (resolve 'inc))", "#object[genera.lang.Fn 0x...");
        check(
            "(str (var-get (resolve 'inc)))",
            "\"#object[genera.lang.Fn 0x...",
        );
        check("(ns-name (the-ns 'user))", "user");
        check("(str (the-ns 'user))", "\"user\"");
        check(
            "(pr-str (the-ns 'user))",
            "\"#object[clojure.lang.Namespace 0x...",
        );
        // in-ns makes a bare namespace, which can still name in-ns and ns.
        check(
            "(str (in-ns 'natives.test.bare) \"|\" (resolve 'inc) \"|\" (resolve 'in-ns) \"|\" (in-ns 'user))",
            "\"natives.test.bare||#'clojure.core/in-ns|user\"",
        );
        check("(resolve 'inc)", "#'clojure.core/inc");
        check("(resolve 'nope)", "nil");
        check("(deref (intern 'user 'test-x 42))", "42");
        check("(bound? (intern 'user 'test-unbound))", "false");
        check("(ex-message (ex-info \"boom\" {:a 1}))", "\"boom\"");
        check("(ex-data (ex-info \"boom\" {:a 1}))", "{:a 1}");
        check(
            "(ex-info \"boom\" nil)",
            "IllegalArgumentException: Additional data must be non-nil.",
        );
        check(
            "(%exception-is? (%new-exception \"ArithmeticException\" \"x\") \"RuntimeException\")",
            "true",
        );
        check("(ex-message (%new-exception \"Exception\"))", "nil");
        check(
            "(str (ex-info \"boom\" {:a 1}))",
            "\"clojure.lang.ExceptionInfo: boom {:a 1}\"",
        );
        check("(type 1)", "java.lang.Long");
        check("(instance? 'Number 1.5)", "true");
        check("(gensym \"x\")", "x...");
    }

    fn core_fn(name: &str) -> Value {
        let var = ns::resolve_var("user", Some("clojure.core"), name).expect("core var");
        ns::var_get(var).expect("bound")
    }

    #[test]
    fn consuming_natives_take_over_their_arguments() {
        crate::init();
        check_leaks(|| {
            let count = core_fn("count");
            assert!(callable::native_fn_consumes(count));
            assert!(!callable::native_fn_consumes(core_fn("+")));
            // Owned arguments: the native takes the collection, and every
            // slot is dead afterwards.
            let v = coll::make_vector(&[Value::fixnum(1), Value::fixnum(2)]);
            let mut args = [v];
            let n = callable::invoke_owned(count, &mut args).unwrap();
            assert_eq!(n, Value::fixnum(2));
            assert!(args[0].is_nil());
            // Borrowed arguments (invoke): the caller's reference survives.
            let v = coll::make_vector(&[Value::fixnum(1)]);
            assert_eq!(callable::invoke(count, &[v]).unwrap(), Value::fixnum(1));
            assert_eq!(callable::invoke(count, &[v]).unwrap(), Value::fixnum(1));
            heap::drop(v);
            // Errors (arity, type) release what was handed over.
            let mut args = [coll::make_vector(&[]), make_str("x")];
            let Err(Thrown(e)) = callable::invoke_owned(count, &mut args) else {
                panic!("count of two arguments")
            };
            heap::drop(e);
            assert!(args.iter().all(|a| a.is_nil()));
            let mut args = [Value::fixnum(1), coll::make_vector(&[])];
            let Err(Thrown(e)) = callable::invoke_owned(core_fn("nth"), &mut args) else {
                panic!("nth of a number")
            };
            heap::drop(e);
            // A borrowing native through invoke_owned.
            let mut args = [make_str("a"), make_str("b")];
            let s = callable::invoke_owned(core_fn("str"), &mut args).unwrap();
            assert_eq!(print::pr_str(s), "\"ab\"");
            heap::drop(s);
            // More arguments than the small buffer holds.
            let args: Vec<Value> = (0..20).map(|i| make_str(&i.to_string())).collect();
            let v = coll::make_vector(&args);
            let r = callable::invoke(core_fn("apply"), &[core_fn("str"), v]).unwrap();
            assert_eq!(print::pr_str(r), "\"012345678910111213141516171819\"");
            heap::drop(r);
            heap::drop(v);
        });
    }
}
