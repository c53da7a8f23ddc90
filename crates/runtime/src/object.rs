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
