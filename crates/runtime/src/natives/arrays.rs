//! Java arrays: `object-array`, `long-array` and the other constructors,
//! `make-array`, `aget`, `aset` (and the typed `aset-long` ...), `alength`,
//! `aclone`, `to-array`, `to-array-2d`, `into-array`, the casts `longs` ...
//! (see `coll::array` for the layout and how arrays meet Perceus).

use super::*;
use crate::coll::ArrayKind;

fn array_arg(v: Value, name: &str) -> Res<Value> {
    if coll::is_array(v) {
        Ok(v)
    } else {
        Err(error::illegal_arg(&format!(
            "Argument to {name} must be an array: {}",
            error::class_name_of(v)
        )))
    }
}

fn size_arg(v: Value) -> Res<usize> {
    let n = long_arg(v)?;
    if n < 0 {
        return Err(error::throw("NegativeArraySizeException", &n.to_string()));
    }
    Ok(n as usize)
}

/// An index into `a`: ArrayIndexOutOfBoundsException outside it.
fn index_in(a: Value, i: Value) -> Res<usize> {
    let n = long_arg(i)?;
    let len = coll::array_len(a);
    if n < 0 || n as usize >= len {
        return Err(error::throw(
            "ArrayIndexOutOfBoundsException",
            &format!("Index {n} out of bounds for length {len}"),
        ));
    }
    Ok(n as usize)
}

/// The items of a seqable (owned).
fn items_of(coll: Value) -> Res<Vec<Value>> {
    let mut it = SeqIter::new(coll)?;
    let mut out = Vec::new();
    loop {
        match it.next_item() {
            Ok(Some(x)) => out.push(x),
            Ok(None) => return Ok(out),
            Err(e) => {
                drop_all(&out);
                return Err(e);
            }
        }
    }
}

/// Fills a fresh array of `kind` (or an object array) from `xs` (borrowed),
/// converting as the JVM's `long-array` and friends do.
fn filled(kind: Option<ArrayKind>, n: usize, xs: &[Value], fill: Option<Value>) -> Res {
    let a = match kind {
        Some(k) => coll::make_prim_array(k, n),
        None => coll::make_object_array(n),
    };
    for i in 0..n {
        let x = match fill {
            Some(f) => f,
            None if i < xs.len() => xs[i],
            None => break,
        };
        if let Err(e) = coll::array_set(a, i, x, true) {
            heap::drop(a);
            return Err(e);
        }
    }
    Ok(a)
}

/// `(long-array size-or-seq)`, `(long-array size init-val-or-seq)`.
fn construct(a: &[Value], kind: Option<ArrayKind>, name: &str) -> Res {
    ar_range(a, 1, 2, name)?;
    if a.len() == 1 {
        if num::is_number(a[0]) {
            return filled(kind, size_arg(a[0])?, &[], None);
        }
        let xs = items_of(a[0])?;
        let r = filled(kind, xs.len(), &xs, None);
        drop_all(&xs);
        return r;
    }
    let n = size_arg(a[0])?;
    if num::is_number(a[1]) || kind.is_none() {
        if kind.is_none() && !num::is_number(a[1]) && seq::is_seqable(a[1]) {
            let xs = items_of(a[1])?;
            let r = filled(kind, n, &xs, None);
            drop_all(&xs);
            return r;
        }
        return filled(kind, n, &[], Some(a[1]));
    }
    let xs = items_of(a[1])?;
    let r = filled(kind, n, &xs, None);
    drop_all(&xs);
    r
}

fn n_object_array(a: &[Value]) -> Res {
    ar(a, 1, "object-array")?;
    construct(a, None, "object-array")
}
fn n_long_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Long), "long-array")
}
fn n_double_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Double), "double-array")
}
fn n_int_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Int), "int-array")
}
fn n_byte_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Byte), "byte-array")
}
fn n_char_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Char), "char-array")
}
fn n_boolean_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Boolean), "boolean-array")
}
fn n_short_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Short), "short-array")
}
fn n_float_array(a: &[Value]) -> Res {
    construct(a, Some(ArrayKind::Float), "float-array")
}

/// The primitive kind a class designator names (`Long/TYPE` is not
/// available, so the primitive type's name as a symbol: `'long`), `None`
/// for any other class (an object array).
fn kind_of_class(c: Value) -> Option<ArrayKind> {
    let name = if string::is_symbol(c) {
        string::full_name(c)
    } else {
        string::as_str(c)?.to_string()
    };
    ArrayKind::ALL.into_iter().find(|k| k.type_name() == name)
}

/// `(make-array class dim & more-dims)`.
fn n_make_array(a: &[Value]) -> Res {
    ar_min(a, 2, "make-array")?;
    let kind = kind_of_class(a[0]);
    let dims: Vec<usize> = a[1..].iter().map(|d| size_arg(*d)).collect::<Res<_>>()?;
    Ok(make_dims(kind, &dims))
}

fn make_dims(kind: Option<ArrayKind>, dims: &[usize]) -> Value {
    if dims.len() == 1 {
        return match kind {
            Some(k) => coll::make_prim_array(k, dims[0]),
            None => coll::make_object_array(dims[0]),
        };
    }
    let items = (0..dims[0]).map(|_| make_dims(kind, &dims[1..])).collect();
    coll::object_array_from(items)
}

/// Follows `idxs` through nested arrays: the innermost array (borrowed).
fn walk(mut arr: Value, idxs: &[Value], name: &str) -> Res<Value> {
    for i in idxs {
        array_arg(arr, name)?;
        let k = index_in(arr, *i)?;
        if !coll::is_object_array(arr) {
            return Err(cast_error(arr, "[Ljava.lang.Object;"));
        }
        arr = coll::object_array_items(arr)[k];
    }
    array_arg(arr, name)
}

/// `(aget array idx & idxs)`.
fn n_aget(a: &[Value]) -> Res {
    ar_min(a, 2, "aget")?;
    let arr = walk(a[0], &a[1..a.len() - 1], "aget")?;
    let i = index_in(arr, a[a.len() - 1])?;
    Ok(coll::array_get(arr, i).unwrap_or(Value::NIL))
}

fn set_in(a: &[Value], name: &str, coerce: bool) -> Res {
    ar_min(a, 3, name)?;
    let n = a.len();
    let arr = walk(a[0], &a[1..n - 2], name)?;
    let i = index_in(arr, a[n - 2])?;
    coll::array_set(arr, i, a[n - 1], coerce)?;
    Ok(dupd(a[n - 1]))
}

/// `(aset array idx val)`, `(aset array idx idx2 ... val)`: returns val.
fn n_aset(a: &[Value]) -> Res {
    set_in(a, "aset", false)
}

/// `aset-long` and friends: `val` converted to the named type first, then
/// stored with Java's widening (an int into a long[] is fine, a long into
/// an int[] is not, as with `java.lang.reflect.Array.setLong`).
fn aset_typed(a: &[Value], kind: ArrayKind, name: &str) -> Res {
    ar_min(a, 3, name)?;
    let n = a.len();
    let arr = walk(a[0], &a[1..n - 2], name)?;
    let target = if coll::is_prim_array(arr) {
        coll::prim_kind(arr)
    } else {
        return Err(error::illegal_arg("Argument is not an array of primitives"));
    };
    if !widens(kind, target) {
        return Err(error::illegal_arg("argument type mismatch"));
    }
    let i = index_in(arr, a[n - 2])?;
    let v = cast_to(kind, a[n - 1])?;
    let r = coll::array_set(arr, i, v, true);
    heap::drop(v);
    r?;
    Ok(dupd(a[n - 1]))
}

/// Java's widening primitive conversions (JLS 5.1.2), plus identity.
fn widens(from: ArrayKind, to: ArrayKind) -> bool {
    use ArrayKind::*;
    from == to
        || matches!(
            (from, to),
            (Byte, Short | Int | Long | Float | Double)
                | (Short | Char, Int | Long | Float | Double)
                | (Int, Long | Float | Double)
                | (Long, Float | Double)
                | (Float, Double)
        )
}

/// `(int x)`, `(long x)` ... as the typed `aset-`s apply them (range-checked).
fn cast_to(kind: ArrayKind, x: Value) -> Res {
    let range = |lo: i64, hi: i64, t: &str| -> Res {
        if let Some(f) = num::as_double(x) {
            // RT.intCast of a double.
            if f.is_nan() || f < lo as f64 || f > hi as f64 {
                return Err(error::arithmetic("integer overflow"));
            }
        }
        let n = num::to_long(x)?;
        if n < lo || n > hi {
            return Err(error::illegal_arg(&format!(
                "Value out of range for {t}: {}",
                num::str_num(x)
            )));
        }
        Ok(Value::fixnum(n))
    };
    match kind {
        ArrayKind::Long => Ok(num::long(num::to_long(x)?)),
        ArrayKind::Int => range(i32::MIN as i64, i32::MAX as i64, "int"),
        ArrayKind::Short => range(i16::MIN as i64, i16::MAX as i64, "short"),
        ArrayKind::Byte => range(i8::MIN as i64, i8::MAX as i64, "byte"),
        ArrayKind::Double | ArrayKind::Float => {
            if !num::is_number(x) {
                return Err(cast_error(x, "java.lang.Number"));
            }
            Ok(num::double(num::to_double(x)?))
        }
        ArrayKind::Char | ArrayKind::Boolean => Ok(dupd(x)),
    }
}

fn n_aset_long(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Long, "aset-long")
}
fn n_aset_int(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Int, "aset-int")
}
fn n_aset_double(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Double, "aset-double")
}
fn n_aset_float(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Float, "aset-float")
}
fn n_aset_short(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Short, "aset-short")
}
fn n_aset_byte(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Byte, "aset-byte")
}
fn n_aset_char(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Char, "aset-char")
}
fn n_aset_boolean(a: &[Value]) -> Res {
    aset_typed(a, ArrayKind::Boolean, "aset-boolean")
}

fn n_alength(a: &[Value]) -> Res {
    ar(a, 1, "alength")?;
    let arr = array_arg(a[0], "alength")?;
    Ok(Value::fixnum(coll::array_len(arr) as i64))
}

fn n_aclone(a: &[Value]) -> Res {
    ar(a, 1, "aclone")?;
    let arr = array_arg(a[0], "aclone")?;
    Ok(coll::array_clone(arr))
}

/// `(to-array coll)`: an object array of the items (nil gives an empty one).
fn n_to_array(a: &[Value]) -> Res {
    ar(a, 1, "to-array")?;
    Ok(coll::object_array_from(items_of(a[0])?))
}

/// `(to-array-2d coll)`: an array of arrays, one per item of `coll`.
fn n_to_array_2d(a: &[Value]) -> Res {
    ar(a, 1, "to-array-2d")?;
    let rows = items_of(a[0])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        match items_of(*r) {
            Ok(xs) => out.push(coll::object_array_from(xs)),
            Err(e) => {
                drop_all(&rows);
                drop_all(&out);
                return Err(e);
            }
        }
    }
    drop_all(&rows);
    Ok(coll::object_array_from(out))
}

/// `(into-array aseq)`, `(into-array type aseq)`: a primitive array when the
/// type names a primitive (`'long`), else an object array.
fn n_into_array(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "into-array")?;
    let kind = if a.len() == 2 {
        kind_of_class(a[0])
    } else {
        None
    };
    let xs = items_of(a[a.len() - 1])?;
    let r = if a.len() == 1 {
        // JVM: the class of the first item; mixed types throw.
        check_same_class(&xs).map(|_| coll::object_array_from(xs.clone()))
    } else {
        let r = filled(kind, xs.len(), &xs, None);
        drop_all(&xs);
        r
    };
    if r.is_err() && a.len() == 1 {
        drop_all(&xs);
    }
    r
}

fn check_same_class(xs: &[Value]) -> Res<()> {
    let Some(first) = xs.iter().find(|x| !x.is_nil()) else {
        return Ok(());
    };
    let class = error::class_name_of(*first);
    for x in xs {
        if !x.is_nil() && error::class_name_of(*x) != class {
            return Err(error::illegal_arg("array element type mismatch"));
        }
    }
    Ok(())
}

/// `(longs x)` and friends: `x` itself if it is an array of that kind.
fn cast_array(a: &[Value], kind: ArrayKind, name: &str) -> Res {
    ar(a, 1, name)?;
    if coll::is_prim_array(a[0]) && coll::prim_kind(a[0]) == kind {
        return Ok(dupd(a[0]));
    }
    Err(cast_error(a[0], kind.class_name()))
}

fn n_longs(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Long, "longs")
}
fn n_doubles(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Double, "doubles")
}
fn n_ints(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Int, "ints")
}
fn n_bytes(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Byte, "bytes")
}
fn n_chars(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Char, "chars")
}
fn n_booleans(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Boolean, "booleans")
}
fn n_shorts(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Short, "shorts")
}
fn n_floats(a: &[Value]) -> Res {
    cast_array(a, ArrayKind::Float, "floats")
}

fn n_bytes_p(a: &[Value]) -> Res {
    ar(a, 1, "bytes?")?;
    b(coll::is_prim_array(a[0]) && coll::prim_kind(a[0]) == ArrayKind::Byte)
}

/// `(%array? x)`: any Java array (for `amap`'s and printing's helpers).
fn n_array_p(a: &[Value]) -> Res {
    ar(a, 1, "%array?")?;
    b(coll::is_array(a[0]))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("object-array", n_object_array),
        ("long-array", n_long_array),
        ("double-array", n_double_array),
        ("int-array", n_int_array),
        ("byte-array", n_byte_array),
        ("char-array", n_char_array),
        ("boolean-array", n_boolean_array),
        ("short-array", n_short_array),
        ("float-array", n_float_array),
        ("make-array", n_make_array),
        ("aget", n_aget),
        ("aset", n_aset),
        ("aset-long", n_aset_long),
        ("aset-int", n_aset_int),
        ("aset-double", n_aset_double),
        ("aset-float", n_aset_float),
        ("aset-short", n_aset_short),
        ("aset-byte", n_aset_byte),
        ("aset-char", n_aset_char),
        ("aset-boolean", n_aset_boolean),
        ("alength", n_alength),
        ("aclone", n_aclone),
        ("to-array", n_to_array),
        ("to-array-2d", n_to_array_2d),
        ("into-array", n_into_array),
        ("longs", n_longs),
        ("doubles", n_doubles),
        ("ints", n_ints),
        ("bytes", n_bytes),
        ("chars", n_chars),
        ("booleans", n_booleans),
        ("shorts", n_shorts),
        ("floats", n_floats),
        ("bytes?", n_bytes_p),
        ("%array?", n_array_p),
    ]
}
