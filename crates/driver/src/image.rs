//! Live images as the driver uses them: saving the whole session, starting
//! from a saved one, and the image of the core library that genera itself
//! starts from.
//!
//! The runtime writes the heap (`genera_runtime::image`); the driver adds
//! what only it knows, as the image's extras: which namespaces are loaded
//! (so `require` does not load them again) and the namespace whose `-main`
//! the image runs. A session started from an image begins in `user`, as
//! every Clojure program and REPL does.
//!
//! The core image: the first time a given genera binary starts, it compiles
//! `lib/clojure/*.clj` as it always has and saves the result in the user's
//! cache directory (`$GENERA_CACHE_DIR`, else `$XDG_CACHE_HOME/genera`, else
//! `~/.cache/genera`), named by a key of the binary's identity (its size and
//! modification time, and the runtime's and the VM's fingerprints), so a
//! rebuilt genera never reads an image an older one wrote. Every later start
//! loads that file instead of compiling. Any failure (no cache directory, a
//! read-only one, a damaged file) falls back to compiling, so the cache can
//! only make start-up faster, never break it.

use crate::error::EvalError;
use crate::load;
use genera_runtime::{image, ns};
use std::path::{Path, PathBuf};

/// Where the core library comes from when a session starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageSource {
    /// Compile the embedded core library (no image).
    Compile,
    /// The cached image of the core library, made on first use.
    CoreCache,
    /// A saved image (`genera --image FILE`): the core and whatever else was
    /// loaded when it was saved.
    File(PathBuf),
    /// An image embedded in the executable (a native program built by
    /// `genera build` carries the core image it was built with).
    Embedded(&'static [u8]),
}

const EXTRA_LOADED: &str = "genera.loaded";
const EXTRA_MAIN: &str = "genera.main";

/// What a session saves besides the heap.
fn extras(main: Option<&str>) -> Vec<(&'static str, Vec<u8>)> {
    let mut loaded = load::loaded_namespaces();
    loaded.sort();
    let mut out = vec![(EXTRA_LOADED, loaded.join("\n").into_bytes())];
    if let Some(m) = main {
        out.push((EXTRA_MAIN, m.as_bytes().to_vec()));
    }
    out
}

/// Saves the whole session to `path` (`genera image save`,
/// `genera.image/save`); `main` is the namespace whose `-main` running the
/// image calls. Returns (objects, bytes) written.
pub fn save(path: &Path, main: Option<&str>) -> Result<(usize, usize), EvalError> {
    let stats = image::save(path, &extras(main)).map_err(EvalError::Other)?;
    Ok((stats.objects, stats.bytes))
}

/// Loads the image in `path` into this (fresh) session. Returns the
/// namespace the image runs `-main` of, if it names one.
pub(crate) fn load(path: &Path) -> Result<Option<String>, EvalError> {
    let loaded = image::load(path).map_err(EvalError::Other)?;
    let text = |k: &str| {
        loaded
            .extras
            .get(k)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    if let Some(names) = text(EXTRA_LOADED) {
        for name in names.lines().filter(|n| !n.is_empty()) {
            load::mark_loaded(name);
        }
    }
    // Programs, -e and the REPL start in `user`, as in Clojure, whichever
    // namespace was current when the image was saved.
    ns::set_current_ns("user");
    Ok(text(EXTRA_MAIN))
}

/// Loads an embedded image into this (fresh) session.
pub(crate) fn load_embedded(bytes: &'static [u8]) -> Result<(), EvalError> {
    let loaded = image::load_bytes(bytes).map_err(EvalError::Other)?;
    if let Some(names) = loaded.extras.get(EXTRA_LOADED) {
        for name in String::from_utf8_lossy(names)
            .lines()
            .filter(|n| !n.is_empty())
        {
            load::mark_loaded(name);
        }
    }
    ns::set_current_ns("user");
    Ok(())
}

/// The file of this binary's cached core image, made if missing (for
/// `genera build`, which embeds it in the executable). The session must
/// have started from `ImageSource::CoreCache`.
pub fn core_image_file() -> Option<PathBuf> {
    core_image_path().filter(|p| p.is_file())
}

/// Starts the session from the cached core image, making it first if there
/// is none for this binary. `install` binds the driver's natives (after the
/// runtime's are made, before anything is loaded).
pub(crate) fn load_core_cached(install: impl Fn()) -> Result<(), EvalError> {
    let path = core_image_path();
    if let Some(path) = path.as_ref().filter(|p| p.is_file()) {
        genera_runtime::init_for_image();
        install();
        match load(path) {
            Ok(_) => return Ok(()),
            // A damaged cache entry is replaced below. (A partly restored
            // image leaves nothing behind that compiling does not redefine.)
            Err(_) => {
                let _ = std::fs::remove_file(path);
            }
        }
        genera_runtime::init();
        // Again: the runtime's natives are bound now, and the driver's
        // take precedence over them, as they do on the usual path.
        install();
    } else {
        genera_runtime::init();
        install();
    }
    load::load_core()?;
    let Some(path) = path else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        if std::fs::create_dir_all(dir).is_ok() && save(&path, None).is_ok() {
            remove_stale_core_images(dir, &path);
        }
    }
    Ok(())
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

/// `<cache>/core-<key>.img`, keyed by this binary and the formats.
fn core_image_path() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut key: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u64| {
        for b in x.to_le_bytes() {
            key = (key ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    mix(meta.len());
    mix(mtime as u64);
    mix(u64::from(image::FORMAT_VERSION));
    mix(image::runtime_fingerprint());
    mix(genera_vm::image_fingerprint());
    Some(cache_dir()?.join(format!("core-{key:016x}.img")))
}

/// Removes core images other binaries wrote more than a day ago (best
/// effort; several builds of genera may share the cache at once).
fn remove_stale_core_images(dir: &Path, keep: &Path) {
    let day = std::time::Duration::from_secs(24 * 3600);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if old && p != keep && name.starts_with("core-") && name.ends_with(".img") {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// `(genera.image/save path)` or `(genera.image/save path main-ns)`: saves
/// the running session (from a REPL or a program) and returns the path.
/// Throws if the image cannot be written or holds what cannot be saved.
fn save_native(a: &[genera_runtime::Value]) -> genera_runtime::Res {
    use genera_runtime::{error, string};
    if a.is_empty() || a.len() > 2 {
        return Err(error::arity_error("genera.image/save", a.len()));
    }
    let Some(path) = string::as_str(a[0]) else {
        return Err(error::illegal_arg(
            "genera.image/save takes a file name (a string)",
        ));
    };
    let main = match a.get(1) {
        Some(m) if string::is_symbol(*m) => Some(string::full_name(*m)),
        Some(m) if string::as_str(*m).is_some() => string::as_str(*m).map(str::to_string),
        Some(_) => {
            return Err(error::illegal_arg(
                "genera.image/save: the main namespace is a symbol or a string",
            ))
        }
        None => None,
    };
    match save(Path::new(path), main.as_deref()) {
        Ok(_) => Ok(string::make_str(path)),
        Err(e) => Err(error::throw("java.io.IOException", &e.render(None))),
    }
}

/// Binds `genera.image/save`.
pub(crate) fn install() {
    let var = ns::intern("genera.image", "save");
    let f = genera_runtime::callable::make_native_fn("genera.image/save", save_native);
    genera_runtime::heap::make_immortal(f);
    ns::var_set_root(var, f);
}
