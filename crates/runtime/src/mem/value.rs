//! The value word: every value in every tier is one `u64`.
//!
//! ```text
//! ...xxxxxxx1   fixnum: a 63-bit signed integer, stored as n << 1 | 1
//! ...xxxxx000   pointer to a heap object (8-byte aligned, never 0)
//! ...kkkkk010   other immediates; kind k in bits 3..8, payload in bits 8..
//!               nil, false, true, unbound, none (no reuse token), char
//! ```
//! `nil` and `false` differ only in bit 3, so truthiness is one mask and
//! compare (`w & !8 != 2`). These constants are the ABI: the C header and the
//! Cranelift generator read them from here (see `layout.rs`).

use crate::mem::object::Header;

#[repr(transparent)]
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct Value(pub u64);

pub const TAG_FIXNUM: u64 = 0b1;
pub const TAG_IMMEDIATE: u64 = 0b010;
pub const IMM_KIND_SHIFT: u32 = 3;
pub const IMM_PAYLOAD_SHIFT: u32 = 8;

pub const IMM_NIL: u64 = 0;
pub const IMM_FALSE: u64 = 1;
pub const IMM_TRUE: u64 = 2;
pub const IMM_UNBOUND: u64 = 3;
pub const IMM_NONE: u64 = 4;
pub const IMM_CHAR: u64 = 5;

const fn imm(kind: u64, payload: u64) -> u64 {
    (payload << IMM_PAYLOAD_SHIFT) | (kind << IMM_KIND_SHIFT) | TAG_IMMEDIATE
}

/// The largest and smallest integers a fixnum holds (63 bits signed).
/// Longs outside this range are boxed (`Tag::Long`). Tested by
/// `tests::fixnum_range_edges`.
pub const FIXNUM_MAX: i64 = (1 << 62) - 1;
pub const FIXNUM_MIN: i64 = -(1 << 62);

impl Value {
    pub const NIL: Value = Value(imm(IMM_NIL, 0));
    pub const FALSE: Value = Value(imm(IMM_FALSE, 0));
    pub const TRUE: Value = Value(imm(IMM_TRUE, 0));
    /// The value of a var with no root binding; never visible to programs.
    pub const UNBOUND: Value = Value(imm(IMM_UNBOUND, 0));
    /// "No reuse token": what `drop_reuse` returns when the memory could not
    /// be reused, and a general internal sentinel. Never visible to programs.
    pub const NONE: Value = Value(imm(IMM_NONE, 0));

    #[inline(always)]
    pub fn is_fixnum(self) -> bool {
        self.0 & TAG_FIXNUM != 0
    }

    #[inline(always)]
    pub fn is_ptr(self) -> bool {
        self.0 & 0b111 == 0 && self.0 != 0
    }

    #[inline(always)]
    pub fn is_immediate(self) -> bool {
        self.0 & 0b111 == TAG_IMMEDIATE
    }

    #[inline(always)]
    pub fn is_nil(self) -> bool {
        self == Value::NIL
    }

    /// Clojure truthiness: everything except `nil` and `false`.
    #[inline(always)]
    pub fn truthy(self) -> bool {
        self.0 & !(1 << IMM_KIND_SHIFT) != Value::NIL.0
    }

    #[inline(always)]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    /// A fixnum. The caller guarantees `FIXNUM_MIN <= n <= FIXNUM_MAX`; use
    /// `crate::num::long` to make a long of any i64 (boxing if needed).
    #[inline(always)]
    pub fn fixnum(n: i64) -> Value {
        debug_assert!((FIXNUM_MIN..=FIXNUM_MAX).contains(&n));
        Value(((n as u64) << 1) | TAG_FIXNUM)
    }

    #[inline(always)]
    pub fn fits_fixnum(n: i64) -> bool {
        (FIXNUM_MIN..=FIXNUM_MAX).contains(&n)
    }

    /// The integer in a fixnum. Only meaningful when `is_fixnum()`.
    #[inline(always)]
    pub fn as_fixnum(self) -> i64 {
        (self.0 as i64) >> 1
    }

    pub fn char(c: char) -> Value {
        Value(imm(IMM_CHAR, c as u64))
    }

    pub fn is_char(self) -> bool {
        self.is_immediate() && (self.0 >> IMM_KIND_SHIFT) & 0x1f == IMM_CHAR
    }

    pub fn as_char(self) -> Option<char> {
        if self.is_char() {
            char::from_u32((self.0 >> IMM_PAYLOAD_SHIFT) as u32)
        } else {
            None
        }
    }

    /// The header of the heap object this value points to.
    /// Only meaningful when `is_ptr()`.
    #[inline(always)]
    pub fn header(self) -> *mut Header {
        self.0 as *mut Header
    }

    #[inline(always)]
    pub fn from_header(h: *mut Header) -> Value {
        Value(h as u64)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_fixnum() {
            write!(f, "Value(fixnum {})", self.as_fixnum())
        } else if self.is_ptr() {
            // SAFETY: is_ptr values always point to a live header while the
            // caller holds a reference; Debug is only used on such values.
            let tag = unsafe { (*self.header()).tag };
            write!(f, "Value(ptr {:#x} tag {})", self.0, tag)
        } else {
            write!(f, "Value(imm {:#x})", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixnum_range_edges() {
        for n in [0, 1, -1, FIXNUM_MAX, FIXNUM_MIN, 12345, -98765] {
            let v = Value::fixnum(n);
            assert!(v.is_fixnum() && !v.is_ptr() && !v.is_immediate());
            assert_eq!(v.as_fixnum(), n);
        }
        assert!(!Value::fits_fixnum(FIXNUM_MAX + 1));
        assert!(!Value::fits_fixnum(FIXNUM_MIN - 1));
    }

    #[test]
    fn truthiness() {
        assert!(!Value::NIL.truthy());
        assert!(!Value::FALSE.truthy());
        assert!(Value::TRUE.truthy());
        assert!(Value::fixnum(0).truthy());
        assert!(Value::char('a').truthy());
        assert!(Value::UNBOUND.truthy());
    }

    #[test]
    fn chars_round_trip() {
        for c in ['a', '\n', '\u{0}', '\u{10FFFF}', 'λ'] {
            assert_eq!(Value::char(c).as_char(), Some(c));
        }
        assert_eq!(Value::NIL.as_char(), None);
    }
}
