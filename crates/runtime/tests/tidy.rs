//! Style rules that matter, as tests: the runtime's layering.

use std::path::Path;

fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).expect("read source");
            out.push((p.display().to_string(), text));
        }
    }
    out
}

/// The memory core (`src/mem`) is the ABI the code generators read: it
/// may use `crate::mem::*` and the standard library, nothing else of the
/// runtime (the one call upward is the `genera_finalize_payload` symbol).
#[test]
fn memory_core_imports_nothing_above_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/mem");
    let mut bad = Vec::new();
    for (file, text) in sources(&dir) {
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                let path = &rest[at + "crate::".len()..];
                if !path.starts_with("mem::") {
                    bad.push(format!("{file}:{}: {}", i + 1, line.trim()));
                }
                rest = path;
            }
        }
    }
    assert!(
        bad.is_empty(),
        "the memory core reaches above itself:\n{}",
        bad.join("\n")
    );
}

/// Natives are bindings: no data module calls into `natives`. (`image/`
/// sits above them: it names the natives an image refers to.)
#[test]
fn only_init_uses_the_natives() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    for (file, text) in sources(&dir) {
        if file.contains("/natives/") || file.contains("/image/") || file.ends_with("lib.rs") {
            continue;
        }
        if text.contains("crate::natives") {
            bad.push(file);
        }
    }
    assert!(bad.is_empty(), "data modules depend on natives: {bad:?}");
}
