//! Vectors (PersistentVector).

use super::*;

// ---------------------------------------------------------------------------
// Vectors

pub const fn alloc_size_vector(n: usize) -> usize {
    large_size(1 + n)
}

/// A vector of `items` (each owned).
pub fn make_vector(items: &[Value]) -> Value {
    make_vector_reusing(Value::NONE, items)
}

pub fn make_vector_reusing(token: Value, items: &[Value]) -> Value {
    let v = alloc_large_reusing(token, Tag::Vector, 1 + items.len());
    set_large_field(v, 0, Value::NIL);
    for (i, x) in items.iter().enumerate() {
        set_large_field(v, 1 + i, *x);
    }
    set_large_count(v, 1 + items.len());
    v
}

pub fn vector_from_vec(items: Vec<Value>) -> Value {
    make_vector(&items)
}

/// An empty vector with room for `cap` items.
pub fn vector_with_capacity(cap: usize) -> Value {
    let v = alloc_large(Tag::Vector, 1 + cap);
    set_large_field(v, 0, Value::NIL);
    set_large_count(v, 1);
    v
}

pub fn is_vector(v: Value) -> bool {
    has_tag(v, Tag::Vector)
}

#[inline]
pub fn vector_len(v: Value) -> usize {
    large_count(v) - 1
}

/// The items of a vector (or map entry), borrowed.
#[inline]
pub fn vector_items<'a>(v: Value) -> &'a [Value] {
    if has_tag(v, Tag::MapEntry) {
        // SAFETY: a MapEntry's two value fields are words 0 and 1.
        return unsafe {
            std::slice::from_raw_parts(
                crate::object::Header::word(v.header(), 0) as *const Value,
                2,
            )
        };
    }
    &large_fields(v)[1..]
}

/// `(conj v x)`: `v` and `x` owned. In place when `v` is unique.
pub fn vector_push(v: Value, x: Value) -> Value {
    let v = large_unique_with_room(v, 1);
    let n = large_count(v);
    set_large_field(v, n, x);
    set_large_count(v, n + 1);
    v
}

/// `(assoc v i x)` for `i < count`: `v` and `x` owned.
pub fn vector_set(v: Value, i: usize, x: Value) -> Value {
    let v = large_unique_with_room(v, 0);
    let old = large_field(v, 1 + i);
    set_large_field(v, 1 + i, x);
    heap::drop(old);
    v
}

/// `(pop v)` for a non-empty vector (owned).
pub fn vector_pop(v: Value) -> Value {
    let v = large_unique_with_room(v, 0);
    let n = large_count(v);
    let last = large_field(v, n - 1);
    set_large_count(v, n - 1);
    heap::drop(last);
    v
}
