//! Errors found while reading a program: named with file, line and column,
//! after the forms before them have run (genera reads and runs one
//! top-level form at a time, as Clojure's `load` does).

use std::path::PathBuf;
use std::process::Command;

fn run_source(name: &str, src: &str) -> (i32, String, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("read-errors");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(name);
    std::fs::write(&file, src).expect("write program");
    let out = Command::new(env!("CARGO_BIN_EXE_genera"))
        .arg("run")
        .arg(&file)
        .output()
        .expect("run genera");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_tag_without_a_reader_is_an_error_at_the_tag() {
    let (code, out, err) = run_source(
        "unknown_tag.clj",
        "(prn :before)\n(prn [1 #my/point [1 2]])\n(prn :after)\n",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, ":before\n");
    assert!(err.contains("unknown_tag.clj:2:9"), "{err}");
    assert!(err.contains("No reader function for tag my/point"), "{err}");
}

#[test]
fn a_bad_inst_names_the_failed_check() {
    let (code, _, err) = run_source("bad_inst.clj", "(prn #inst \"2020-02-30\")\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad_inst.clj:1:6"), "{err}");
    assert!(
        err.contains("failed: (<= 1 days (days-in-month months (leap-year? years)))"),
        "{err}"
    );
}

#[test]
fn a_data_reader_that_throws_is_reported_with_its_message() {
    let (code, out, err) = run_source(
        "throwing_reader.clj",
        "(set! *data-readers* {'x/boom (fn [_] (throw (ex-info \"boom!\" {})))})\n(prn 1)\n(prn #x/boom 2)\n",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "1\n");
    assert!(err.contains("throwing_reader.clj:3:6"), "{err}");
    assert!(err.contains("boom!"), "{err}");
}
