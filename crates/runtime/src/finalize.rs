//! Payload finalizers: releasing the non-value part of a dying object (Rust
//! heap memory behind BigInt, BigDecimal, Code, Regex, ...). Value fields are
//! released generically by `heap`; this only handles what `scan` cannot see.

use crate::object::Header;
use crate::tag::Tag;

/// Releases the payload of a dead object.
///
/// # Safety
/// `h` must be a dead object (no references remain) whose payload has not
/// been finalized yet.
pub unsafe fn finalize_payload(h: *mut Header) {
    let Some(tag) = Tag::from_u16((*h).tag) else {
        return;
    };
    match tag {
        Tag::Code => crate::callable::finalize_code(h),
        Tag::BigInt | Tag::BigDecimal => crate::num::finalize_payload(h, tag),
        Tag::Regex => crate::regex::finalize(h),
        _ => {}
    }
}
