//! `genera test [FILES, DIRECTORIES or NAMESPACES]`: loads test code and runs
//! it with clojure.test.
//!
//! An argument that names an existing file is loaded as a file; a directory
//! is searched for `.clj`/`.cljc` files; anything else is a namespace to
//! `require` from the source path. With no arguments, every `.clj`/`.cljc`
//! file under `test/` is loaded. `test/` is on the source path, as in
//! Clojure projects. The namespaces loaded are then run with
//! `clojure.test/run-tests`, which prints the report; the exit code is 1 if
//! any test failed or threw, 2 if there was nothing to test.

use crate::{report, set_file_var};
use genera_driver::Session;
use genera_runtime::{heap, ns};
use std::path::{Path, PathBuf};

/// Runs the tests; returns the exit code.
pub(crate) fn run(session: &mut Session, args: &[String]) -> u8 {
    let mut namespaces: Vec<String> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if args.is_empty() {
        let dir = Path::new("test");
        if dir.is_dir() {
            collect(dir, &mut files);
        }
        if files.is_empty() {
            say_err!("genera test: no test files (no .clj or .cljc files under test/)");
            return 2;
        }
    }
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            collect(p, &mut files);
        } else if p.is_file() {
            files.push(p.to_path_buf());
        } else if a.ends_with(".clj") || a.ends_with(".cljc") {
            say_err!("genera test: no such file: {a}");
            return 2;
        } else {
            namespaces.push(a.clone());
        }
    }
    if let Err(code) = load_test_code(session, &files, &mut namespaces) {
        return code;
    }
    if namespaces.is_empty() {
        say_err!("genera test: nothing to test");
        return 2;
    }
    let quoted: Vec<String> = namespaces.iter().map(|n| format!("'{n}")).collect();
    let expr = format!(
        "(clojure.test/successful? (clojure.test/run-tests {}))",
        quoted.join(" ")
    );
    match session.eval_source(&expr, "<genera test>") {
        Ok(v) => {
            let ok = v.truthy();
            heap::drop(v);
            if ok {
                0
            } else {
                1
            }
        }
        Err(e) => report(e, None),
    }
}

/// Loads clojure.test, the files (noting the namespace each one leaves
/// current) and the namespaces named on the command line.
fn load_test_code(
    session: &mut Session,
    files: &[PathBuf],
    namespaces: &mut Vec<String>,
) -> Result<(), u8> {
    // Namespaces named on the command line; those of the files are noted as
    // they load (not required again: that would load them twice).
    let required = std::mem::take(namespaces);
    let run = |session: &mut Session, src: &str, file: &str| match session.eval_source(src, file) {
        Ok(v) => {
            heap::drop(v);
            Ok(())
        }
        Err(e) => Err(report(e, Some(src))),
    };
    run(session, "(require 'clojure.test)", "<genera test>")?;
    for f in files {
        // A file under test/ that an earlier one required is loaded already.
        if let Some(n) = namespace_of(f).filter(|n| ns::find_ns(n).is_some()) {
            if !namespaces.contains(&n) {
                namespaces.push(n);
            }
            continue;
        }
        let name = f.to_string_lossy().into_owned();
        let src = match genera_driver::read_source(&name) {
            Ok(s) => s,
            Err(e) => {
                say_err!("genera test: {}", e.render(None));
                return Err(1);
            }
        };
        ns::set_current_ns("user");
        set_file_var(&name);
        run(session, &src, &name)?;
        let current = ns::current_ns();
        if !namespaces.contains(&current) {
            namespaces.push(current);
        }
    }
    ns::set_current_ns("user");
    let requires: Vec<String> = required.iter().map(|n| format!("(require '{n})")).collect();
    run(session, &requires.join(" "), "<genera test>")?;
    for n in required {
        if !namespaces.contains(&n) {
            namespaces.push(n);
        }
    }
    Ok(())
}

/// The namespace a file under `test/` defines by its path:
/// `test/a/b_c.clj` → `a.b-c`.
fn namespace_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix("test").ok()?;
    let stem = rel.with_extension("");
    let parts: Vec<String> = stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().replace('_', "-"))
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// The `.clj`/`.cljc` files under `dir`, recursively, in sorted order.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("clj" | "cljc")) {
            out.push(p);
        }
    }
}
