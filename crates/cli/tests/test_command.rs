//! `genera test`: loads a project's test files or namespaces, runs them with
//! clojure.test and sets the exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh project directory with src/ and test/ trees.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("genera-test-cmd-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    dir
}

fn genera(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_genera"))
        .args(["--check-leaks", "test"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run genera");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SRC: &str = "(ns app.core)\n(defn add [a b] (+ a b))\n";
const FAILING: &str = "(ns app.core-test\n  (:require [clojure.test :refer [deftest is testing]]\n            [app.core :as c]))\n(deftest add-test\n  (is (= 3 (c/add 1 2)))\n  (testing \"bad\"\n    (is (= 4 (c/add 1 2)))))\n";
const PASSING: &str =
    "(ns app.ok-test (:require [clojure.test :refer [deftest is]]))\n(deftest fine (is (= 1 1)))\n";

#[test]
fn default_runs_every_file_under_test_and_fails() {
    let dir = project(
        "default",
        &[
            ("src/app/core.clj", SRC),
            ("test/app/core_test.clj", FAILING),
            ("test/app/ok_test.clj", PASSING),
        ],
    );
    let (code, out, err) = genera(&dir, &[]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let expected = "\nTesting app.core-test\n\nFAIL in (add-test) (core_test.clj:7)\nbad\n\
                    expected: (= 4 (c/add 1 2))\n  actual: (not (= 4 3))\n\n\
                    Testing app.ok-test\n\nRan 2 tests containing 3 assertions.\n\
                    1 failures, 0 errors.\n";
    assert_eq!(out, expected);
    assert!(err.contains("check-leaks: 0 objects"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_test_file_required_by_another_loads_once() {
    let dir = project(
        "helpers",
        &[
            (
                "test/app/a_test.clj",
                "(ns app.a-test (:require [clojure.test :refer [deftest is]] [app.helpers :as h]))\n\
                 (deftest uses (is (= 2 (h/two))))\n",
            ),
            (
                "test/app/helpers.clj",
                "(ns app.helpers)\n(println \"loading helpers\")\n(defn two [] 2)\n",
            ),
        ],
    );
    let (code, out, err) = genera(&dir, &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(out.matches("loading helpers").count(), 1, "{out}");
    assert!(
        out.contains("Ran 1 tests containing 1 assertions."),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn namespaces_and_files_by_name() {
    let dir = project(
        "named",
        &[
            ("src/app/core.clj", SRC),
            ("test/app/core_test.clj", FAILING),
            ("test/app/ok_test.clj", PASSING),
        ],
    );
    let (code, out, _) = genera(&dir, &["app.ok-test"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Ran 1 tests containing 1 assertions.\n0 failures, 0 errors.\n"));
    let (code, out, _) = genera(&dir, &["test/app/ok_test.clj"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("\nTesting app.ok-test\n"), "{out}");
    let (code, _, err) = genera(&dir, &["test/app/nope.clj"]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_fail_and_nothing_to_test_is_an_error() {
    let dir = project(
        "errors",
        &[(
            "test/err_test.clj",
            "(ns err-test (:require [clojure.test :refer [deftest is]]))\n\
             (deftest boom (is (= 1 (throw (ex-info \"bad\" {})))))\n",
        )],
    );
    let (code, out, _) = genera(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("\nERROR in (boom) (err_test.clj:2)\n"),
        "{out}"
    );
    assert!(out.contains("0 failures, 1 errors.\n"), "{out}");
    let empty = project("empty", &[("README", "no tests")]);
    let (code, _, err) = genera(&empty, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no test files"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
}
