//! The heap object header, shared by every object and every tier.
//!
//! ```text
//! offset 0  i32 rc     reference count (see the table below)
//! offset 4  u16 tag    the object's type, a `Tag`
//! offset 6  u8  scan   how many value fields follow the header
//!                      (SCAN_LARGE: the first word after the header is a raw
//!                      u64 count n, and n value fields follow it)
//! offset 7  u8  flags  FLAG_* bits
//! offset 8  the scanned value fields, then any raw payload
//! ```
//!
//! Reference count ranges (after Lean's `m_rc`):
//!
//! | rc                         | meaning                                          |
//! |----------------------------|--------------------------------------------------|
//! | 1                          | unique, thread-local: may be updated in place    |
//! | 2 ..= RC_STICKY_LOCAL - 1  | thread-local, plain arithmetic                   |
//! | >= RC_STICKY_LOCAL         | sticky: saturated, never counted again or freed  |
//! | 0                          | immortal: static constants, interned keywords    |
//! | -1 ..= RC_STICKY_SHARED+1  | shared between threads: atomic arithmetic, -1 is one reference |
//! | <= RC_STICKY_SHARED        | sticky shared                                    |
//!
//! The generic walks (drop, image writing, who-references, the inspector) find
//! every value field from `scan` alone; they never need the Rust type.

use std::sync::atomic::AtomicI32;

#[repr(C)]
pub struct Header {
    /// Atomic so that shared objects can be counted with atomic instructions;
    /// thread-local objects use plain (Relaxed load/store) arithmetic on it.
    pub rc: AtomicI32,
    pub tag: u16,
    pub scan: u8,
    pub flags: u8,
}

const _: () = assert!(std::mem::size_of::<Header>() == 8);
const _: () = assert!(std::mem::align_of::<Header>() == 4);

pub const HEADER_SIZE: usize = 8;
pub const OFFSET_RC: usize = 0;
pub const OFFSET_TAG: usize = 4;
pub const OFFSET_SCAN: usize = 6;
pub const OFFSET_FLAGS: usize = 7;

/// `scan` value meaning "the count is in the first word after the header".
pub const SCAN_LARGE: u8 = 255;

/// Counts at or above this are sticky (saturated). Tested by
/// `heap::tests::sticky_counts_never_free`.
pub const RC_STICKY_LOCAL: i32 = 0x4000_0000;
/// Shared counts at or below this are sticky.
pub const RC_STICKY_SHARED: i32 = -0x4000_0000;

/// The object and everything it reaches is shared with other threads; its
/// count is negative and changed atomically. (Reserved: set by `share`.)
pub const FLAG_SHARED: u8 = 1 << 0;
/// The object carries metadata (its last scanned field is the meta map).
pub const FLAG_HAS_META: u8 = 1 << 1;
/// A thunk that is being evaluated (black-holed).
pub const FLAG_BLACKHOLE: u8 = 1 << 2;
/// In the cycle collector's candidate buffer. (Reserved.)
pub const FLAG_CYCLE_BUFFERED: u8 = 1 << 3;
/// On a `NativeFn`: its fn pointer is a `callable::NativeFnConsumingPtr`,
/// which takes its arguments owned (see `callable`).
pub const FLAG_CONSUMES_ARGS: u8 = 1 << 4;

impl Header {
    /// The number of value fields, and the offset in words (from the first
    /// word after the header) of the first one.
    ///
    /// # Safety
    /// `h` must point to a live object.
    #[inline]
    pub unsafe fn scan_fields(h: *const Header) -> (usize, usize) {
        let scan = (*h).scan;
        if scan == SCAN_LARGE {
            (*(h.add(1) as *const u64) as usize, 1)
        } else {
            (scan as usize, 0)
        }
    }

    /// Pointer to the `i`th word after the header.
    ///
    /// # Safety
    /// `h` must point to a live object with at least `i + 1` words after it.
    #[inline(always)]
    pub unsafe fn word(h: *mut Header, i: usize) -> *mut u64 {
        (h as *mut u8).add(HEADER_SIZE + 8 * i) as *mut u64
    }
}

// ---------------------------------------------------------------------------
// Field access used throughout the runtime.
//
// These take a `Value` the caller holds a reference to and that has the
// layout its tag promises (callers check the tag first). The runtime's data
// modules are the only users; generated code uses the offsets above.

use crate::mem::tag::Tag;
use crate::mem::value::Value;

/// The tag of a heap object, or `None` for immediates.
#[inline(always)]
pub fn tag_of(v: Value) -> Option<Tag> {
    if v.is_ptr() {
        // SAFETY: the caller holds a reference to v, so its header is live.
        Tag::from_u16(unsafe { (*v.header()).tag })
    } else {
        None
    }
}

/// True if `v` is a heap object with tag `t`.
#[inline(always)]
pub fn has_tag(v: Value, t: Tag) -> bool {
    // SAFETY: as in tag_of.
    v.is_ptr() && unsafe { (*v.header()).tag } == t as u16
}

/// The raw word `i` after the header.
#[inline(always)]
pub(crate) fn raw(v: Value, i: usize) -> u64 {
    // SAFETY: callers pass a live object with more than i words (checked by
    // its tag, whose layout they know).
    unsafe { *Header::word(v.header(), i) }
}

#[inline(always)]
pub(crate) fn set_raw(v: Value, i: usize, w: u64) {
    // SAFETY: as in `raw`; the caller owns the object or it is being built.
    unsafe { *Header::word(v.header(), i) = w }
}

/// Word `i` after the header, as a (borrowed) value.
#[inline(always)]
pub(crate) fn field(v: Value, i: usize) -> Value {
    Value(raw(v, i))
}

/// Stores `x` (owned) in word `i` without touching the old content.
#[inline(always)]
pub(crate) fn set_field(v: Value, i: usize, x: Value) {
    set_raw(v, i, x.0)
}

/// Replaces value field `i` with `x` (owned), dropping the old value.
#[inline(always)]
pub(crate) fn replace_field(v: Value, i: usize, x: Value) {
    let old = field(v, i);
    set_field(v, i, x);
    crate::mem::heap::drop(old);
}

pub(crate) fn flags(v: Value) -> u8 {
    // SAFETY: v is a live object.
    unsafe { (*v.header()).flags }
}

pub(crate) fn set_flags(v: Value, f: u8) {
    // SAFETY: v is a live object the caller may modify.
    unsafe { (*v.header()).flags = f }
}

/// Allocates an object whose value fields are `fields` (each owned) followed
/// by `raw_words` uninitialised raw words.
#[inline]
pub(crate) fn alloc_fields(tag: Tag, fields: &[Value], raw_words: usize) -> Value {
    let h = crate::mem::heap::alloc(
        HEADER_SIZE + 8 * (fields.len() + raw_words),
        tag,
        fields.len() as u8,
    );
    let v = Value::from_header(h);
    for (i, f) in fields.iter().enumerate() {
        set_field(v, i, *f);
    }
    v
}

/// Like `alloc_fields`, through a reuse token (`Value::NONE` for none).
#[inline]
pub(crate) fn alloc_fields_reusing(
    token: Value,
    tag: Tag,
    fields: &[Value],
    raw_words: usize,
) -> Value {
    let size = HEADER_SIZE + 8 * (fields.len() + raw_words);
    let h = crate::mem::heap::alloc_reuse(token, size, tag, fields.len() as u8);
    let v = Value::from_header(h);
    for (i, f) in fields.iter().enumerate() {
        set_field(v, i, *f);
    }
    v
}

// Large objects (vectors, maps, sets): `scan` is SCAN_LARGE, word 0 is the
// number n of value fields, and the fields are words 1..=n. The memory block
// may be larger than needed (capacity for in-place growth when unique).

/// Bytes needed for a large object with `n` value fields.
#[inline(always)]
pub const fn large_size(n: usize) -> usize {
    HEADER_SIZE + 8 + 8 * n
}

/// Allocates a large object with room for `cap` value fields and none set
/// (word 0 = 0). The caller writes fields and then `set_large_count`.
pub(crate) fn alloc_large(tag: Tag, cap: usize) -> Value {
    let h = crate::mem::heap::alloc(large_size(cap), tag, SCAN_LARGE);
    let v = Value::from_header(h);
    set_raw(v, 0, 0);
    v
}

pub(crate) fn alloc_large_reusing(token: Value, tag: Tag, cap: usize) -> Value {
    let h = crate::mem::heap::alloc_reuse(token, large_size(cap), tag, SCAN_LARGE);
    let v = Value::from_header(h);
    set_raw(v, 0, 0);
    v
}

#[inline(always)]
pub(crate) fn large_count(v: Value) -> usize {
    raw(v, 0) as usize
}

#[inline(always)]
pub(crate) fn set_large_count(v: Value, n: usize) {
    set_raw(v, 0, n as u64)
}

/// How many value fields the block of large object `v` can hold.
pub(crate) fn large_capacity(v: Value) -> usize {
    (crate::mem::heap::usable_size(v) - HEADER_SIZE - 8) / 8
}

/// The value fields of a large object (borrowed; valid while the caller
/// holds `v` and does not change it).
#[inline(always)]
pub(crate) fn large_fields<'a>(v: Value) -> &'a [Value] {
    let n = large_count(v);
    // SAFETY: a large object has n initialised value words starting at word
    // 1; Value is repr(transparent) over u64.
    unsafe { std::slice::from_raw_parts(Header::word(v.header(), 1) as *const Value, n) }
}

/// Pointer to value field `i` of a large object (word i + 1).
#[inline(always)]
pub(crate) fn large_field(v: Value, i: usize) -> Value {
    field(v, 1 + i)
}

#[inline(always)]
pub(crate) fn set_large_field(v: Value, i: usize, x: Value) {
    set_field(v, 1 + i, x)
}

/// Returns a unique large object with the contents of `v` (owned) and room
/// for at least `extra` more fields: `v` itself when it is unique and has
/// room (the Perceus in-place path), `v` grown by realloc when it is unique,
/// else a copy (the fields dup'd, `v` released).
pub(crate) fn large_unique_with_room(v: Value, extra: usize) -> Value {
    let n = large_count(v);
    let need = n + extra;
    if crate::mem::heap::is_unique(v) {
        if large_capacity(v) >= need {
            return v;
        }
        let cap = (need * 2).max(4);
        return crate::mem::heap::realloc(v, large_size(cap));
    }
    let cap = if extra == 0 {
        n
    } else {
        (need + need / 2).max(4)
    };
    // SAFETY: v is a live object; reading its tag.
    let tag = Tag::from_u16(unsafe { (*v.header()).tag }).expect("large object tag");
    let c = alloc_large(tag, cap);
    for (i, f) in large_fields(v).iter().enumerate() {
        crate::mem::heap::dup(*f);
        set_large_field(c, i, *f);
    }
    set_large_count(c, n);
    crate::mem::heap::drop(v);
    c
}
