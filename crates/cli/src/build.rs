//! `genera build`, `genera emit --c` and `genera run --tier aot`: a program
//! compiled to C by `genera-cgen`, compiled by the system C compiler and
//! linked with `libgenera_aot.a` (the runtime, VM and driver as one static
//! library, built by cargo beside the genera binary). The executable
//! carries the core image this genera made (`.incbin`), so it starts
//! without compiling the core library and needs no cache directory.
//!
//! `run --tier aot` keeps built programs in the compiled-program cache
//! (`cache.rs`); this module only builds.

use genera_driver::{EvalError, Program, Session};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Why a build failed, for a person.
#[derive(Debug)]
pub struct BuildError(pub String);

impl From<EvalError> for BuildError {
    fn from(e: EvalError) -> Self {
        BuildError(e.render(None))
    }
}

/// What to build: a program file, or a namespace on the source path whose
/// `-main` the executable calls with its arguments (`-m NS`).
#[derive(Clone, Debug)]
pub enum Target {
    File(String),
    Main(String),
}

impl Target {
    /// How the target is named in messages and in the cache key.
    pub fn describe(&self) -> String {
        match self {
            Target::File(f) => f.clone(),
            Target::Main(ns) => format!("-m {ns}"),
        }
    }
}

/// How to link: `static_link` asks for an executable with no shared-library
/// dependencies (`--static`).
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkOptions {
    pub static_link: bool,
}

/// Compiles `target` on `session` (its top-level forms run at build time,
/// as Clojure's `compile` runs them; their output is discarded).
pub fn compile(session: &mut Session, target: &Target) -> Result<Program, BuildError> {
    Ok(match target {
        Target::File(f) => session.compile_program(f)?,
        Target::Main(ns) => session.compile_main(ns)?,
    })
}

/// The C of a compiled program.
pub fn program_c(program: &Program) -> Result<String, BuildError> {
    let units: Vec<genera_cgen::Unit> = program
        .units
        .iter()
        .map(|u| genera_cgen::Unit {
            module: &u.module,
            file: &u.file,
            title: u.title.clone(),
        })
        .collect();
    let file = program.units.first().map_or("", |u| u.file.as_str());
    genera_cgen::emit_program(&units).map_err(|e| BuildError(format!("{file}: {e}")))
}

/// The namespaces the executable carries, for `genera_aot_main` to mark
/// loaded: one C string of NUL-terminated names.
fn namespaces_c(program: &Program) -> String {
    let names: String = program
        .namespaces
        .iter()
        .map(|n| format!("{n}\0"))
        .collect();
    format!(
        "const char genera_program_namespaces[] = {};\n",
        genera_cgen::c_string(&names)
    )
}

/// The C of `file` (`genera emit --c`).
pub fn emit_c(session: &mut Session, file: &str) -> Result<String, BuildError> {
    let program = session.compile_program(file)?;
    program_c(&program)
}

/// The C compiler: `$CC` (a command, possibly with arguments), else the
/// first of cc, gcc, clang on the PATH.
///
/// Errors: none is found; the message says what was looked for and how to
/// install one.
pub fn c_compiler() -> Result<Vec<String>, BuildError> {
    const HOW: &str = "install one, e.g. `apt-get install gcc` (Debian, Ubuntu), `dnf install gcc` (Fedora) or `apk add gcc musl-dev` (Alpine), or set CC";
    if let Some(cc) = std::env::var_os("CC").filter(|v| !v.is_empty()) {
        let cc = cc.to_string_lossy().into_owned();
        let words: Vec<String> = cc.split_whitespace().map(str::to_string).collect();
        return match words.first() {
            Some(prog) if on_path(prog) => Ok(words),
            _ => Err(BuildError(format!(
                "no C compiler found: $CC is `{cc}`, which is not an executable file or on the PATH; {HOW}"
            ))),
        };
    }
    for cc in ["cc", "gcc", "clang"] {
        if on_path(cc) {
            return Ok(vec![cc.to_string()]);
        }
    }
    Err(BuildError(format!(
        "no C compiler found: looked for $CC (not set), then cc, gcc and clang on the PATH; {HOW}"
    )))
}

/// Whether `prog` names an existing file (a path) or one on the PATH.
fn on_path(prog: &str) -> bool {
    if prog.contains('/') {
        return Path::new(prog).is_file();
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|d| d.join(prog).is_file())
}

/// `libgenera_aot.a`: `$GENERA_AOT_LIB`, else beside the genera binary
/// (where `cargo build --release` puts both).
pub fn aot_lib() -> Result<PathBuf, BuildError> {
    if let Some(p) = std::env::var_os("GENERA_AOT_LIB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()
        .map_err(|e| BuildError(format!("cannot find genera's own path: {e}")))?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    // Test binaries live in target/<profile>/deps; the library one up.
    for d in [dir, dir.parent().unwrap_or(dir)] {
        let p = d.join("libgenera_aot.a");
        if p.is_file() {
            return Ok(p);
        }
    }
    Err(BuildError(format!(
        "the runtime library libgenera_aot.a is not beside {} (build it with `cargo build --release -p genera-aot`, or set GENERA_AOT_LIB)",
        exe.display()
    )))
}

/// The C flags: `$GENERA_CFLAGS` (split on spaces), else -O2.
pub fn c_flags() -> Vec<String> {
    match std::env::var("GENERA_CFLAGS") {
        Ok(f) if !f.trim().is_empty() => f.split_whitespace().map(str::to_string).collect(),
        _ => vec!["-O2".into()],
    }
}

/// Builds `target` into the executable `out`. Returns the program compiled
/// (the cache keys entries by its sources).
pub fn build(
    session: &mut Session,
    target: &Target,
    out: &Path,
    link: LinkOptions,
) -> Result<Program, BuildError> {
    let cc = c_compiler()?;
    let lib = aot_lib()?;
    if link.static_link {
        check_static_libc(&cc)?;
    }
    let progress = Progress::start(&target.describe());
    let program = compile(session, target)?;
    let c = program_c(&program)?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(format!(".genera-build-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| BuildError(format!("cannot create {}: {e}", dir.display())))?;
    progress.phase(&format!("compiling C with {}", cc.join(" ")));
    let main_c = format!(
        "{}{}{}",
        genera_cgen::main_c(),
        image_c(),
        namespaces_c(&program)
    );
    let result = compile_and_link(&dir, &c, &main_c, &cc, &lib, out, link);
    let _ = std::fs::remove_dir_all(&dir);
    drop(progress);
    result.map(|()| program)
}

/// `--static` needs the C library as an archive; a compiler that has none
/// prints the bare name back for `-print-file-name`.
fn check_static_libc(cc: &[String]) -> Result<(), BuildError> {
    let found = Command::new(&cc[0])
        .args(&cc[1..])
        .arg("-print-file-name=libc.a")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .is_some_and(|p| p.contains('/') && Path::new(&p).is_file());
    if found {
        Ok(())
    } else {
        Err(BuildError(format!(
            "--static needs the static C library (libc.a), which {} does not find; install it (Debian, Ubuntu: `apt-get install libc6-dev`; Fedora: `dnf install glibc-static`; Alpine: `apk add musl-dev`), or build without --static",
            cc.join(" ")
        )))
    }
}

fn write(path: &Path, text: &str) -> Result<(), BuildError> {
    std::fs::write(path, text)
        .map_err(|e| BuildError(format!("cannot write {}: {e}", path.display())))
}

/// The assembly that embeds the core image (or an empty one: the program
/// then compiles the core library when it starts).
fn image_c() -> String {
    let incbin = match genera_driver::core_image_file() {
        Some(p) => format!(".incbin \\\"{}\\\"\\n", p.display()),
        None => String::new(),
    };
    format!(
        "__asm__(\".section .rodata\\n.balign 16\\n.global genera_core_image\\ngenera_core_image:\\n{incbin}.global genera_core_image_end\\ngenera_core_image_end:\\n.byte 0\\n.text\\n\");\n"
    )
}

fn compile_and_link(
    dir: &Path,
    c: &str,
    main_c: &str,
    cc: &[String],
    lib: &Path,
    out: &Path,
    link: LinkOptions,
) -> Result<(), BuildError> {
    write(&dir.join("genera.h"), &genera_runtime::cabi::c_header())?;
    write(&dir.join("program.c"), c)?;
    write(&dir.join("main.c"), main_c)?;
    let tmp_out = dir.join("a.out");
    let mut cmd = Command::new(&cc[0]);
    cmd.args(&cc[1..])
        .current_dir(dir)
        .args(c_flags())
        .args(["-std=gnu11", "-w", "-o", "a.out"])
        .args(["program.c", "main.c"])
        .arg(std::path::absolute(lib).unwrap_or_else(|_| lib.to_path_buf()))
        // The library is large (the whole runtime with debug info): drop
        // the sections nothing reaches and the symbols (36 MB -> 6 MB,
        // a third less link time).
        .args(["-Wl,--gc-sections", "-s"]);
    if link.static_link {
        cmd.arg("-static");
    }
    let output = cmd
        .args(["-lpthread", "-ldl", "-lm", "-lrt", "-lutil"])
        .output()
        .map_err(|e| BuildError(format!("cannot run the C compiler {}: {e}", cc.join(" "))))?;
    if !output.status.success() {
        return Err(BuildError(format!(
            "the C compiler ({}) failed:\n{}",
            cc.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    std::fs::rename(&tmp_out, out)
        .or_else(|_| std::fs::copy(&tmp_out, out).map(|_| ()))
        .map_err(|e| BuildError(format!("cannot write {}: {e}", out.display())))
}

/// A progress line on stderr while a build runs, when stderr is a
/// terminal: what is being built, the phase and the seconds so far,
/// redrawn in place and erased when the build ends (dropped). Quiet for
/// the first half second, so quick builds print nothing.
pub struct Progress {
    state: Option<Spinner>,
}

/// The phase shown, the flag that stops the drawing thread, and the thread.
struct Spinner {
    phase: Arc<Mutex<String>>,
    done: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Progress {
    pub fn start(what: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { state: None };
        }
        let phase = Arc::new(Mutex::new("compiling to C".to_string()));
        let done = Arc::new(AtomicBool::new(false));
        let (p, d, what) = (phase.clone(), done.clone(), what.to_string());
        let handle = std::thread::spawn(move || {
            let start = Instant::now();
            let mut shown = false;
            while !d.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let t = start.elapsed();
                if t < Duration::from_millis(500) || d.load(Ordering::Relaxed) {
                    continue;
                }
                let phase = p.lock().map(|s| s.clone()).unwrap_or_default();
                eprint_raw(&format!(
                    "\r\x1b[Kgenera: building {what}: {phase} ({:.1} s)",
                    t.as_secs_f64()
                ));
                shown = true;
            }
            if shown {
                eprint_raw("\r\x1b[K");
            }
        });
        Progress {
            state: Some(Spinner {
                phase,
                done,
                thread: handle,
            }),
        }
    }

    /// Names the phase the build is in now.
    pub fn phase(&self, text: &str) {
        if let Some(s) = &self.state {
            if let Ok(mut p) = s.phase.lock() {
                *p = text.to_string();
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(s) = self.state.take() {
            s.done.store(true, Ordering::Relaxed);
            let _ = s.thread.join();
        }
    }
}

fn eprint_raw(s: &str) {
    use std::io::Write as _;
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
    let _ = e.flush();
}
