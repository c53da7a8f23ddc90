//! Live images from the command line: `genera image save`, `image run`,
//! `--image`, `genera.image/save`, the core image cache, and every way an
//! image file can be wrong (each refused with a message saying which, never
//! loaded or crashed on).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn genera() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_genera"))
}

/// A scratch directory of this test's own (and a cache directory in it).
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("image-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(genera())
        .args(args)
        .current_dir(dir)
        .env("GENERA_CACHE_DIR", dir.join("cache"))
        .output()
        .expect("run genera")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const APP: &str = r#"
(ns app (:require [clojure.string :as str]))
(def counter (atom 41))
(defrecord P [x y])
(defprotocol Area (area [s]))
(extend-protocol Area P (area [p] (* (:x p) (:y p))))
(def big (vec (range 100)))
(def by-atom (into {} (for [i (range 20)] [(atom i) i])))
(def by-fn (into {} (for [f [inc dec str vector list map filter first rest next count]] [f 1])))
(def lazy (map inc (range 5)))
(defmulti shape :kind)
(defmethod shape :square [s] (* (:side s) (:side s)))
(defn -main [& args]
  (swap! counter inc)
  (println "counter" @counter "args" args)
  (println (area (->P 3 4)) (count big) (str/upper-case "ok") (shape {:kind :square :side 5}))
  (println "by-atom" (count (filter #(= (by-atom %) @%) (keys by-atom))) "of" (count by-atom))
  (println "by-fn" (count (filter by-fn (keys by-fn))) "of" (count by-fn))
  (println lazy #"a+b" (re-find #"a+b" "xaab") 12345678901234567890N 1.5M 22/7 \x))
"#;

#[test]
fn a_saved_program_runs_as_it_does_from_source() {
    let dir = scratch("app");
    std::fs::write(dir.join("app.clj"), APP).unwrap();
    let from_source = run(&dir, &["--check-leaks", "run", "-m", "app", "a", "b"]);
    assert!(
        from_source.status.success(),
        "{}",
        text(&from_source.stderr)
    );
    let saved = run(&dir, &["image", "save", "app.img", "--main", "app"]);
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    assert!(text(&saved.stderr).contains("saved app.img"));
    let from_image = run(
        &dir,
        &["--check-leaks", "image", "run", "app.img", "a", "b"],
    );
    assert!(from_image.status.success(), "{}", text(&from_image.stderr));
    assert_eq!(text(&from_image.stdout), text(&from_source.stdout));
    assert!(text(&from_image.stdout).contains("counter 42 args (a b)"));
    assert!(text(&from_image.stdout).contains("by-atom 20 of 20"));
    assert!(text(&from_image.stderr).contains("check-leaks: 0 objects"));
    // The same image with -e and with `run` and no file (its main).
    let e = run(
        &dir,
        &[
            "--image",
            "app.img",
            "-e",
            "(do (swap! app/counter + 10) @app/counter)",
        ],
    );
    assert_eq!(text(&e.stdout), "51\n", "{}", text(&e.stderr));
    let r = run(&dir, &["--image", "app.img", "run"]);
    assert!(text(&r.stdout).contains("args nil"), "{}", text(&r.stderr));
}

#[test]
fn a_session_saves_itself_and_atoms_come_back_with_their_values() {
    let dir = scratch("repl");
    let save = run(
        &dir,
        &[
            "-e",
            "(def notes (atom [:a])) (swap! notes conj :b) (defn twice [x] (* 2 x)) \
             (require 'genera.image) (genera.image/save \"s.img\")",
        ],
    );
    assert!(save.status.success(), "{}", text(&save.stderr));
    // -e prints each form's value, as `clojure -e` does.
    assert_eq!(
        text(&save.stdout),
        "#'user/notes\n[:a :b]\n#'user/twice\n\"s.img\"\n"
    );
    let out = run(
        &dir,
        &["--image", "s.img", "-e", "[@notes (twice 21) (str *ns*)]"],
    );
    assert_eq!(
        text(&out.stdout),
        "[[:a :b] 42 \"user\"]\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn what_cannot_be_saved_is_refused_by_name() {
    let dir = scratch("refuse");
    let out = run(
        &dir,
        &[
            "-e",
            "(def w (java.io.StringWriter.)) (genera.image/save \"w.img\")",
        ],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("a string writer is reachable from #'user/w"),
        "{err}"
    );
    assert!(!dir.join("w.img").exists());
}

/// Saves a small image and returns its bytes.
fn small_image(dir: &Path) -> Vec<u8> {
    let out = run(dir, &["-e", "(def x 7) (genera.image/save \"ok.img\")"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read(dir.join("ok.img")).unwrap()
}

fn refused(dir: &Path, bytes: &[u8], expect: &str) {
    std::fs::write(dir.join("bad.img"), bytes).unwrap();
    let out = run(dir, &["--image", "bad.img", "-e", "x"]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "loaded a bad image: {err}");
    assert!(
        err.contains("bad.img") && err.contains(expect),
        "expected {expect:?} in: {err}"
    );
    assert!(!err.contains("panic"), "{err}");
}

#[test]
fn bad_images_are_refused_with_the_reason() {
    let dir = scratch("bad");
    let good = small_image(&dir);
    let ok = run(&dir, &["--image", "ok.img", "-e", "x"]);
    assert_eq!(text(&ok.stdout), "7\n", "{}", text(&ok.stderr));

    refused(&dir, b"hello, not an image", "not a genera image");
    refused(&dir, &good[..20], "truncated");
    refused(&dir, &good[..good.len() / 2], "truncated");
    let mut flipped = good.clone();
    let last = flipped.len() - 100;
    flipped[last] ^= 0x40;
    refused(&dir, &flipped, "checksum");
    let mut other_build = good.clone();
    other_build[12] ^= 1; // the runtime fingerprint
    refused(&dir, &other_build, "another build of genera");
    let mut other_format = good.clone();
    other_format[8] = 99;
    refused(&dir, &other_format, "format 99");
    let missing = run(&dir, &["--image", "nope.img", "-e", "1"]);
    assert!(text(&missing.stderr).contains("cannot read image nope.img"));
}

#[test]
fn the_core_image_is_made_once_and_a_damaged_one_is_replaced() {
    let dir = scratch("core");
    let first = run(&dir, &["-e", "(+ 1 2)"]);
    assert_eq!(text(&first.stdout), "3\n");
    let images: Vec<_> = std::fs::read_dir(dir.join("cache"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(images.len(), 1, "{images:?}");
    std::fs::write(&images[0], b"GENERA\0Igarbage").unwrap();
    let again = run(&dir, &["-e", "(map inc [1 2])"]);
    assert_eq!(text(&again.stdout), "(2 3)\n", "{}", text(&again.stderr));
    assert!(std::fs::metadata(&images[0]).unwrap().len() > 1000);
    let no_image = run(&dir, &["--no-image", "-e", "(count (all-ns))"]);
    let with_image = run(&dir, &["-e", "(count (all-ns))"]);
    assert_eq!(text(&no_image.stdout), text(&with_image.stdout));
}

#[test]
fn an_image_starts_in_user_whatever_namespace_saved_it() {
    let dir = scratch("ns");
    let save = run(
        &dir,
        &[
            "-e",
            "(def w (java.io.StringWriter.)) (alter-var-root (var *1) (constantly w)) (def w nil) (in-ns 'foo) (def y 1) \
             (clojure.core/require 'genera.image) (genera.image/save \"n.img\")",
        ],
    );
    // The REPL's history (*1 here) holds a writer, but is not saved.
    assert!(save.status.success(), "{}", text(&save.stderr));
    let out = run(
        &dir,
        &["--image", "n.img", "-e", "[(str *ns*) foo/y (+ 1 2)]"],
    );
    assert_eq!(
        text(&out.stdout),
        "[\"user\" 1 3]\n",
        "{}",
        text(&out.stderr)
    );
}
