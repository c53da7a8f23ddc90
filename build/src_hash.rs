// A build-script helper shared by the crates whose source defines a
// format live images depend on (the runtime's layouts, the VM's bytecode):
// a hash of that source, so an image is only loaded by a matching build.
// Included with `include!` by their build.rs files.

use std::hash::Hasher;
use std::path::Path;

/// Prints `cargo:rustc-env={var}=<hash>` for the `.rs` files under `dirs`
/// (and asks cargo to rerun when they change).
fn emit_source_hash(var: &str, dirs: &[&str]) {
    let mut files = Vec::new();
    for d in dirs {
        println!("cargo:rerun-if-changed={d}");
        collect(Path::new(d), &mut files);
    }
    files.sort();
    // FNV-1a over (path, contents): stable across runs and platforms.
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for f in &files {
        h.write(f.to_string_lossy().as_bytes());
        h.write(&std::fs::read(f).unwrap_or_default());
    }
    println!("cargo:rustc-env={var}={:016x}", h.finish());
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
