//! Lists (PersistentList), the empty list, cons cells and map entries.

use super::*;

// ---------------------------------------------------------------------------
// Lists

/// The empty list `()` (immortal).
pub fn empty_list() -> Value {
    static EMPTY: OnceLock<u64> = OnceLock::new();
    Value(*EMPTY.get_or_init(|| {
        let v = alloc_fields(Tag::EmptyList, &[Value::NIL], 0);
        heap::make_immortal(v);
        v.0
    }))
}

/// A list cell `(x . rest)`; `x` and `rest` (a List or EmptyList) owned.
pub fn list_cell(x: Value, rest: Value) -> Value {
    let count = if has_tag(rest, Tag::List) {
        raw(rest, 3) + 1
    } else {
        1
    };
    let v = alloc_fields(Tag::List, &[x, rest, Value::NIL], 1);
    set_raw(v, 3, count);
    v
}

/// A list of `items` (owned), in order.
pub fn list_from_owned(items: Vec<Value>) -> Value {
    list_from(&items)
}

/// A list of `items` (each owned), in order.
pub fn list_from(items: &[Value]) -> Value {
    let mut l = empty_list();
    for x in items.iter().rev() {
        l = list_cell(*x, l);
    }
    l
}

pub fn is_list(v: Value) -> bool {
    has_tag(v, Tag::List) || has_tag(v, Tag::EmptyList)
}

// ---------------------------------------------------------------------------
// Cons

/// Bytes of a Cons cell, for drop-reuse.
pub const fn alloc_size_cons() -> usize {
    HEADER_SIZE + 24
}

/// `(cons x coll)`: `x` and `coll` owned. `coll` is stored as the rest
/// when it is a seq or nil; a collection is replaced by its seq.
pub fn cons(x: Value, coll: Value) -> Value {
    cons_reusing(Value::NONE, x, coll)
}

/// `cons` through a reuse token (`Value::NONE` for none).
pub fn cons_reusing(token: Value, x: Value, coll: Value) -> Value {
    let more = match tag_of(coll) {
        Some(Tag::Vector | Tag::SubVector | Tag::Map | Tag::Set | Tag::String | Tag::MapEntry) => {
            // seq of these never throws.
            let s = seq::seq(coll).unwrap_or(Value::NIL);
            heap::drop(coll);
            s
        }
        // Seqs are kept as they are; anything else is kept too and throws
        // "Don't know how to create ISeq" when the rest is walked.
        _ => coll,
    };
    alloc_fields_reusing(token, Tag::Cons, &[x, more, Value::NIL], 0)
}

// ---------------------------------------------------------------------------
// Map entries

pub fn map_entry(k: Value, v: Value) -> Value {
    alloc_fields(Tag::MapEntry, &[k, v], 0)
}
