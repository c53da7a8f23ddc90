//! Payload finalizers: releasing the non-value part of a dying object (Rust
//! heap memory behind BigInt, BigDecimal, Code, Regex, ...). Value fields are
//! released generically by `heap`; this only handles what `scan` cannot see.

use crate::object::Header;
use crate::tag::Tag;

/// Releases the payload of a dead object. Called by the memory core
/// (`mem::heap`) through its `extern` declaration, which is why the name
/// is unmangled.
///
/// # Safety
/// `h` must be a dead object (no references remain) whose payload has not
/// been finalized yet.
#[no_mangle]
pub unsafe fn genera_finalize_payload(h: *mut Header) {
    let Some(tag) = Tag::from_u16((*h).tag) else {
        return;
    };
    match tag {
        Tag::Code => crate::callable::finalize_code(h),
        Tag::BigInt | Tag::BigDecimal => crate::num::finalize_payload(h, tag),
        Tag::Regex => crate::regex::finalize(h),
        Tag::Stream => crate::io::finalize(h),
        _ => {}
    }
}
