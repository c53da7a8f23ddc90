//! `genera build`, `genera emit --c` and `genera run --tier aot`: a program
//! compiled to C by `genera-cgen`, compiled by the system C compiler and
//! linked with `libgenera_aot.a` (the runtime, VM and driver as one static
//! library, built by cargo beside the genera binary). The executable
//! carries the core image this genera made (`.incbin`), so it starts
//! without compiling the core library and needs no cache directory.
//!
//! `run --tier aot` keeps built programs in the cache directory
//! (`aot-<key>`, the key a hash of the program's source, this binary's
//! identity and the C flags); an entry is written under a temporary name
//! and renamed into place, so a partial build is never run and two builders
//! of one entry do not corrupt it.

use genera_driver::{EvalError, Session};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a build failed, for a person.
pub struct BuildError(pub String);

impl From<EvalError> for BuildError {
    fn from(e: EvalError) -> Self {
        BuildError(e.render(None))
    }
}

/// The C of `file` (its top-level forms run at build time, as Clojure's
/// `compile` runs them; their output is discarded).
pub fn emit_c(session: &mut Session, file: &str) -> Result<String, BuildError> {
    let units = session.compile_program(file)?;
    let units: Vec<genera_cgen::Unit> = units
        .iter()
        .map(|(m, title)| genera_cgen::Unit {
            module: m,
            file,
            title: title.clone(),
        })
        .collect();
    genera_cgen::emit_program(&units).map_err(|e| BuildError(format!("{file}: {e}")))
}

/// The C compiler: `$CC`, else the first of cc, gcc, clang on the PATH.
fn c_compiler() -> Result<String, BuildError> {
    if let Some(cc) = std::env::var_os("CC").filter(|v| !v.is_empty()) {
        return Ok(cc.to_string_lossy().into_owned());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for cc in ["cc", "gcc", "clang"] {
        if std::env::split_paths(&path).any(|d| d.join(cc).is_file()) {
            return Ok(cc.to_string());
        }
    }
    Err(BuildError(
        "no C compiler found: looked for $CC, then cc, gcc and clang on the PATH; install one (e.g. `apt-get install gcc`)".into(),
    ))
}

/// `libgenera_aot.a`: `$GENERA_AOT_LIB`, else beside the genera binary
/// (where `cargo build --release` puts both).
fn aot_lib() -> Result<PathBuf, BuildError> {
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
fn c_flags() -> Vec<String> {
    match std::env::var("GENERA_CFLAGS") {
        Ok(f) if !f.trim().is_empty() => f.split_whitespace().map(str::to_string).collect(),
        _ => vec!["-O2".into()],
    }
}

/// Builds `file` into the executable `out`.
pub fn build(session: &mut Session, file: &str, out: &Path) -> Result<(), BuildError> {
    let c = emit_c(session, file)?;
    let cc = c_compiler()?;
    let lib = aot_lib()?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(format!(".genera-build-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| BuildError(format!("cannot create {}: {e}", dir.display())))?;
    let result = compile_and_link(&dir, &c, &cc, &lib, out);
    let _ = std::fs::remove_dir_all(&dir);
    result
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
    cc: &str,
    lib: &Path,
    out: &Path,
) -> Result<(), BuildError> {
    write(&dir.join("genera.h"), &genera_runtime::cabi::c_header())?;
    write(&dir.join("program.c"), c)?;
    write(
        &dir.join("main.c"),
        &format!("{}{}", genera_cgen::main_c(), image_c()),
    )?;
    let tmp_out = dir.join("a.out");
    let output = Command::new(cc)
        .current_dir(dir)
        .args(c_flags())
        .args(["-std=gnu11", "-w", "-o", "a.out"])
        .args(["program.c", "main.c"])
        .arg(std::path::absolute(lib).unwrap_or_else(|_| lib.to_path_buf()))
        // The library is large (the whole runtime with debug info): drop
        // the sections nothing reaches and the symbols (36 MB -> 6 MB,
        // a third less link time).
        .args(["-Wl,--gc-sections", "-s"])
        .args(["-lpthread", "-ldl", "-lm", "-lrt", "-lutil"])
        .output()
        .map_err(|e| BuildError(format!("cannot run the C compiler {cc}: {e}")))?;
    if !output.status.success() {
        return Err(BuildError(format!(
            "the C compiler ({cc}) failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    std::fs::rename(&tmp_out, out)
        .or_else(|_| std::fs::copy(&tmp_out, out).map(|_| ()))
        .map_err(|e| BuildError(format!("cannot write {}: {e}", out.display())))
}

/// `genera run --tier aot FILE`: the cached executable for this source,
/// built first if there is none.
pub fn cached_build(session: &mut Session, file: &str) -> Result<PathBuf, BuildError> {
    let src = genera_driver::read_source(file)?;
    let dir = cache_dir()
        .ok_or_else(|| BuildError("no cache directory (set GENERA_CACHE_DIR or HOME)".into()))?;
    let key = cache_key(&src, file);
    let exe = dir.join(format!("aot-{key:016x}"));
    if exe.is_file() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| BuildError(format!("cannot create {}: {e}", dir.display())))?;
    let tmp = dir.join(format!("aot-{key:016x}.tmp-{}", std::process::id()));
    build(session, file, &tmp)?;
    // Renaming is atomic: a concurrent builder's identical result may win.
    std::fs::rename(&tmp, &exe)
        .map_err(|e| BuildError(format!("cannot write {}: {e}", exe.display())))?;
    Ok(exe)
}

fn cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("GENERA_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("genera")))
        .or_else(|| env("HOME").map(|d| d.join(".cache").join("genera")))
}

/// FNV-1a over the source, its path, this binary's size and mtime, and the C flags.
fn cache_key(src: &str, file: &str) -> u64 {
    let mut key: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |bytes: &[u8]| {
        for b in bytes {
            key = (key ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        key = (key ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    };
    mix(src.as_bytes());
    mix(file.as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
    {
        mix(&meta.len().to_le_bytes());
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        mix(&mtime.to_le_bytes());
    }
    mix(c_flags().join(" ").as_bytes());
    key
}
