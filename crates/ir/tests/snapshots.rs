//! Snapshots of the IR of the corpus programs after lowering and after
//! Perceus, in `tests/snapshots/NAME.ir`. A change to lowering or Perceus
//! shows up as a text diff there. After a deliberate change, rerun with
//! `GENERA_BLESS=1` to rewrite the files, and review the diff.

mod common;

use std::path::PathBuf;

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.ir"))
}

#[test]
fn corpus_snapshots() {
    let bless = std::env::var_os("GENERA_BLESS").is_some();
    let mut mismatches = vec![];
    for (name, expr) in common::corpus() {
        let (lowered, rc, _) = common::compile(&expr);
        let actual = format!("== lowered ==\n{lowered}\n== perceus ==\n{rc}");
        let path = snapshot_path(name);
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &actual).unwrap();
        } else {
            mismatches.push(format!(
                "--- {name}: expected ({})\n{expected}\n--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "snapshots differ (GENERA_BLESS=1 to update):\n{}",
        mismatches.join("\n")
    );
}
