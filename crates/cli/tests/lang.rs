//! The language test harness: runs every `tests/**/*.clj` program on every
//! tier, with `--check-leaks`, and compares what it does with the files
//! beside it:
//!
//! - `name.out`  exact expected stdout (missing: expect no output);
//! - `name.err`  lines that must each appear in stderr (for error tests);
//! - `name.exit` the expected exit code (missing: 0).
//!
//! Every run must also end garbage-free: stderr must report zero live
//! objects after the roots are released.
//!
//! `GENERA_BLESS=1` rewrites `.out` files from what the programs print now
//! (after a deliberate change; review the diff). `GENERA_TEST_FILTER=text`
//! runs only the programs whose path contains `text`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The tiers every program runs on. The JIT tier joins this list when it
/// exists. `vm` starts from the cached core image (made by the first
/// programs of the run, in a cache directory of the run's own);
/// `vm/no-image` compiles the core library, the path without an image;
/// `aot` builds the program natively (`-O1`, to keep the run short) and
/// runs the executable.
const TIERS: &[&str] = &["vm", "vm/no-image", "aot"];

/// The programs the C backend cannot build yet (one path from the repo
/// root a line; `#` comments). Each must fail to build with "the C backend
/// does not support ... yet"; one that builds, or fails otherwise, fails
/// the run, so the list only shrinks.
const AOT_UNSUPPORTED: &str = "tests/aot-unsupported.txt";

fn aot_unsupported() -> Vec<String> {
    std::fs::read_to_string(repo_root().join(AOT_UNSUPPORTED))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The command-line flags that select a `TIERS` entry.
fn tier_args(tier: &str) -> Vec<&str> {
    match tier.split_once('/') {
        Some((t, "no-image")) => vec!["--tier", t, "--no-image"],
        _ => vec!["--tier", tier],
    }
}

/// The image cache the run uses: emptied at the start, so that every run
/// also tests making the core image.
fn image_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("lang-image-cache")
}

const TIMEOUT: Duration = Duration::from_secs(120);

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "clj" || e == "cljc") {
            out.push(p);
        }
    }
}

struct Outcome {
    name: String,
    failure: Option<String>,
}

fn run_one(bin: &Path, file: &Path, tier: &str, bless: bool, unsupported: bool) -> Outcome {
    let rel = file
        .strip_prefix(repo_root())
        .unwrap_or(file)
        .display()
        .to_string();
    let name = format!("{rel} [{tier}]");
    let dir = file.parent().expect("test file has a directory");
    let start = Instant::now();
    // Each run has a compiled-program cache of its own (GENERA_AOT_CACHE_DIR),
    // removed afterwards (a built program is megabytes; the run builds
    // hundreds). Per tier too: the tiers of one file run at the same time.
    let aot_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lang-aot")
        .join(format!(
            "{}-{}",
            rel.replace(['/', '.'], "_"),
            tier.replace('/', "_")
        ));
    let mut child = match Command::new(bin)
        .args(tier_args(tier))
        .args(["--check-leaks", "run"])
        .env("GENERA_CACHE_DIR", image_cache())
        .env("GENERA_AOT_CACHE_DIR", &aot_dir)
        .env("GENERA_CFLAGS", "-O1")
        .arg(file.file_name().expect("file name"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                name,
                failure: Some(format!("could not start genera: {e}")),
            }
        }
    };
    // Read the pipes on threads so a chatty program cannot block on a full pipe.
    let mut stdout_pipe = child.stdout.take().expect("stdout");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout_pipe, &mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr_pipe, &mut s);
        s
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    let _ = std::fs::remove_dir_all(&aot_dir);
    let Some(status) = status else {
        return Outcome {
            name,
            failure: Some(format!("timed out after {TIMEOUT:?}")),
        };
    };
    if unsupported {
        let expected_failure =
            status.code() == Some(1) && stderr.contains("the C backend does not support");
        return Outcome {
            name,
            failure: (!expected_failure).then(|| {
                format!(
                    "listed in {AOT_UNSUPPORTED} but did not fail with \"the C backend does not support ... yet\" (remove it from the list if it works now)\n--- stderr ---\n{}",
                    truncate(&stderr, 3000)
                )
            }),
        };
    }
    let mut problems = Vec::new();
    let out_file = file.with_extension("out");
    if bless {
        let _ = std::fs::write(&out_file, &stdout);
    } else {
        let expected = std::fs::read_to_string(&out_file).unwrap_or_default();
        if expected != stdout {
            problems.push(format!("stdout differs:\n{}", diff(&expected, &stdout)));
        }
    }
    let expected_exit: i32 = std::fs::read_to_string(file.with_extension("exit"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    if status.code() != Some(expected_exit) {
        problems.push(format!(
            "exit code {:?}, expected {expected_exit}",
            status.code()
        ));
    }
    if let Ok(err) = std::fs::read_to_string(file.with_extension("err")) {
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            if !stderr.contains(line) {
                problems.push(format!("stderr lacks the line: {line}"));
            }
        }
    }
    if !stderr.contains("check-leaks: 0 objects live") {
        problems.push("not garbage-free (or the leak report is missing)".to_string());
    }
    let failure = if problems.is_empty() {
        None
    } else {
        Some(format!(
            "{}\n--- stderr ---\n{}",
            problems.join("\n"),
            truncate(&stderr, 3000)
        ))
    };
    Outcome { name, failure }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A line diff good enough to see what changed.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("  line {}: expected: {x}\n", i + 1));
                }
                if let Some(y) = y {
                    out.push_str(&format!("  line {}: actual:   {y}\n", i + 1));
                }
            }
        }
        if out.len() > 2000 {
            out.push_str("  ...\n");
            break;
        }
    }
    if out.is_empty() {
        out.push_str("  (differs only in trailing newlines)\n");
    }
    out
}

#[test]
fn language_tests() {
    let root = repo_root();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_genera"));
    let _ = std::fs::remove_dir_all(image_cache());
    let mut files = Vec::new();
    collect(&root.join("tests"), &mut files);
    let filter = std::env::var("GENERA_TEST_FILTER").ok();
    // The filter matches the path from the repository root, so that a
    // checkout's own directory name does not match every test.
    files.retain(|f| {
        let rel = f.strip_prefix(&root).unwrap_or(f).to_string_lossy();
        filter.as_deref().is_none_or(|t| rel.contains(t))
    });
    let bless = std::env::var("GENERA_BLESS").is_ok_and(|v| v == "1");
    let jobs: Vec<(PathBuf, &str)> = files
        .iter()
        .flat_map(|f| TIERS.iter().map(move |t| (f.clone(), *t)))
        .collect();
    let aot_lib = bin.with_file_name("libgenera_aot.a");
    assert!(
        !jobs.iter().any(|(_, t)| *t == "aot") || aot_lib.is_file(),
        "the aot tier needs {} (`cargo build --release --workspace` builds it; `cargo test` alone does not)",
        aot_lib.display()
    );
    let unsupported = Arc::new(aot_unsupported());
    for u in unsupported.iter() {
        assert!(
            root.join(u).is_file(),
            "{AOT_UNSUPPORTED} lists {u}, which does not exist"
        );
    }
    let queue = Arc::new(Mutex::new(jobs));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (queue, results, bin) = (queue.clone(), results.clone(), bin.clone());
            let (unsupported, root) = (unsupported.clone(), root.clone());
            std::thread::spawn(move || loop {
                let Some((file, tier)) = queue.lock().unwrap().pop() else {
                    break;
                };
                let rel = file
                    .strip_prefix(&root)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                let listed = tier == "aot" && unsupported.contains(&rel);
                // Bless from the VM only: the aot tier must print the same.
                let outcome = run_one(&bin, &file, tier, bless && tier != "aot", listed);
                results.lock().unwrap().push(outcome);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("worker");
    }
    let mut results = std::mem::take(&mut *results.lock().unwrap());
    results.sort_by(|a, b| a.name.cmp(&b.name));
    let failed: Vec<&Outcome> = results.iter().filter(|o| o.failure.is_some()).collect();
    for f in &failed {
        eprintln!("FAIL {}\n{}\n", f.name, f.failure.as_deref().unwrap_or(""));
    }
    let passed = results.len() - failed.len();
    eprintln!("language tests: {passed} passed, {} failed", failed.len());
    assert!(!results.is_empty(), "no language tests found under tests/");
    assert!(
        failed.is_empty(),
        "{} language test(s) failed",
        failed.len()
    );
}
