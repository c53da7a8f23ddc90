//! One function per `genera_ir::PrimOp`, with the semantics of the
//! `clojure.core` function it stands for (they share the implementation
//! with the natives). Fixnum fast paths are inlined; everything else goes
//! out of line to `num`, `coll`, `seq`, `equiv`.
//!
//! Ownership: arguments are borrowed, except `conj` and `assoc` (the
//! collection) and `with_meta` (the object), which consume them so a unique
//! collection is updated in place, and `count` and `nth` (the collection),
//! which consume it so that walking a lazy seq releases each cell as it
//! goes instead of the caller's frame holding the head. Results are owned.

use crate::value::{Value, FIXNUM_MAX, FIXNUM_MIN};
use crate::{atom, coll, equiv as eq, error, num, seq, Res};

#[inline(always)]
fn both_fixnums(a: Value, b: Value) -> bool {
    a.0 & b.0 & 1 != 0
}

#[inline]
pub fn add(a: Value, b: Value) -> Res {
    if both_fixnums(a, b) {
        let r = a.as_fixnum() + b.as_fixnum();
        if (FIXNUM_MIN..=FIXNUM_MAX).contains(&r) {
            return Ok(Value::fixnum(r));
        }
    }
    num::add(a, b)
}

#[inline]
pub fn sub(a: Value, b: Value) -> Res {
    if both_fixnums(a, b) {
        let r = a.as_fixnum() - b.as_fixnum();
        if (FIXNUM_MIN..=FIXNUM_MAX).contains(&r) {
            return Ok(Value::fixnum(r));
        }
    }
    num::sub(a, b)
}

#[inline]
pub fn mul(a: Value, b: Value) -> Res {
    if both_fixnums(a, b) {
        if let Some(r) = a.as_fixnum().checked_mul(b.as_fixnum()) {
            if (FIXNUM_MIN..=FIXNUM_MAX).contains(&r) {
                return Ok(Value::fixnum(r));
            }
        }
    }
    num::mul(a, b)
}

#[inline]
pub fn div(a: Value, b: Value) -> Res {
    num::div(a, b)
}

#[inline]
pub fn neg(a: Value) -> Res {
    num::neg(a)
}

#[inline]
pub fn inc(a: Value) -> Res {
    if a.is_fixnum() && a.as_fixnum() < FIXNUM_MAX {
        return Ok(Value::fixnum(a.as_fixnum() + 1));
    }
    num::inc(a)
}

#[inline]
pub fn dec(a: Value) -> Res {
    if a.is_fixnum() && a.as_fixnum() > FIXNUM_MIN {
        return Ok(Value::fixnum(a.as_fixnum() - 1));
    }
    num::dec(a)
}

#[inline]
pub fn quot(a: Value, b: Value) -> Res {
    num::quot(a, b)
}

#[inline]
pub fn rem(a: Value, b: Value) -> Res {
    num::rem(a, b)
}

#[inline]
pub fn modulo(a: Value, b: Value) -> Res {
    num::modulo(a, b)
}

macro_rules! cmp_prim {
    ($name:ident, $op:tt, $slow:path) => {
        #[inline]
        pub fn $name(a: Value, b: Value) -> Res {
            if both_fixnums(a, b) {
                return Ok(Value::bool(a.as_fixnum() $op b.as_fixnum()));
            }
            $slow(a, b).map(Value::bool)
        }
    };
}
cmp_prim!(lt, <, num::lt);
cmp_prim!(gt, >, num::gt);
cmp_prim!(le, <=, num::le);
cmp_prim!(ge, >=, num::ge);
cmp_prim!(num_eq, ==, num::num_equiv);

/// `=`
#[inline]
pub fn equiv(a: Value, b: Value) -> Res {
    if a == b && !a.is_ptr() {
        return Ok(Value::TRUE);
    }
    if both_fixnums(a, b) {
        return Ok(Value::FALSE);
    }
    eq::equiv(a, b).map(Value::bool)
}

#[inline]
pub fn identical(a: Value, b: Value) -> Value {
    Value::bool(a == b)
}

#[inline]
pub fn not(a: Value) -> Value {
    Value::bool(!a.truthy())
}

#[inline]
pub fn is_nil(a: Value) -> Value {
    Value::bool(a.is_nil())
}

#[inline]
pub fn is_zero(a: Value) -> Res {
    if a.is_fixnum() {
        return Ok(Value::bool(a.as_fixnum() == 0));
    }
    num::is_zero(a).map(Value::bool)
}

#[inline]
pub fn first(a: Value) -> Res {
    seq::first(a)
}

#[inline]
pub fn rest(a: Value) -> Res {
    seq::rest(a)
}

#[inline]
pub fn next(a: Value) -> Res {
    seq::next(a)
}

#[inline]
pub fn seq(a: Value) -> Res {
    seq::seq(a)
}

/// `(count coll)`: `coll` owned.
#[inline]
pub fn count(a: Value) -> Res {
    coll::count_owned(a).map(|n| num::long(n as i64))
}

/// `(nth coll i)`: `coll` owned.
#[inline]
pub fn nth(coll: Value, i: Value) -> Res {
    coll::nth_owned(coll, i)
}

/// `count` on a borrowed collection: for a tier that would otherwise dup
/// the collection just to hand it to `count` (it stays live after).
#[inline]
pub fn count_borrowed(a: Value) -> Res {
    coll::count(a).map(|n| num::long(n as i64))
}

/// `nth` on a borrowed collection (see `count_borrowed`).
#[inline]
pub fn nth_borrowed(coll: Value, i: Value) -> Res {
    coll::nth(coll, i)
}

#[inline]
pub fn get(coll: Value, k: Value) -> Res {
    coll::get(coll, k)
}

/// `(conj coll x)`: `coll` owned.
#[inline]
pub fn conj(coll: Value, x: Value) -> Res {
    coll::conj(coll, x)
}

/// `(assoc coll k v)`: `coll` owned.
#[inline]
pub fn assoc(coll: Value, k: Value, v: Value) -> Res {
    coll::assoc(coll, k, v)
}

#[inline]
pub fn deref(x: Value) -> Res {
    atom::deref(x)
}

/// `(%exception-is? e "ClassName")`: `class` is a string (or symbol).
pub fn exception_is(exn: Value, class: Value) -> Value {
    let name = match crate::string::as_str(class) {
        Some(s) => s.to_string(),
        None if crate::string::is_symbol(class) => crate::string::full_name(class),
        None => return Value::FALSE,
    };
    Value::bool(error::exception_is(exn, &name))
}

/// `(%with-meta x m)`: `x` owned.
#[inline]
pub fn with_meta(x: Value, m: Value) -> Res {
    coll::with_meta(x, m)
}
