//! Equality (`=`), hashing (`hash`) and ordering (`compare`), as Clojure's
//! `Util.equiv`, `Util.hasheq` and `Util.compare`.
//!
//! `=` on numbers compares within a category (`(= 1 1.0)` is false);
//! sequential collections (lists, vectors, seqs, map entries) are equal to
//! each other element-wise, maps by entries, sets by members. `hash` is
//! consistent with `=` and computes JVM Clojure's numbers for longs,
//! strings, keywords, symbols and collections (Murmur3).
//!
//! Comparing or hashing lazy seqs realizes them, which can throw, hence `Res`.

use crate::coll;
use crate::error;
use crate::heap;
use crate::murmur;
use crate::num;
use crate::object::{has_tag, tag_of};
use crate::seq::{self, SeqIter};
use crate::string;
use crate::tag::Tag;
use crate::tagged;
use crate::value::Value;
use crate::Res;
use std::cmp::Ordering;

/// How deep `=`, `hash`, `compare` and printing may recurse into nested
/// values before throwing StackOverflowError (as the JVM does, catchably)
/// rather than overflowing the machine stack and aborting the process. Well
/// within the interpreter thread's 1 GiB stack (a level takes well under a
/// kilobyte of it).
pub const MAX_DEPTH: u32 = 100_000;

thread_local! {
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of recursion into a nested value, counted in a thread-local
/// depth; released when dropped. `enter` throws StackOverflowError past
/// `MAX_DEPTH`.
pub struct DepthGuard(());

impl DepthGuard {
    /// Enters one level, or throws StackOverflowError.
    pub fn enter() -> Res<DepthGuard> {
        DEPTH.with(|d| {
            let n = d.get();
            if n >= MAX_DEPTH {
                return Err(error::stack_overflow());
            }
            d.set(n + 1);
            Ok(DepthGuard(()))
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// `(= a b)`.
pub fn equiv(a: Value, b: Value) -> Res<bool> {
    let _depth = DepthGuard::enter()?;
    if a == b {
        // A NaN is not `=` to itself (the JVM compares the two doubles).
        return Ok(!num::as_double(a).is_some_and(f64::is_nan));
    }
    if num::is_number(a) {
        return Ok(num::is_number(b) && num::equal(a, b));
    }
    if !a.is_ptr() || !b.is_ptr() {
        return Ok(false);
    }
    match tag_of(a) {
        Some(Tag::String) => Ok(string::is_string(b) && string::str_of(a) == string::str_of(b)),
        Some(Tag::Symbol) => {
            Ok(string::is_symbol(b) && string::name_parts(a) == string::name_parts(b))
        }
        Some(Tag::Map) => map_equiv(a, b),
        Some(Tag::Set) => set_equiv(a, b),
        Some(Tag::SortedMap) => coll::sorted_map_equiv(a, b),
        Some(Tag::SortedSet) => coll::sorted_set_equiv(a, b),
        Some(Tag::Record) => coll::record::record_equiv(a, b),
        Some(Tag::Uuid) => {
            Ok(has_tag(b, Tag::Uuid) && tagged::uuid_bits(a) == tagged::uuid_bits(b))
        }
        Some(Tag::Inst) => Ok(has_tag(b, Tag::Inst) && tagged::inst_ms(a) == tagged::inst_ms(b)),
        Some(Tag::TaggedLiteral) => {
            if !has_tag(b, Tag::TaggedLiteral) {
                return Ok(false);
            }
            let ((t1, f1), (t2, f2)) = (tagged::tagged_parts(a), tagged::tagged_parts(b));
            Ok(equiv(t1, t2)? && equiv(f1, f2)?)
        }
        _ if seq::is_sequential(a) => {
            if seq::is_sequential(b) {
                seq_equiv(a, b)
            } else {
                Ok(false)
            }
        }
        _ => Ok(false),
    }
}

fn counted_len(v: Value) -> Option<usize> {
    match tag_of(v) {
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => Some(coll::vector_len(v)),
        Some(Tag::List) => Some(crate::object::raw(v, 3) as usize),
        Some(Tag::EmptyList) => Some(0),
        _ => None,
    }
}

fn seq_equiv(a: Value, b: Value) -> Res<bool> {
    if let (Some(x), Some(y)) = (counted_len(a), counted_len(b)) {
        if x != y {
            return Ok(false);
        }
    }
    if coll::is_vector_like(a) && coll::is_vector_like(b) {
        for (x, y) in coll::vector_iter(a).zip(coll::vector_iter(b)) {
            if !equiv(x, y)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let mut ia = SeqIter::new(a)?;
    let mut ib = SeqIter::new(b)?;
    loop {
        let x = ia.next_item()?;
        let y = match ib.next_item() {
            Ok(y) => y,
            Err(e) => {
                if let Some(x) = x {
                    heap::drop(x);
                }
                return Err(e);
            }
        };
        let r = match (x, y) {
            (None, None) => return Ok(true),
            (Some(x), Some(y)) => {
                let r = equiv(x, y);
                heap::drop(x);
                heap::drop(y);
                r?
            }
            (x, y) => {
                if let Some(x) = x {
                    heap::drop(x);
                }
                if let Some(y) = y {
                    heap::drop(y);
                }
                false
            }
        };
        if !r {
            return Ok(false);
        }
    }
}

fn map_equiv(a: Value, b: Value) -> Res<bool> {
    if coll::is_sorted_map(b) {
        return map_equiv_sorted(a, b);
    }
    if !coll::is_map(b) || coll::map_count(a) != coll::map_count(b) {
        return Ok(false);
    }
    let mut same = true;
    coll::map_for_each(a, &mut |k, x| {
        same = matches!(coll::map_lookup(b, k)?, Some(y) if equiv(x, y)?);
        Ok(same)
    })?;
    Ok(same)
}

/// A hash map `a` and a sorted map `b`: each key of `a` looked up in `b`
/// (with `b`'s comparator, which may throw, as on the JVM).
fn map_equiv_sorted(a: Value, b: Value) -> Res<bool> {
    if coll::map_count(a) != coll::sorted_count(b) {
        return Ok(false);
    }
    for kv in coll::map_kvs(a).chunks(2) {
        match coll::sorted_lookup(b, kv[0])? {
            Some(v) => {
                let r = equiv(kv[1], v);
                heap::drop(v);
                if !r? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

fn set_equiv(a: Value, b: Value) -> Res<bool> {
    if coll::is_sorted_set(b) {
        if coll::set_count(a) != coll::sorted_count(b) {
            return Ok(false);
        }
        for x in coll::set_members(a) {
            if coll::sorted_node(b, x)?.is_none() {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if !coll::is_set(b) || coll::set_count(a) != coll::set_count(b) {
        return Ok(false);
    }
    let mut same = true;
    coll::set_for_each(a, &mut |x| {
        same = coll::set_contains(b, x)?;
        Ok(same)
    })?;
    Ok(same)
}

/// `(hash x)`, consistent with `=`.
pub fn hash(v: Value) -> Res<i32> {
    let _depth = DepthGuard::enter()?;
    if v.is_nil() {
        return Ok(0);
    }
    if v.is_fixnum() || num::is_number(v) {
        return Ok(num::hash(v));
    }
    if v == Value::TRUE {
        return Ok(1231);
    }
    if v == Value::FALSE {
        return Ok(1237);
    }
    if let Some(c) = v.as_char() {
        return Ok(c as i32);
    }
    match tag_of(v) {
        Some(Tag::String) => Ok(string::string_hash(v)),
        Some(Tag::Symbol) => Ok(string::symbol_hash(v)),
        Some(Tag::Keyword) => Ok(string::keyword_hash(v)),
        Some(Tag::Map) => {
            let mut sum: i32 = 0;
            coll::map_for_each(v, &mut |k, x| {
                sum = sum.wrapping_add(ordered_hash2(k, x)?);
                Ok(true)
            })?;
            Ok(murmur::mix_coll_hash(sum, coll::map_count(v) as i32))
        }
        Some(Tag::Set) => {
            let mut sum: i32 = 0;
            coll::set_for_each(v, &mut |x| {
                sum = sum.wrapping_add(hash(x)?);
                Ok(true)
            })?;
            Ok(murmur::mix_coll_hash(sum, coll::set_count(v) as i32))
        }
        Some(Tag::SortedMap) => coll::sorted_hash(v, ordered_hash2),
        Some(Tag::SortedSet) => coll::sorted_hash(v, |k, _| hash(k)),
        Some(Tag::Record) => coll::record::record_hash(v),
        Some(Tag::Uuid | Tag::Inst | Tag::TaggedLiteral) => java_hash_code(v),
        _ if seq::is_sequential(v) => {
            let mut h: i32 = 1;
            let mut n = 0;
            let mut it = SeqIter::new(v)?;
            while let Some(x) = it.next_item()? {
                let hx = hash(x);
                heap::drop(x);
                h = h.wrapping_mul(31).wrapping_add(hx?);
                n += 1;
            }
            Ok(murmur::mix_coll_hash(h, n))
        }
        _ => Ok(identity_hash(v)),
    }
}

/// Java's `hashCode` as Clojure's `Util.hash` calls it (`hash-combine`
/// uses it): the JVM's numbers for nil, longs, doubles, big integers,
/// ratios, strings, keywords, symbols, chars, booleans and the collections
/// (`List.hashCode` for sequential ones, `Map.hashCode`, `Set.hashCode`);
/// the identity hash otherwise.
pub fn java_hash_code(v: Value) -> Res<i32> {
    let long_hash = |n: i64| (n ^ ((n as u64) >> 32) as i64) as i32;
    if v.is_nil() {
        return Ok(0);
    }
    if let Some(c) = v.as_char() {
        return Ok(c as i32);
    }
    if v == Value::TRUE || v == Value::FALSE {
        return hash(v);
    }
    if let Some(n) = num::as_long(v) {
        return Ok(long_hash(n));
    }
    match tag_of(v) {
        Some(Tag::Double) => Ok(murmur::java_double_hash(num::as_double(v).unwrap_or(0.0))),
        Some(Tag::BigInt) => Ok(match num::to_long(v) {
            Ok(n) => long_hash(n),
            Err(e) => {
                heap::drop(e.0);
                num::hash(v)
            }
        }),
        Some(Tag::Ratio | Tag::BigDecimal) => Ok(num::hash(v)),
        Some(Tag::Uuid) => Ok(tagged::uuid_hash(v)),
        Some(Tag::Inst) => Ok(tagged::inst_hash(v)),
        // TaggedLiteral.hashCode: 31 * tag's hashCode + form's.
        Some(Tag::TaggedLiteral) => {
            let (t, f) = tagged::tagged_parts(v);
            Ok(java_hash_code(t)?
                .wrapping_mul(31)
                .wrapping_add(java_hash_code(f)?))
        }
        Some(Tag::String) => Ok(murmur::java_string_hash(string::str_of(v))),
        Some(Tag::Symbol | Tag::Keyword) => {
            let (ns, name) = string::name_parts(v);
            let h = murmur::hash_combine(
                murmur::java_string_hash(name),
                ns.map(murmur::java_string_hash).unwrap_or(0),
            );
            Ok(if has_tag(v, Tag::Keyword) {
                h.wrapping_add(0x9e37_79b9u32 as i32)
            } else {
                h
            })
        }
        Some(Tag::Map) => {
            let mut sum: i32 = 0;
            coll::map_for_each(v, &mut |k, x| {
                sum = sum.wrapping_add(java_hash_code(k)? ^ java_hash_code(x)?);
                Ok(true)
            })?;
            Ok(sum)
        }
        Some(Tag::Set) => {
            let mut sum: i32 = 0;
            coll::set_for_each(v, &mut |x| {
                sum = sum.wrapping_add(java_hash_code(x)?);
                Ok(true)
            })?;
            Ok(sum)
        }
        _ if seq::is_sequential(v) => {
            let mut h: i32 = 1;
            let mut it = SeqIter::new(v)?;
            while let Some(x) = it.next_item()? {
                let hx = java_hash_code(x);
                heap::drop(x);
                h = h.wrapping_mul(31).wrapping_add(hx?);
            }
            Ok(h)
        }
        _ => Ok(identity_hash(v)),
    }
}

/// The hash of the pair `[k v]` (a map entry).
fn ordered_hash2(k: Value, v: Value) -> Res<i32> {
    let mut h: i32 = 1;
    h = h.wrapping_mul(31).wrapping_add(hash(k)?);
    h = h.wrapping_mul(31).wrapping_add(hash(v)?);
    Ok(murmur::mix_coll_hash(h, 2))
}

/// A hash of the object's identity (its address).
pub fn identity_hash(v: Value) -> i32 {
    let x = v.0 >> 3;
    (x ^ (x >> 32)) as i32
}

/// `(compare a b)`: negative, zero or positive.
pub fn compare(a: Value, b: Value) -> Res<i32> {
    let _depth = DepthGuard::enter()?;
    if a == b {
        return Ok(0);
    }
    if a.is_nil() {
        return Ok(-1);
    }
    if b.is_nil() {
        return Ok(1);
    }
    if num::is_number(a) {
        if !num::is_number(b) {
            // Numbers.compare casts the other operand to Number.
            return Err(error::cast_error(b, "java.lang.Number"));
        }
        return Ok(match num::compare(a, b)? {
            Some(Ordering::Less) => -1,
            Some(Ordering::Greater) => 1,
            _ => 0,
        });
    }
    if let Some(x) = a.as_char() {
        return match b.as_char() {
            Some(y) => Ok(x as i32 - y as i32),
            None => Err(error::cast_error(b, "java.lang.Character")),
        };
    }
    if a == Value::TRUE || a == Value::FALSE {
        return if b == Value::TRUE || b == Value::FALSE {
            Ok((a == Value::TRUE) as i32 - (b == Value::TRUE) as i32)
        } else {
            Err(error::cast_error(b, "java.lang.Boolean"))
        };
    }
    match tag_of(a) {
        Some(Tag::String) => {
            if !string::is_string(b) {
                return Err(error::cast_error(b, "java.lang.String"));
            }
            Ok(java_string_compare(string::str_of(a), string::str_of(b)))
        }
        Some(Tag::Keyword | Tag::Symbol) => {
            if tag_of(a) != tag_of(b) {
                return Err(error::cast_error(b, &error::class_name_of(a)));
            }
            let (an, aname) = string::name_parts(a);
            let (bn, bname) = string::name_parts(b);
            let c = match (an, bn) {
                (None, None) => 0,
                (None, Some(_)) => return Ok(-1),
                (Some(_), None) => return Ok(1),
                (Some(x), Some(y)) => java_string_compare(x, y),
            };
            Ok(if c != 0 {
                c
            } else {
                java_string_compare(aname, bname)
            })
        }
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => {
            if !coll::is_vector_like(b) {
                return Err(error::cast_error(b, "clojure.lang.IPersistentVector"));
            }
            let (x, y) = (coll::vector_len(a), coll::vector_len(b));
            if x != y {
                return Ok(if x < y { -1 } else { 1 });
            }
            for (p, q) in coll::vector_iter(a).zip(coll::vector_iter(b)) {
                let c = compare(p, q)?;
                if c != 0 {
                    return Ok(c);
                }
            }
            Ok(0)
        }
        Some(Tag::Uuid) if has_tag(b, Tag::Uuid) => Ok(tagged::uuid_compare(a, b)),
        Some(Tag::Uuid) => Err(error::cast_error(b, "java.util.UUID")),
        Some(Tag::Inst) if has_tag(b, Tag::Inst) => {
            Ok(tagged::inst_ms(a).cmp(&tagged::inst_ms(b)) as i32)
        }
        Some(Tag::Inst) => Err(error::cast_error(b, "java.util.Date")),
        _ => Err(not_comparable(a, b)),
    }
}

fn not_comparable(x: Value, _other: Value) -> crate::Thrown {
    error::cast_error(x, "java.lang.Comparable")
}

/// Java's `String.compareTo`: by UTF-16 code unit, then by length.
pub fn java_string_compare(a: &str, b: &str) -> i32 {
    let mut ia = a.encode_utf16();
    let mut ib = b.encode_utf16();
    loop {
        match (ia.next(), ib.next()) {
            (Some(x), Some(y)) if x != y => return x as i32 - y as i32,
            (Some(_), Some(_)) => {}
            (None, None) => return 0,
            (Some(_), None) => return (a.encode_utf16().count() - b.encode_utf16().count()) as i32,
            (None, Some(_)) => {
                return -((b.encode_utf16().count() - a.encode_utf16().count()) as i32)
            }
        }
    }
}

/// True if the two values are the same object (`identical?`).
pub fn identical(a: Value, b: Value) -> bool {
    a == b
}

#[allow(dead_code)]
fn is_keyword(v: Value) -> bool {
    has_tag(v, Tag::Keyword)
}

/// Installs an actor's nesting depth and returns the one that was there
/// (the scheduler swaps it with the actor).
pub(crate) fn swap_depth(d: u32) -> u32 {
    DEPTH.with(|c| c.replace(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, kw, read};

    fn eq(a: &str, b: &str) -> bool {
        let (x, y) = (read(a), read(b));
        let r = equiv(x, y).unwrap();
        let (hx, hy) = (hash(x).unwrap(), hash(y).unwrap());
        if r {
            assert_eq!(hx, hy, "hash of {a} and {b}");
        }
        heap::drop(x);
        heap::drop(y);
        r
    }

    #[test]
    fn equality_like_clojure() {
        check_leaks(|| {
            assert!(eq("[1 2]", "(1 2)"));
            assert!(eq("[]", "()"));
            assert!(!eq("[]", "nil"));
            assert!(eq("{:a 1 :b 2}", "{:b 2 :a 1}"));
            assert!(eq("#{1 2}", "#{2 1}"));
            assert!(!eq("1", "1.0"));
            assert!(eq("1", "1N"));
            assert!(eq("\"ab\"", "\"ab\""));
            assert!(eq("foo/bar", "foo/bar"));
            assert!(eq("[[1 {:a #{2}}]]", "[(1 {:a #{2}})]"));
            assert!(!eq("[1 2]", "#{1 2}"));
            assert!(!eq("{:a 1}", "{:a 2}"));
        });
    }

    #[test]
    fn clojure_hashes() {
        check_leaks(|| {
            // JVM Clojure: (hash 1) (hash "") (hash [])  (hash {}) (hash nil)
            assert_eq!(hash(Value::fixnum(1)).unwrap(), 1392991556);
            let v = read("[]");
            assert_eq!(hash(v).unwrap(), -2017569654);
            heap::drop(v);
            let m = read("{}");
            assert_eq!(hash(m).unwrap(), -15128758);
            heap::drop(m);
            let _ = kw("a");
        });
    }

    #[test]
    fn ordering() {
        check_leaks(|| {
            let c = |a: &str, b: &str| {
                let (x, y) = (read(a), read(b));
                let r = compare(x, y).unwrap().signum();
                heap::drop(x);
                heap::drop(y);
                r
            };
            assert_eq!(c("1", "2"), -1);
            assert_eq!(c("2.5", "2"), 1);
            assert_eq!(c("\"a\"", "\"b\""), -1);
            assert_eq!(c(":a", ":b"), -1);
            assert_eq!(c("[1 2]", "[1 3]"), -1);
            assert_eq!(c("[1 2 3]", "[2 3]"), 1);
            assert_eq!(c("nil", "1"), -1);
            assert_eq!(c("1/2", "1/3"), 1);
        });
    }
}
