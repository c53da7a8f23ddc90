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

#[test]
fn a_read_error_after_a_form_leaks_nothing() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("read-errors");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("leak.clj");
    std::fs::write(&file, "(set! *data-readers* {'a/b (fn [v] v)})\n)\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_genera"))
        .arg("--check-leaks")
        .arg("run")
        .arg(&file)
        .output()
        .expect("run genera");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Unmatched delimiter"), "{err}");
    assert!(err.contains("check-leaks: 0 objects live"), "{err}");
}

/// `-e` prints each non-nil value, inside the bindings `clojure.main` has,
/// so `set!` of `*print-length*` holds while the value prints.
#[test]
fn eval_option_prints_every_value_under_the_script_bindings() {
    let run = |expr: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_genera"))
            .args(["-e", expr])
            .output()
            .expect("run genera");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(run("1 nil 2"), "1\n2\n");
    assert_eq!(
        run("(do (set! *print-length* 3) (range 10))"),
        "(0 1 2 ...)\n"
    );
}
