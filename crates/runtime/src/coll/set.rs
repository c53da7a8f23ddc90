//! Sets.

use super::*;

// ---------------------------------------------------------------------------
// Sets

pub const fn alloc_size_set(n: usize) -> usize {
    large_size(1 + n)
}

pub fn is_set(v: Value) -> bool {
    has_tag(v, Tag::Set)
}

pub fn empty_set() -> Value {
    let s = alloc_large(Tag::Set, 1);
    set_large_field(s, 0, Value::NIL);
    set_large_count(s, 1);
    s
}

#[inline]
pub fn set_items<'a>(s: Value) -> &'a [Value] {
    &large_fields(s)[1..]
}

pub fn set_index_of(s: Value, x: Value) -> Res<Option<usize>> {
    for (i, y) in set_items(s).iter().enumerate() {
        if key_eq(*y, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

pub fn set_contains(s: Value, x: Value) -> Res<bool> {
    Ok(set_index_of(s, x)?.is_some())
}

/// `(conj s x)`: both owned.
pub fn set_conj(s: Value, x: Value) -> Res {
    match set_index_of(s, x) {
        Ok(Some(_)) => {
            heap::drop(x);
            Ok(s)
        }
        Ok(None) => {
            let s = large_unique_with_room(s, 1);
            let n = large_count(s);
            set_large_field(s, n, x);
            set_large_count(s, n + 1);
            Ok(s)
        }
        Err(e) => {
            heap::drop(s);
            heap::drop(x);
            Err(e)
        }
    }
}

/// `(disj s x)`: `s` owned.
pub fn set_disj(s: Value, x: Value) -> Res {
    let idx = match set_index_of(s, x) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(s);
            return Err(e);
        }
    };
    let Some(i) = idx else { return Ok(s) };
    let s = large_unique_with_room(s, 0);
    let n = large_count(s);
    let old = large_field(s, 1 + i);
    for j in (1 + i)..(n - 1) {
        set_large_field(s, j, large_field(s, j + 1));
    }
    set_large_count(s, n - 1);
    heap::drop(old);
    Ok(s)
}

/// A set of `items` (each owned) for a set literal: a repeated item throws
/// "Duplicate key: x".
pub fn make_set(items: &[Value]) -> Res {
    make_set_reusing(Value::NONE, items)
}

pub fn make_set_reusing(token: Value, items: &[Value]) -> Res {
    let s = alloc_large_reusing(token, Tag::Set, 1 + items.len());
    set_large_field(s, 0, Value::NIL);
    set_large_count(s, 1);
    for (i, x) in items.iter().enumerate() {
        let dup = match set_index_of(s, *x) {
            Ok(found) => found.is_some(),
            Err(e) => {
                drop_all(&items[i..]);
                heap::drop(s);
                return Err(e);
            }
        };
        if dup {
            let msg = format!("Duplicate key: {}", crate::print::pr_str(*x));
            drop_all(&items[i..]);
            heap::drop(s);
            return Err(error::illegal_arg(&msg));
        }
        let n = large_count(s);
        set_large_field(s, n, *x);
        set_large_count(s, n + 1);
    }
    Ok(s)
}

/// A set of `items` (owned), duplicates allowed (`hash-set`, `set`).
pub fn set_from(items: &[Value]) -> Res {
    let mut s = empty_set();
    for (i, x) in items.iter().enumerate() {
        match set_conj(s, *x) {
            Ok(t) => s = t,
            Err(e) => {
                drop_all(&items[i + 1..]);
                return Err(e);
            }
        }
    }
    Ok(s)
}

/// Bytes of a closure with `n` captures, for drop-reuse.
pub const fn alloc_size_closure(n: usize) -> usize {
    HEADER_SIZE + 8 * (1 + n)
}
