//! Computes the VM's bytecode fingerprint: a hash of its source, so that a
//! live image's code is only loaded by the VM that wrote it (see
//! `image::FINGERPRINT`).

include!("../../build/src_hash.rs");

fn main() {
    emit_source_hash("GENERA_VM_SRC_HASH", &["src"]);
}
