//! Value equality of forms, ignoring spans and metadata, for the duplicate
//! key check of map and set literals and for merging `^` metadata.
//!
//! It follows Clojure's `=` on the values the forms denote: lists and vectors
//! with equal elements are equal, `1` equals `1N`, `1/2` equals `2/4`, `0.0`
//! equals `-0.0`, maps and sets ignore order, and NaN equals nothing. A regex
//! is equal only to itself (Java's `Pattern` has identity equality), so two
//! regex literals never clash.

use crate::form::{Form, FormKind};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Zero;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The first form equal to an earlier one, if any.
pub(crate) fn find_duplicate<'f>(forms: impl Iterator<Item = &'f Form>) -> Option<&'f Form> {
    // Hashing first keeps big literal maps (generated data) linear.
    let mut seen: HashMap<u64, Vec<&Form>> = HashMap::new();
    for form in forms {
        let bucket = seen.entry(value_hash(form)).or_default();
        if bucket.iter().any(|earlier| same_value(earlier, form)) {
            return Some(form);
        }
        bucket.push(form);
    }
    None
}

pub(crate) fn same_value(a: &Form, b: &Form) -> bool {
    use FormKind::*;
    match (&a.kind, &b.kind) {
        (Nil, Nil) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(_) | BigInt(_), Int(_) | BigInt(_)) => integer(a) == integer(b),
        (Ratio(n1, d1), Ratio(n2, d2)) => n1 * d2 == n2 * d1,
        (Float(x), Float(y)) => x == y,
        (BigDecimal(x), BigDecimal(y)) => x == y,
        (Char(x), Char(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Symbol(x), Symbol(y)) => x == y,
        (Keyword { name: x, auto: ax }, Keyword { name: y, auto: ay }) => x == y && ax == ay,
        (List(xs) | Vector(xs), List(ys) | Vector(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_value(x, y))
        }
        (Set(xs), Set(ys)) => {
            xs.len() == ys.len() && xs.iter().all(|x| ys.iter().any(|y| same_value(x, y)))
        }
        (Map(xs), Map(ys)) => xs.len() == ys.len() && same_entries(xs, ys),
        (SyntaxQuote(x), SyntaxQuote(y)) => same_value(x, y),
        (Tagged { tag: a, form: x }, Tagged { tag: b, form: y }) => a == b && same_value(x, y),
        _ => false,
    }
}

fn same_entries(xs: &[Form], ys: &[Form]) -> bool {
    xs.chunks(2).all(|x| {
        ys.chunks(2).any(|y| match (x, y) {
            ([xk, xv], [yk, yv]) => same_value(xk, yk) && same_value(xv, yv),
            _ => false,
        })
    })
}

fn integer(form: &Form) -> Option<BigInt> {
    match &form.kind {
        FormKind::Int(i) => Some(BigInt::from(*i)),
        FormKind::BigInt(n) => Some(n.clone()),
        _ => None,
    }
}

/// A hash consistent with [`same_value`]: equal values hash alike.
fn value_hash(form: &Form) -> u64 {
    let mut h = DefaultHasher::new();
    hash_into(form, &mut h);
    h.finish()
}

fn hash_into(form: &Form, h: &mut DefaultHasher) {
    use FormKind::*;
    match &form.kind {
        Nil => 0u8.hash(h),
        Bool(b) => (1u8, b).hash(h),
        Int(_) | BigInt(_) => (2u8, integer(form)).hash(h),
        Ratio(n, d) => {
            // Equal ratios have the same lowest terms (the reader never
            // produces a zero denominator, so the gcd is never zero).
            let g = n.gcd(d);
            let (n, d) = if g.is_zero() {
                (n.clone(), d.clone())
            } else {
                (n / &g, d / &g)
            };
            (3u8, n, d).hash(h)
        }
        // -0.0 == 0.0, so they must hash alike.
        Float(x) => (4u8, if *x == 0.0 { 0 } else { x.to_bits() }).hash(h),
        BigDecimal(s) => (5u8, s).hash(h),
        Char(c) => (6u8, c).hash(h),
        Str(s) => (7u8, s).hash(h),
        Regex(s) => (8u8, s).hash(h),
        Symbol(n) => (9u8, n).hash(h),
        Keyword { name, auto } => (10u8, name, auto).hash(h),
        List(xs) | Vector(xs) => {
            11u8.hash(h);
            xs.iter().for_each(|x| hash_into(x, h));
        }
        // Order does not matter in sets and maps: combine with a sum.
        Set(xs) => (
            12u8,
            xs.iter()
                .fold(0u64, |acc, x| acc.wrapping_add(value_hash(x))),
        )
            .hash(h),
        Map(xs) => {
            let sum = xs.chunks(2).fold(0u64, |acc, kv| {
                let mut eh = DefaultHasher::new();
                kv.iter().for_each(|x| hash_into(x, &mut eh));
                acc.wrapping_add(eh.finish())
            });
            (13u8, sum).hash(h)
        }
        SyntaxQuote(x) => {
            14u8.hash(h);
            hash_into(x, h);
        }
        Tagged { tag, form } => {
            (15u8, tag).hash(h);
            hash_into(form, h);
        }
    }
}
