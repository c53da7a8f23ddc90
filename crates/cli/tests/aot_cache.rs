//! The compiled-program cache (`genera run --tier aot`, `genera cache`) and
//! the ways of building (`genera build -m`, `--static`), from the command
//! line. Each test has a scratch directory with its own cache (through
//! `GENERA_AOT_CACHE_DIR`) and a C compiler wrapper that logs every call,
//! so "compiled nothing" is checked by counting the calls.
//!
//! These need `libgenera_aot.a` beside the genera binary
//! (`cargo build --release --workspace` builds it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn genera() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_genera"))
}

/// A scratch directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let lib = genera().with_file_name("libgenera_aot.a");
    assert!(
        lib.is_file(),
        "these tests need {} (`cargo build --release --workspace` builds it; `cargo test` alone does not)",
        lib.display()
    );
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("aot-cache-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Writes an executable shell script.
fn script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A C compiler that appends a line to `dir/cc.log` per call, then runs cc.
fn logging_cc(dir: &Path) -> PathBuf {
    let cc = dir.join("logging-cc");
    script(
        &cc,
        &format!(
            "#!/bin/sh\necho called >> '{}'\nexec cc \"$@\"\n",
            dir.join("cc.log").display()
        ),
    );
    cc
}

fn cc_calls(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("cc.log"))
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

/// The core image cache every test shares (making it is slow; the driver
/// tolerates concurrent writers).
fn image_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("aot-cache-images")
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(genera());
    c.args(args)
        .current_dir(dir)
        .env("GENERA_CACHE_DIR", image_cache())
        .env("GENERA_AOT_CACHE_DIR", dir.join("aot-cache"))
        .env("GENERA_CFLAGS", "-O0")
        .env("CC", logging_cc(dir))
        .stdin(Stdio::null());
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("run genera")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs and requires success; returns stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "genera {args:?} failed ({:?}):\n{}",
        out.status,
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// The cache's entry directories.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("aot-cache").join("entries"))
        .map(|l| l.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_warm_run_compiles_nothing() {
    let dir = scratch("warm");
    std::fs::write(
        dir.join("app.clj"),
        "(println \"args\" *command-line-args* (reduce + (range 10)))\n",
    )
    .unwrap();
    let cold = ok(&dir, &["run", "--tier", "aot", "app.clj", "a", "b"]);
    assert_eq!(cold, "args (a b) 45\n");
    assert_eq!(cc_calls(&dir), 1, "the cold run compiles once");
    let warm = ok(&dir, &["run", "--tier", "aot", "app.clj", "c"]);
    assert_eq!(warm, "args (c) 45\n");
    assert_eq!(
        cc_calls(&dir),
        1,
        "the warm run must not call the C compiler"
    );
    assert_eq!(entries(&dir).len(), 1);
    // Exit codes, errors and --check-leaks pass through.
    std::fs::write(
        dir.join("fail.clj"),
        "(println :before)\n(throw (ex-info \"it broke\" {}))\n",
    )
    .unwrap();
    let out = run(&dir, &["--check-leaks", "run", "--tier", "aot", "fail.clj"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(text(&out.stdout), ":before\n");
    assert!(err.contains("it broke"), "{err}");
    assert!(err.contains("check-leaks: 0 objects live"), "{err}");
}

#[test]
fn a_changed_source_is_rebuilt() {
    let dir = scratch("changed");
    std::fs::write(dir.join("app.clj"), "(println 1)\n").unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "1\n");
    std::fs::write(dir.join("app.clj"), "(println 2)\n").unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "2\n");
    assert_eq!(cc_calls(&dir), 2);
    // Changing it back finds the first build again.
    std::fs::write(dir.join("app.clj"), "(println 1)\n").unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "1\n");
    assert_eq!(cc_calls(&dir), 2);
    // Other C flags are another build.
    let out = command(&dir, &["run", "--tier", "aot", "app.clj"])
        .env("GENERA_CFLAGS", "-O1")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "1\n");
    assert_eq!(cc_calls(&dir), 3);
}

#[test]
fn a_changed_required_namespace_is_rebuilt() {
    let dir = scratch("required");
    std::fs::create_dir_all(dir.join("src/my")).unwrap();
    let lib = |factor: u32| {
        format!("(ns my.lib)\n(defmacro scaled [x] `(* {factor} ~x))\n(defn hello [] \"hi\")\n")
    };
    std::fs::write(dir.join("src/my/lib.clj"), lib(2)).unwrap();
    std::fs::write(
        dir.join("app.clj"),
        "(ns app (:require [my.lib :as l]))\n(println (l/hello) (l/scaled 21))\n",
    )
    .unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "hi 42\n");
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "hi 42\n");
    assert_eq!(cc_calls(&dir), 1);
    // The macro expanded at build time: only a rebuild shows the change.
    std::fs::write(dir.join("src/my/lib.clj"), lib(3)).unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "hi 63\n");
    assert_eq!(cc_calls(&dir), 2);
}

#[test]
fn a_corrupt_or_partial_entry_is_rebuilt_never_run() {
    let dir = scratch("corrupt");
    std::fs::write(dir.join("app.clj"), "(println \"fine\")\n").unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "fine\n");
    let entry = entries(&dir).pop().expect("one entry");
    let program = entry.join("program");
    let len = std::fs::metadata(&program).unwrap().len() as usize;
    // An executable of the same length that says so if it is run.
    let mut fake = b"#!/bin/sh\necho RAN-THE-CORRUPT-ENTRY\nexit 0\n".to_vec();
    fake.resize(len, b'#');
    std::fs::write(&program, &fake).unwrap();
    let out = ok(&dir, &["run", "--tier", "aot", "app.clj"]);
    assert_eq!(out, "fine\n", "the corrupt entry was run");
    assert_eq!(cc_calls(&dir), 2, "the corrupt entry is rebuilt");
    // Truncated.
    let program = entries(&dir).pop().unwrap().join("program");
    let bytes = std::fs::read(&program).unwrap();
    std::fs::write(&program, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "fine\n");
    assert_eq!(cc_calls(&dir), 3);
    // No manifest (a build that stopped before it finished).
    std::fs::remove_file(entries(&dir).pop().unwrap().join("manifest")).unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "fine\n");
    assert_eq!(cc_calls(&dir), 4);
    // A one-byte change in the middle.
    let program = entries(&dir).pop().unwrap().join("program");
    let mut bytes = std::fs::read(&program).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&program, &bytes).unwrap();
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "fine\n");
    assert_eq!(cc_calls(&dir), 5);
    assert_eq!(entries(&dir).len(), 1);
    // And the rebuilt entry is whole: the next run is a hit.
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "fine\n");
    assert_eq!(cc_calls(&dir), 5);
}

#[test]
fn two_processes_building_one_entry_do_not_corrupt_it() {
    let dir = scratch("concurrent");
    std::fs::write(dir.join("app.clj"), "(println (apply str (range 5)))\n").unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            command(&dir, &["run", "--tier", "aot", "app.clj"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn genera")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "01234\n");
    }
    assert_eq!(entries(&dir).len(), 1, "one entry for one program");
    let calls = cc_calls(&dir);
    assert!((1..=2).contains(&calls), "{calls} compiler calls");
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "app.clj"]), "01234\n");
    assert_eq!(cc_calls(&dir), calls, "the entry left behind is whole");
    // No build directory is left behind.
    let tmp = std::fs::read_dir(dir.join("aot-cache").join("tmp"))
        .map(|l| l.count())
        .unwrap_or(0);
    assert_eq!(tmp, 0);
}

#[test]
fn cache_stats_and_clear() {
    let dir = scratch("stats");
    std::fs::write(dir.join("a.clj"), "(println :a)\n").unwrap();
    std::fs::write(dir.join("b.clj"), "(println :b)\n").unwrap();
    ok(&dir, &["run", "--tier", "aot", "a.clj"]);
    ok(&dir, &["run", "--tier", "aot", "a.clj"]);
    ok(&dir, &["run", "--tier", "aot", "a.clj"]);
    ok(&dir, &["run", "--tier", "aot", "b.clj"]);
    let stats = ok(&dir, &["cache", "stats"]);
    assert!(stats.contains("entries: 2\n"), "{stats}");
    assert!(stats.contains("hits: 2\n"), "{stats}");
    assert!(stats.contains("misses: 2\n"), "{stats}");
    let size: f64 = stats
        .lines()
        .find_map(|l| l.trim().strip_prefix("total size: ")?.strip_suffix(" MiB"))
        .and_then(|s| s.parse().ok())
        .expect("a total size");
    assert!(size > 0.5, "{stats}");
    // Clearing removes the core images too: give it a cache of its own.
    let own_images = dir.join("images");
    let clear = command(&dir, &["cache", "clear"])
        .env("GENERA_CACHE_DIR", &own_images)
        .output()
        .unwrap();
    assert!(clear.status.success(), "{}", text(&clear.stderr));
    assert!(
        text(&clear.stdout).contains("removed 2 compiled programs"),
        "{}",
        text(&clear.stdout)
    );
    let stats = ok(&dir, &["cache", "stats"]);
    assert!(stats.contains("entries: 0\n"), "{stats}");
    assert!(stats.contains("hits: 0\n"), "{stats}");
    assert!(entries(&dir).is_empty());
    assert_eq!(ok(&dir, &["run", "--tier", "aot", "a.clj"]), ":a\n");
    assert_eq!(cc_calls(&dir), 3, "a run after clear builds again");
}

const MAIN_LIB: &str = "(ns my.util)\n(defn shout [s] (str (clojure.string/upper-case s) \"!\"))\n";
const MAIN_APP: &str = "(ns my.app (:require [my.util :as u]))\n(defn -main [& args]\n  (println (map u/shout args))\n  (println \"file\" (some? *file*)))\n";

#[test]
fn build_from_a_namespace() {
    let dir = scratch("main");
    std::fs::create_dir_all(dir.join("src/my")).unwrap();
    std::fs::write(dir.join("src/my/util.clj"), MAIN_LIB).unwrap();
    std::fs::write(dir.join("src/my/app.clj"), MAIN_APP).unwrap();
    ok(&dir, &["build", "-m", "my.app", "-o", "app"]);
    let vm = ok(&dir, &["run", "-m", "my.app", "x", "yz"]);
    // The executable carries the namespaces it requires: it runs anywhere.
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let out = Command::new(dir.join("app"))
        .args(["x", "yz"])
        .current_dir(&elsewhere)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), vm);
    assert_eq!(text(&out.stdout), "(X! YZ!)\nfile true\n");
    // `run --tier aot -m` goes through the cache.
    assert_eq!(
        ok(&dir, &["run", "--tier", "aot", "-m", "my.app", "q"]),
        "(Q!)\nfile true\n"
    );
    assert_eq!(
        ok(&dir, &["run", "--tier", "aot", "-m", "my.app", "r"]),
        "(R!)\nfile true\n"
    );
    assert_eq!(cc_calls(&dir), 2);
    // The default output name is the namespace's last part.
    ok(&dir, &["build", "-m", "my.app"]);
    assert!(dir.join("app").is_file());
    // A namespace without -main, and one that is not there.
    std::fs::write(dir.join("src/my/util.clj"), MAIN_LIB).unwrap();
    let out = run(&dir, &["build", "-m", "my.util", "-o", "u"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("my.util has no -main"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&dir, &["build", "-m", "no.such", "-o", "n"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Could not locate no/such.clj"),
        "{}",
        text(&out.stderr)
    );
}

/// Whether the ELF file at `path` asks for a dynamic loader or has a
/// dynamic section (program header types PT_INTERP = 3, PT_DYNAMIC = 2).
fn elf_is_dynamic(path: &Path) -> bool {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..4], b"\x7fELF", "not an ELF file");
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]) as usize;
    let phoff = u64::from_le_bytes(b[0x20..0x28].try_into().unwrap()) as usize;
    let (size, count) = (u16_at(0x36), u16_at(0x38));
    (0..count).any(|i| {
        let o = phoff + i * size;
        let t = u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
        t == 2 || t == 3
    })
}

#[test]
fn a_static_build_has_no_shared_library_dependencies() {
    let dir = scratch("static");
    let libc = Command::new("cc")
        .arg("-print-file-name=libc.a")
        .output()
        .map(|o| text(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if !Path::new(&libc).is_absolute() {
        println!("note: no static libc (libc.a) on this machine; --static not tested (Debian: apt-get install libc6-dev)");
        return;
    }
    std::fs::write(
        dir.join("app.clj"),
        "(println \"static\" (count *command-line-args*))\n",
    )
    .unwrap();
    ok(&dir, &["build", "app.clj", "-o", "dyn"]);
    assert!(
        elf_is_dynamic(&dir.join("dyn")),
        "the default build links dynamically"
    );
    ok(&dir, &["build", "app.clj", "-o", "app", "--static"]);
    assert!(
        !elf_is_dynamic(&dir.join("app")),
        "--static left a dynamic dependency"
    );
    let out = Command::new(dir.join("app"))
        .args(["a", "b"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "static 2\n", "{}", text(&out.stderr));
}

#[test]
fn missing_tools_are_named_with_how_to_install_them() {
    let dir = scratch("tools");
    std::fs::write(dir.join("app.clj"), "(println 1)\n").unwrap();
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let out = command(&dir, &["build", "app.clj", "-o", "app"])
        .env_remove("CC")
        .env("PATH", &empty)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no C compiler found"), "{err}");
    assert!(err.contains("cc, gcc and clang"), "{err}");
    assert!(err.contains("apt-get install gcc"), "{err}");
    // The same through the cache.
    let out = command(&dir, &["run", "--tier", "aot", "app.clj"])
        .env("CC", dir.join("no-such-cc"))
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains("no C compiler found"),
        "{}",
        text(&out.stderr)
    );
    // A compiler without the static C library.
    let cc = dir.join("no-static-cc");
    script(
        &cc,
        "#!/bin/sh\ncase \"$1\" in -print-file-name=*) echo libc.a; exit 0;; esac\nexec cc \"$@\"\n",
    );
    let out = command(&dir, &["build", "app.clj", "-o", "app", "--static"])
        .env("CC", &cc)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("libc.a") && err.contains("libc6-dev"), "{err}");
}
