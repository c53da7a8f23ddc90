//! Computes the runtime's layout fingerprint: a hash of its source, so that
//! a live image is only ever loaded by a build whose object layouts match
//! the ones that wrote it (see `image::runtime_fingerprint`).

include!("../../build/src_hash.rs");

fn main() {
    emit_source_hash("GENERA_RUNTIME_SRC_HASH", &["src"]);
}
