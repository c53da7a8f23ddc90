//! Java arrays: mutable, fixed-length cells (`object-array`, `long-array`, ...).
//!
//! ```text
//! ObjectArray header(scan=LARGE) | n | item0 | item1 ...     items are scanned values
//! PrimArray   header(scan=0)     | n | kind | raw elements   kind: an `ArrayKind`
//! ```
//! An object array holds values: its items are scanned fields, so `drop`
//! and the inspector walk them generically, and `aset` replaces a field
//! (dropping the old item). A primitive array holds raw payload at the
//! element width of its kind (a `byte-array` is one byte per element;
//! chars are 4-byte code points, since genera's chars are code points),
//! which nothing scans.
//!
//! Arrays are the one place where a program can mutate a value in place
//! whatever its count is: `aset` on a shared array is seen by every holder,
//! as on the JVM. So an object array can hold itself (directly or through
//! other arrays), and Perceus cannot free such a cycle: it leaks until a
//! cycle collector exists (docs/differences.md).

use super::*;

/// The element type of a primitive array, after the JVM's primitive types.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ArrayKind {
    Long = 0,
    Double = 1,
    Int = 2,
    Byte = 3,
    Char = 4,
    Boolean = 5,
    Short = 6,
    Float = 7,
}

impl ArrayKind {
    pub const ALL: [ArrayKind; 8] = [
        ArrayKind::Long,
        ArrayKind::Double,
        ArrayKind::Int,
        ArrayKind::Byte,
        ArrayKind::Char,
        ArrayKind::Boolean,
        ArrayKind::Short,
        ArrayKind::Float,
    ];

    fn from_word(w: u64) -> ArrayKind {
        ArrayKind::ALL
            .get(w as usize)
            .copied()
            .unwrap_or(ArrayKind::Long)
    }

    /// Bytes per element.
    pub fn width(self) -> usize {
        match self {
            ArrayKind::Long | ArrayKind::Double => 8,
            ArrayKind::Int | ArrayKind::Char | ArrayKind::Float => 4,
            ArrayKind::Short => 2,
            ArrayKind::Byte | ArrayKind::Boolean => 1,
        }
    }

    /// The JVM's class name for an array of this kind (`[J` for long[]).
    pub fn class_name(self) -> &'static str {
        match self {
            ArrayKind::Long => "[J",
            ArrayKind::Double => "[D",
            ArrayKind::Int => "[I",
            ArrayKind::Byte => "[B",
            ArrayKind::Char => "[C",
            ArrayKind::Boolean => "[Z",
            ArrayKind::Short => "[S",
            ArrayKind::Float => "[F",
        }
    }

    /// The Java primitive type's name (`long`), used in error messages.
    pub fn type_name(self) -> &'static str {
        match self {
            ArrayKind::Long => "long",
            ArrayKind::Double => "double",
            ArrayKind::Int => "int",
            ArrayKind::Byte => "byte",
            ArrayKind::Char => "char",
            ArrayKind::Boolean => "boolean",
            ArrayKind::Short => "short",
            ArrayKind::Float => "float",
        }
    }

    /// The zero an array of this kind starts filled with.
    pub fn zero(self) -> Value {
        match self {
            ArrayKind::Double | ArrayKind::Float => num::double(0.0),
            ArrayKind::Char => Value::char('\0'),
            ArrayKind::Boolean => Value::FALSE,
            _ => Value::fixnum(0),
        }
    }
}

/// The class name of an object array.
pub const OBJECT_ARRAY_CLASS: &str = "[Ljava.lang.Object;";

pub fn is_object_array(v: Value) -> bool {
    has_tag(v, Tag::ObjectArray)
}

pub fn is_prim_array(v: Value) -> bool {
    has_tag(v, Tag::PrimArray)
}

pub fn is_array(v: Value) -> bool {
    is_object_array(v) || is_prim_array(v)
}

/// An object array of `n` nils.
pub fn make_object_array(n: usize) -> Value {
    let a = alloc_large(Tag::ObjectArray, n);
    for i in 0..n {
        set_large_field(a, i, Value::NIL);
    }
    set_large_count(a, n);
    a
}

/// An object array holding `items` (each owned).
pub fn object_array_from(items: Vec<Value>) -> Value {
    let a = alloc_large(Tag::ObjectArray, items.len());
    let n = items.len();
    for (i, x) in items.into_iter().enumerate() {
        set_large_field(a, i, x);
    }
    set_large_count(a, n);
    a
}

/// A primitive array of `n` zeros.
pub fn make_prim_array(kind: ArrayKind, n: usize) -> Value {
    let bytes = (n * kind.width()).div_ceil(8) * 8;
    let h = heap::alloc(HEADER_SIZE + 16 + bytes, Tag::PrimArray, 0);
    let a = Value::from_header(h);
    set_raw(a, 0, n as u64);
    set_raw(a, 1, kind as u64);
    for w in 0..bytes / 8 {
        set_raw(a, 2 + w, 0);
    }
    a
}

/// A primitive array's length, kind word and element bytes (borrowed), as
/// an image writes them.
pub fn prim_array_raw<'a>(a: Value) -> (u64, u64, &'a [u8]) {
    let (len, kind) = (raw(a, 0), raw(a, 1));
    let bytes = len as usize * ArrayKind::from_word(kind).width();
    // SAFETY: a live primitive array has `len` elements of the kind's width
    // from raw word 2 on.
    let b = unsafe {
        std::slice::from_raw_parts(
            crate::object::Header::word(a.header(), 2) as *const u8,
            bytes,
        )
    };
    (len, kind, b)
}

/// Do an image's length, kind word and byte count describe a primitive
/// array?
pub fn valid_prim_array(len: u64, kind: u64, nbytes: usize) -> bool {
    (kind as usize) < ArrayKind::ALL.len()
        && (len as usize).checked_mul(ArrayKind::from_word(kind).width()) == Some(nbytes)
}

/// The kind of a primitive array.
pub fn prim_kind(a: Value) -> ArrayKind {
    ArrayKind::from_word(raw(a, 1))
}

/// The number of elements of an array (either sort).
pub fn array_len(a: Value) -> usize {
    if is_object_array(a) {
        large_count(a)
    } else {
        raw(a, 0) as usize
    }
}

/// The class name `type`/`class` report for an array.
pub fn array_class_name(a: Value) -> &'static str {
    if is_prim_array(a) {
        prim_kind(a).class_name()
    } else {
        OBJECT_ARRAY_CLASS
    }
}

/// Pointer to the first byte of a primitive array's elements.
fn prim_data(a: Value) -> *mut u8 {
    // SAFETY: a PrimArray's elements start at word 2 after the header.
    unsafe { crate::object::Header::word(a.header(), 2) as *mut u8 }
}

fn read_bits(a: Value, i: usize) -> u64 {
    let kind = prim_kind(a);
    let p = prim_data(a);
    // SAFETY: `i < array_len(a)` (callers check), so the element lies inside
    // the block `make_prim_array` sized for `n * width` bytes; offsets are
    // multiples of the width, so each read is aligned.
    unsafe {
        match kind.width() {
            8 => *(p as *const u64).add(i),
            4 => *(p as *const u32).add(i) as u64,
            2 => *(p as *const u16).add(i) as u64,
            _ => *p.add(i) as u64,
        }
    }
}

fn write_bits(a: Value, i: usize, bits: u64) {
    let kind = prim_kind(a);
    let p = prim_data(a);
    // SAFETY: as in `read_bits`; the array is mutable by design.
    unsafe {
        match kind.width() {
            8 => *(p as *mut u64).add(i) = bits,
            4 => *(p as *mut u32).add(i) = bits as u32,
            2 => *(p as *mut u16).add(i) = bits as u16,
            _ => *p.add(i) = bits as u8,
        }
    }
}

/// A float widened to a double the way Java prints it: `0.1f` gives `0.1`
/// (Float.toString's shortest digits), not `0.10000000149011612`.
fn float_value(f: f32) -> f64 {
    f.to_string().parse::<f64>().unwrap_or(f as f64)
}

/// Element `i` of an array (owned), `None` out of range.
pub fn array_get(a: Value, i: usize) -> Option<Value> {
    if i >= array_len(a) {
        return None;
    }
    if is_object_array(a) {
        return Some(dupd(large_field(a, i)));
    }
    let bits = read_bits(a, i);
    Some(match prim_kind(a) {
        ArrayKind::Long => num::long(bits as i64),
        ArrayKind::Double => num::double(f64::from_bits(bits)),
        ArrayKind::Int => Value::fixnum(bits as u32 as i32 as i64),
        ArrayKind::Short => Value::fixnum(bits as u16 as i16 as i64),
        ArrayKind::Byte => Value::fixnum(bits as u8 as i8 as i64),
        ArrayKind::Float => num::double(float_value(f32::from_bits(bits as u32))),
        ArrayKind::Char => Value::char(char::from_u32(bits as u32).unwrap_or('\0')),
        ArrayKind::Boolean => Value::bool(bits != 0),
    })
}

/// The items of an object array (borrowed).
pub fn object_array_items<'a>(a: Value) -> &'a [Value] {
    large_fields(a)
}

fn mismatch() -> crate::Thrown {
    error::illegal_arg("No matching method aset found taking 3 args")
}

/// The raw bits of `x` stored into an array of `kind`. `coerce` is the
/// conversion of the constructors (`long-array`) and of the typed
/// `aset-long` ...: any number, truncated as Java's `longValue()` and
/// `intValue()` do. Without it (`aset`), what Clojure's reflective call
/// accepts: a long for long[] and int[] (wrapped), a double for double[]
/// (nothing fits float[]: no boxed Float), a char for char[], a boolean for boolean[]; genera has no
/// boxed Short or Byte, so nothing fits short[] or byte[] (as a Long does
/// not on the JVM). Anything else: "No matching method aset found".
fn to_bits(kind: ArrayKind, x: Value, coerce: bool) -> Res<u64> {
    if !coerce {
        return strict_bits(kind, x).ok_or_else(mismatch);
    }
    let long = |x: Value| -> Res<i64> {
        if let Some(n) = num::as_long(x) {
            return Ok(n);
        }
        if let Some(f) = num::as_double(x) {
            // Java's narrowing of a double: saturating, NaN is 0.
            return Ok(f as i64);
        }
        if num::is_number(x) {
            return num::to_long(x);
        }
        Err(cast_error(x, "java.lang.Number"))
    };
    let double = |x: Value| -> Res<f64> {
        if num::is_number(x) {
            return num::to_double(x);
        }
        Err(cast_error(x, "java.lang.Number"))
    };
    Ok(match kind {
        ArrayKind::Long => long(x)? as u64,
        ArrayKind::Int => long(x)? as i32 as u32 as u64,
        ArrayKind::Short => long(x)? as i16 as u16 as u64,
        ArrayKind::Byte => long(x)? as i8 as u8 as u64,
        ArrayKind::Double => double(x)?.to_bits(),
        ArrayKind::Float => (double(x)? as f32).to_bits() as u64,
        ArrayKind::Char => match x.as_char() {
            Some(c) => c as u64,
            None if num::as_long(x).is_some() => {
                let n = long(x)? as u16 as u32;
                char::from_u32(n).map(|c| c as u64).unwrap_or(0xFFFD)
            }
            None => return Err(cast_error(x, "java.lang.Character")),
        },
        ArrayKind::Boolean => {
            if x == Value::TRUE || x == Value::FALSE {
                (x == Value::TRUE) as u64
            } else {
                return Err(cast_error(x, "java.lang.Boolean"));
            }
        }
    })
}

/// `aset`'s conversions (see `to_bits`), `None` when nothing matches.
fn strict_bits(kind: ArrayKind, x: Value) -> Option<u64> {
    Some(match kind {
        ArrayKind::Long => num::as_long(x)? as u64,
        ArrayKind::Int => num::as_long(x)? as i32 as u32 as u64,
        ArrayKind::Double => num::as_double(x)?.to_bits(),
        // A float[] needs a boxed Float, which genera does not have.
        ArrayKind::Char => x.as_char()? as u64,
        ArrayKind::Boolean if x == Value::TRUE || x == Value::FALSE => (x == Value::TRUE) as u64,
        _ => return None,
    })
}

/// `(aset a i x)`: stores `x` (borrowed) at `i < array_len(a)`. `coerce`
/// as in `to_bits` (ignored for object arrays, which take any value).
pub fn array_set(a: Value, i: usize, x: Value, coerce: bool) -> Res<()> {
    if is_object_array(a) {
        let old = large_field(a, i);
        set_large_field(a, i, dupd(x));
        heap::drop(old);
        return Ok(());
    }
    let bits = to_bits(prim_kind(a), x, coerce)?;
    write_bits(a, i, bits);
    Ok(())
}

/// A fresh array with the same kind and elements (`aclone`: shallow).
pub fn array_clone(a: Value) -> Value {
    let n = array_len(a);
    if is_object_array(a) {
        return object_array_from(object_array_items(a).iter().map(|x| dupd(*x)).collect());
    }
    let kind = prim_kind(a);
    let c = make_prim_array(kind, n);
    for i in 0..n {
        write_bits(c, i, read_bits(a, i));
    }
    c
}

/// The elements of an array as owned values (for `seq`, `vec`, printing).
pub fn array_values(a: Value) -> Vec<Value> {
    (0..array_len(a)).filter_map(|i| array_get(a, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, pr};
    use proptest::prelude::*;

    /// What each kind stores for a long written with the constructors'
    /// conversion: the model of the element width.
    fn model(kind: ArrayKind, n: i64) -> String {
        match kind {
            ArrayKind::Long => n.to_string(),
            ArrayKind::Int => (n as i32).to_string(),
            ArrayKind::Short => (n as i16).to_string(),
            ArrayKind::Byte => (n as i8).to_string(),
            ArrayKind::Double | ArrayKind::Float => {
                let d = if kind == ArrayKind::Double {
                    n as f64
                } else {
                    float_value(n as f32)
                };
                let f = num::double(d);
                let s = pr(f);
                heap::drop(f);
                s
            }
            ArrayKind::Boolean | ArrayKind::Char => unreachable!(),
        }
    }

    proptest! {
        #[test]
        fn prim_arrays_match_a_vec_model(
            kind in 0usize..8,
            len in 0usize..20,
            writes in proptest::collection::vec((0usize..20, any::<i64>()), 0..40),
        ) {
            let kind = ArrayKind::ALL[kind];
            prop_assume!(!matches!(kind, ArrayKind::Boolean | ArrayKind::Char));
            check_leaks(|| {
                let a = make_prim_array(kind, len);
                let zero = kind.zero();
                let mut m: Vec<String> = vec![pr(zero); len];
                heap::drop(zero);
                for (i, n) in &writes {
                    if *i < len {
                        let x = num::long(*n);
                        array_set(a, *i, x, true).expect("numbers convert");
                        heap::drop(x);
                        m[*i] = model(kind, *n);
                    }
                }
                let c = array_clone(a);
                for (i, want) in m.iter().enumerate() {
                    let got = array_get(c, i).expect("in range");
                    assert_eq!(&pr(got), want, "{kind:?}[{i}]");
                    heap::drop(got);
                }
                assert!(array_get(a, len).is_none());
                heap::drop(a);
                heap::drop(c);
            });
        }

        #[test]
        fn object_arrays_hold_counted_values(len in 1usize..10, writes in 0usize..30) {
            check_leaks(|| {
                let a = make_object_array(len);
                for w in 0..writes {
                    let s = crate::string::make_str(&w.to_string());
                    array_set(a, w % len, s, false).expect("any value fits");
                    heap::drop(s);
                }
                let shared = array_clone(a);
                heap::drop(a);
                assert_eq!(array_len(shared), len);
                heap::drop(shared);
            });
        }
    }

    #[test]
    fn strict_aset_rejects_what_reflection_rejects() {
        check_leaks(|| {
            let a = make_prim_array(ArrayKind::Short, 1);
            let e = array_set(a, 0, Value::fixnum(1), false).unwrap_err();
            assert_eq!(
                crate::error::exception_message(e.0).as_deref(),
                Some("No matching method aset found taking 3 args")
            );
            heap::drop(e.0);
            heap::drop(a);
        });
    }
}
