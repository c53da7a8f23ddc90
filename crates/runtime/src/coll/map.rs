//! Maps.

use super::*;

// ---------------------------------------------------------------------------
// Maps

pub const fn alloc_size_map(n: usize) -> usize {
    large_size(1 + 2 * n)
}

pub fn is_map(v: Value) -> bool {
    has_tag(v, Tag::Map)
}

pub fn empty_map() -> Value {
    let m = alloc_large(Tag::Map, 1);
    set_large_field(m, 0, Value::NIL);
    set_large_count(m, 1);
    m
}

#[inline]
pub fn map_count(m: Value) -> usize {
    (large_count(m) - 1) / 2
}

/// Keys and values alternating (borrowed).
#[inline]
pub fn map_kvs<'a>(m: Value) -> &'a [Value] {
    &large_fields(m)[1..]
}

/// Key equality for lookups: identity decides most cases without `=`.
#[inline]
pub(crate) fn key_eq(a: Value, b: Value) -> Res<bool> {
    if a == b {
        return Ok(true);
    }
    if !a.is_ptr() && !b.is_ptr() {
        return Ok(false);
    }
    if string::is_keyword(a) || string::is_keyword(b) {
        return Ok(false);
    }
    equiv::equiv(a, b)
}

/// The index (in pairs) of key `k` in map `m`.
pub fn map_index_of(m: Value, k: Value) -> Res<Option<usize>> {
    let kvs = map_kvs(m);
    for i in 0..kvs.len() / 2 {
        if key_eq(kvs[2 * i], k)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The value at `k` (borrowed), if present.
pub fn map_lookup(m: Value, k: Value) -> Res<Option<Value>> {
    Ok(map_index_of(m, k)?.map(|i| map_kvs(m)[2 * i + 1]))
}

/// `(assoc m k v)`: all three owned. In place when `m` is unique.
pub fn map_assoc(m: Value, k: Value, v: Value) -> Res {
    let idx = match map_index_of(m, k) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(m);
            heap::drop(k);
            heap::drop(v);
            return Err(e);
        }
    };
    match idx {
        Some(i) => {
            if map_kvs(m)[2 * i + 1] == v {
                heap::drop(k);
                heap::drop(v);
                return Ok(m);
            }
            let m = large_unique_with_room(m, 0);
            let old = large_field(m, 2 + 2 * i);
            set_large_field(m, 2 + 2 * i, v);
            heap::drop(old);
            heap::drop(k);
            Ok(m)
        }
        None => {
            let m = large_unique_with_room(m, 2);
            let n = large_count(m);
            set_large_field(m, n, k);
            set_large_field(m, n + 1, v);
            set_large_count(m, n + 2);
            Ok(m)
        }
    }
}

/// `(dissoc m k)`: `m` owned. Keeps the order of the other entries.
pub fn map_dissoc(m: Value, k: Value) -> Res {
    let idx = match map_index_of(m, k) {
        Ok(i) => i,
        Err(e) => {
            heap::drop(m);
            return Err(e);
        }
    };
    let Some(i) = idx else { return Ok(m) };
    let m = large_unique_with_room(m, 0);
    let n = large_count(m);
    let (ok, ov) = (large_field(m, 1 + 2 * i), large_field(m, 2 + 2 * i));
    for j in (1 + 2 * i)..(n - 2) {
        set_large_field(m, j, large_field(m, j + 2));
    }
    set_large_count(m, n - 2);
    heap::drop(ok);
    heap::drop(ov);
    Ok(m)
}

/// A map from `kvs` (keys and values alternating, each owned) for a map
/// literal: a repeated key throws "Duplicate key: k".
pub fn make_map(kvs: &[Value]) -> Res {
    make_map_reusing(Value::NONE, kvs)
}

pub fn make_map_reusing(token: Value, kvs: &[Value]) -> Res {
    debug_assert!(kvs.len() & 1 == 0);
    let m = alloc_large_reusing(token, Tag::Map, 1 + kvs.len());
    set_large_field(m, 0, Value::NIL);
    set_large_count(m, 1);
    for (i, pair) in kvs.chunks(2).enumerate() {
        let dup = match map_index_of(m, pair[0]) {
            Ok(found) => found.is_some(),
            Err(e) => {
                drop_all(&kvs[2 * i..]);
                heap::drop(m);
                return Err(e);
            }
        };
        if dup {
            let msg = format!("Duplicate key: {}", crate::print::pr_str(pair[0]));
            drop_all(&kvs[2 * i..]);
            heap::drop(m);
            return Err(error::illegal_arg(&msg));
        }
        let n = large_count(m);
        set_large_field(m, n, pair[0]);
        set_large_field(m, n + 1, pair[1]);
        set_large_count(m, n + 2);
    }
    Ok(m)
}

/// A map from `kvs` (owned) where later keys win (`hash-map`, `array-map`).
pub fn map_from_kvs(kvs: &[Value]) -> Res {
    let mut m = empty_map();
    for (i, pair) in kvs.chunks(2).enumerate() {
        match map_assoc(m, pair[0], pair[1]) {
            Ok(x) => m = x,
            Err(e) => {
                drop_all(&kvs[2 * i + 2..]);
                return Err(e);
            }
        }
    }
    Ok(m)
}

pub(crate) fn drop_all(vs: &[Value]) {
    for v in vs {
        heap::drop(*v);
    }
}
