//! The compiled-program cache behind `genera run --tier aot` and
//! `genera cache`: a program built once runs from the cache until one of
//! the files it loads, the compiler or the flags change.
//!
//! Where: `$GENERA_AOT_CACHE_DIR`, else `aot/` in genera's cache directory
//! (`$GENERA_CACHE_DIR`, else `$XDG_CACHE_HOME/genera`, else
//! `~/.cache/genera`), beside the core images (`core-<key>.img`, the
//! driver's). Inside:
//!
//! - `entries/<key>/` one built program: `program` (the executable) and
//!   `manifest` (its length and CRC-32). The key is a hash of the compiler's
//!   identity (genera's version, a checksum of the genera binary and of
//!   `libgenera_aot.a`, the C compiler command and flags, `--static`), the
//!   target, the source path, and the path and text of every source file
//!   the build loaded (the program, then each file `require`, `load` or
//!   `load-file` read, as the driver reports them);
//! - `index/<program key>`: the files the last build of a target loaded,
//!   one path a line. The program key is the same hash without the files'
//!   texts, so a run finds which files to hash before it knows the entry's
//!   key, without compiling anything (ccache's "manifest" idea). A changed
//!   file gives a different key, so a miss; a program that comes to load a
//!   new file must have changed one it loaded before;
//! - `ident/` in genera's cache directory (beside the core images, shared
//!   by every compiled-program cache: they are facts about binaries):
//!   checksums of the genera binary and of the runtime library,
//!   remembered by (path, size, mtime) so a run does not re-read 140 MB;
//! - `tmp/`: builds in progress, each in a directory named by the key, the
//!   process and the time;
//! - `stats.log`, `stats`: hit and miss counters (below).
//!
//! Writes are all temp-then-rename, so readers see whole files or none: a
//! build is made in its own directory under `tmp/` (the manifest written
//! last) and the directory renamed into `entries/`. Two processes building
//! one entry do not interfere; the second rename fails on the non-empty
//! directory the first put there, and the second process runs that one.
//! Before an entry runs its manifest is checked against the executable
//! (length and CRC-32): an entry without a manifest, truncated or altered
//! is moved aside and rebuilt, never run.
//!
//! Counters: every run appends one byte (`h` or `m`) to `stats.log`
//! (appends of one byte are atomic, so concurrent runs lose no counts);
//! past 64 KiB a run renames the log away and folds it into `stats`.

use crate::build::{self, BuildError, LinkOptions, Target};
use genera_driver::{Program, Session};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The compiled-program cache in `dir`.
pub struct Cache {
    dir: PathBuf,
    /// Where binaries' checksums are remembered.
    ident: PathBuf,
}

/// What `genera cache stats` reports.
pub struct Stats {
    pub entries: u64,
    pub bytes: u64,
    pub hits: u64,
    pub misses: u64,
}

const MANIFEST_MAGIC: &str = "genera-aot-cache 1";
const STATS_LOG_LIMIT: u64 = 64 * 1024;

fn env_dir(k: &str) -> Option<PathBuf> {
    std::env::var_os(k)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// genera's cache directory (the core images' too).
pub fn genera_cache_dir() -> Option<PathBuf> {
    env_dir("GENERA_CACHE_DIR")
        .or_else(|| env_dir("XDG_CACHE_HOME").map(|d| d.join("genera")))
        .or_else(|| env_dir("HOME").map(|d| d.join(".cache").join("genera")))
}

fn io_err(what: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |e| BuildError(format!("{}: {e}", what.display()))
}

/// FNV-1a, 64 bits: the keys (inputs are short or already checksummed).
#[derive(Clone)]
struct Key(u64);

impl Key {
    fn new() -> Key {
        Key(0xcbf2_9ce4_8422_2325)
    }
    /// Mixes `bytes` and a terminator, so ("ab","c") and ("a","bc") differ.
    fn mix(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&(bytes.len() as u64).to_le_bytes()) {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The text a source file's key covers (a byte-order mark is not part of it:
/// some ways of loading skip it, some keep it).
fn source_text(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

impl Cache {
    /// The cache in its usual place (see the module doc).
    ///
    /// Errors: no directory can be named (no HOME and no override).
    pub fn open() -> Result<Cache, BuildError> {
        let dir = env_dir("GENERA_AOT_CACHE_DIR")
            .or_else(|| genera_cache_dir().map(|d| d.join("aot")))
            .ok_or_else(|| {
                BuildError(
                    "no cache directory: set XDG_CACHE_HOME, HOME or GENERA_AOT_CACHE_DIR".into(),
                )
            })?;
        let ident = genera_cache_dir().map_or_else(|| dir.join("ident"), |d| d.join("ident"));
        Ok(Cache { dir, ident })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The executable for `target`, from the cache or built into it on a
    /// miss (`session` makes the session to build with, only then).
    /// Counts the hit or miss.
    pub fn get_or_build(
        &self,
        target: &Target,
        session: impl FnOnce() -> Result<Session, BuildError>,
    ) -> Result<PathBuf, BuildError> {
        let cc = build::c_compiler()?;
        let prog_key = self.program_key(target, &cc)?;
        if let Some(exe) = self.lookup(&prog_key) {
            self.count(b'h');
            return Ok(exe);
        }
        self.count(b'm');
        let mut session = session()?;
        self.build_entry(&mut session, target, &prog_key)
    }

    /// The key of everything but the sources' texts.
    fn program_key(&self, target: &Target, cc: &[String]) -> Result<Key, BuildError> {
        let mut k = Key::new();
        k.mix(MANIFEST_MAGIC.as_bytes());
        k.mix(env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::env::current_exe()
            .map_err(|e| BuildError(format!("cannot find genera's own path: {e}")))?;
        k.mix(&self.file_checksum(&exe)?);
        k.mix(&self.file_checksum(&build::aot_lib()?)?);
        k.mix(cc.join(" ").as_bytes());
        k.mix(build::c_flags().join(" ").as_bytes());
        match target {
            Target::File(f) => {
                k.mix(b"file");
                let abs = std::path::absolute(f).map_err(io_err(Path::new(f)))?;
                k.mix(abs.as_os_str().as_encoded_bytes());
            }
            Target::Main(ns) => {
                k.mix(b"main");
                k.mix(ns.as_bytes());
            }
        }
        for d in genera_driver::source_path() {
            let abs = std::path::absolute(&d).unwrap_or(d);
            k.mix(abs.as_os_str().as_encoded_bytes());
        }
        Ok(k)
    }

    /// The entry key: the program key and each source's path and text.
    fn entry_key(prog_key: &Key, sources: &[(PathBuf, String)]) -> Key {
        let mut k = prog_key.clone();
        for (path, text) in sources {
            k.mix(path.as_os_str().as_encoded_bytes());
            k.mix(source_text(text).as_bytes());
        }
        k
    }

    /// A verified executable for `prog_key` whose sources are unchanged.
    fn lookup(&self, prog_key: &Key) -> Option<PathBuf> {
        let index = std::fs::read_to_string(self.dir.join("index").join(prog_key.hex())).ok()?;
        let mut sources = Vec::new();
        for line in index.lines().filter(|l| !l.is_empty()) {
            let bytes = std::fs::read(line).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            sources.push((PathBuf::from(line), text));
        }
        let entry = self
            .dir
            .join("entries")
            .join(Self::entry_key(prog_key, &sources).hex());
        if verify(&entry) {
            return Some(entry.join("program"));
        }
        // A corrupt or partial entry: out of the way, so the build replaces it.
        self.discard(&entry);
        None
    }

    /// Builds `target` into a fresh directory and moves it into place.
    fn build_entry(
        &self,
        session: &mut Session,
        target: &Target,
        prog_key: &Key,
    ) -> Result<PathBuf, BuildError> {
        let tmp_root = self.dir.join("tmp");
        std::fs::create_dir_all(&tmp_root).map_err(io_err(&tmp_root))?;
        let entries = self.dir.join("entries");
        std::fs::create_dir_all(&entries).map_err(io_err(&entries))?;
        remove_stale(&tmp_root);
        let tmp = tmp_root.join(unique_name(&prog_key.hex()));
        std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        let result = self.build_into(session, target, prog_key, &tmp);
        let _ = std::fs::remove_dir_all(&tmp);
        result
    }

    fn build_into(
        &self,
        session: &mut Session,
        target: &Target,
        prog_key: &Key,
        tmp: &Path,
    ) -> Result<PathBuf, BuildError> {
        let exe = tmp.join("program");
        let program: Program = build::build(session, target, &exe, LinkOptions::default())?;
        write_manifest(tmp)?;
        let key = Self::entry_key(prog_key, &program.sources);
        let entry = self.dir.join("entries").join(key.hex());
        // Another process may have put an entry there first: run it if it
        // is whole, else replace it with ours.
        let mut placed = false;
        for _ in 0..3 {
            if std::fs::rename(tmp, &entry).is_ok() || verify(&entry) {
                placed = true;
                break;
            }
            self.discard(&entry);
        }
        if !placed {
            return Err(BuildError(format!(
                "cannot move the build into {}",
                entry.display()
            )));
        }
        self.write_index(prog_key, &program.sources)?;
        Ok(entry.join("program"))
    }

    /// Records which files the target loaded (temp, then rename).
    fn write_index(&self, prog_key: &Key, sources: &[(PathBuf, String)]) -> Result<(), BuildError> {
        let dir = self.dir.join("index");
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let mut text = String::new();
        for (path, _) in sources {
            let Some(p) = path.to_str().filter(|p| !p.contains('\n')) else {
                // A path this file format cannot hold: no index, so every
                // run is a miss (correct, only slower).
                return Ok(());
            };
            text.push_str(p);
            text.push('\n');
        }
        write_atomic(&dir.join(prog_key.hex()), text.as_bytes())
    }

    /// Moves a bad entry aside (one rename, so a concurrent reader sees it
    /// or not), then deletes it.
    fn discard(&self, entry: &Path) {
        if !entry.exists() {
            return;
        }
        let tmp_root = self.dir.join("tmp");
        let _ = std::fs::create_dir_all(&tmp_root);
        let trash = tmp_root.join(unique_name("discarded"));
        if std::fs::rename(entry, &trash).is_ok() {
            let _ = std::fs::remove_dir_all(&trash);
        }
    }

    /// The CRC-32 and length of a large file, remembered in `ident/` by
    /// its path, size and modification time.
    fn file_checksum(&self, path: &Path) -> Result<Vec<u8>, BuildError> {
        let meta = std::fs::metadata(path).map_err(io_err(path))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let mut k = Key::new();
        k.mix(path.as_os_str().as_encoded_bytes());
        k.mix(&meta.len().to_le_bytes());
        k.mix(&mtime.to_le_bytes());
        let memo = self.ident.join(k.hex());
        if let Some(v) = std::fs::read_to_string(&memo)
            .ok()
            .and_then(|s| u32::from_str_radix(s.trim(), 16).ok())
        {
            return Ok([v.to_le_bytes().as_slice(), &meta.len().to_le_bytes()].concat());
        }
        let (_, crc) = checksum(path).map_err(io_err(path))?;
        if let Some(d) = memo.parent() {
            if std::fs::create_dir_all(d).is_ok() {
                let _ = write_atomic(&memo, format!("{crc:08x}\n").as_bytes());
            }
        }
        Ok([crc.to_le_bytes().as_slice(), &meta.len().to_le_bytes()].concat())
    }

    /// Counts a hit (`h`) or a miss (`m`); best effort.
    fn count(&self, what: u8) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let log = self.dir.join("stats.log");
        let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
        else {
            return;
        };
        let _ = f.write_all(&[what]);
        if f.metadata().is_ok_and(|m| m.len() > STATS_LOG_LIMIT) {
            self.fold_log(&log);
        }
    }

    /// Folds `stats.log` into `stats`. Only the process whose rename takes
    /// the log folds it.
    fn fold_log(&self, log: &Path) {
        let mine = self.dir.join(unique_name("stats.log"));
        if std::fs::rename(log, &mine).is_err() {
            return;
        }
        let bytes = std::fs::read(&mine).unwrap_or_default();
        let (h, m) = self.folded();
        let (lh, lm) = tally(&bytes);
        let _ = write_atomic(
            &self.dir.join("stats"),
            format!("hits {}\nmisses {}\n", h + lh, m + lm).as_bytes(),
        );
        let _ = std::fs::remove_file(&mine);
    }

    fn folded(&self) -> (u64, u64) {
        let text = std::fs::read_to_string(self.dir.join("stats")).unwrap_or_default();
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        (field("hits "), field("misses "))
    }

    /// Entries, their total size, hits and misses.
    pub fn stats(&self) -> Stats {
        let mut entries = 0;
        let mut bytes = 0;
        if let Ok(list) = std::fs::read_dir(self.dir.join("entries")) {
            for e in list.flatten() {
                entries += 1;
                bytes += dir_size(&e.path());
            }
        }
        let (h, m) = self.folded();
        let (lh, lm) = tally(&std::fs::read(self.dir.join("stats.log")).unwrap_or_default());
        Stats {
            entries,
            bytes,
            hits: h + lh,
            misses: m + lm,
        }
    }

    /// Removes every entry, index, counter and leftover build. Returns the
    /// bytes freed.
    pub fn clear(&self) -> Result<u64, BuildError> {
        if !self.dir.exists() {
            return Ok(0);
        }
        let freed = dir_size(&self.dir);
        let _ = std::fs::remove_dir_all(&self.ident);
        for sub in ["entries", "index", "ident", "tmp"] {
            let p = self.dir.join(sub);
            if p.exists() {
                std::fs::remove_dir_all(&p).map_err(io_err(&p))?;
            }
        }
        for f in ["stats", "stats.log"] {
            let _ = std::fs::remove_file(self.dir.join(f));
        }
        Ok(freed)
    }
}

/// Whether `entry` holds a whole build: a manifest whose length and CRC-32
/// match the executable beside it.
fn verify(entry: &Path) -> bool {
    let Ok(manifest) = std::fs::read_to_string(entry.join("manifest")) else {
        return false;
    };
    let mut lines = manifest.lines();
    if lines.next() != Some(MANIFEST_MAGIC) {
        return false;
    }
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .map(str::trim)
            .map(str::to_string)
    };
    let (Some(len), Some(crc)) = (field("length "), field("crc32 ")) else {
        return false;
    };
    match checksum(&entry.join("program")) {
        Ok((n, c)) => {
            len.parse::<u64>().ok() == Some(n) && u32::from_str_radix(&crc, 16).ok() == Some(c)
        }
        Err(_) => false,
    }
}

/// A file's length and CRC-32, read in pieces through one small buffer:
/// reading a whole executable into a fresh allocation costs a page fault
/// per 4 KiB, most of a warm run's time.
fn checksum(path: &Path) -> std::io::Result<(u64, u32)> {
    use std::io::Read as _;
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 128 * 1024];
    let mut h = crc32fast::Hasher::new();
    let mut len = 0u64;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Ok((len, h.finalize())),
            Ok(n) => {
                h.update(&buf[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes `dir/manifest` for `dir/program` (temp, then rename: last).
fn write_manifest(dir: &Path) -> Result<(), BuildError> {
    let exe = dir.join("program");
    let (len, crc) = checksum(&exe).map_err(io_err(&exe))?;
    let text = format!("{MANIFEST_MAGIC}\nlength {len}\ncrc32 {crc:08x}\n");
    write_atomic(&dir.join("manifest"), text.as_bytes())
}

/// Writes `path` through a temporary file of this process, renamed over it.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{}", unique_name(&name)));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err(path))
}

/// `base.<pid>.<nanoseconds>`: unique to this process and moment.
fn unique_name(base: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{base}.{}.{nanos}", std::process::id())
}

fn tally(log: &[u8]) -> (u64, u64) {
    let hits = log.iter().filter(|&&b| b == b'h').count() as u64;
    let misses = log.iter().filter(|&&b| b == b'm').count() as u64;
    (hits, misses)
}

fn dir_size(p: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(p) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(p)
        .map(|list| list.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

/// Removes leftovers of builds that died more than a day ago.
fn remove_stale(tmp_root: &Path) {
    let day = std::time::Duration::from_secs(24 * 3600);
    let Ok(list) = std::fs::read_dir(tmp_root) else {
        return;
    };
    for e in list.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if old {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> Cache {
        let dir = std::env::temp_dir().join(unique_name(&format!("genera-cache-test-{name}")));
        std::fs::create_dir_all(&dir).unwrap();
        Cache {
            ident: dir.join("ident"),
            dir,
        }
    }

    #[test]
    fn counters_survive_folding_the_log() {
        let cache = scratch("fold");
        let log = vec![b'h'; STATS_LOG_LIMIT as usize];
        std::fs::write(
            cache.dir.join("stats.log"),
            [log.as_slice(), b"mm"].concat(),
        )
        .unwrap();
        cache.count(b'm');
        let s = cache.stats();
        assert_eq!((s.hits, s.misses), (STATS_LOG_LIMIT, 3));
        assert!(!cache.dir.join("stats.log").exists(), "the log was folded");
        cache.count(b'h');
        let s = cache.stats();
        assert_eq!((s.hits, s.misses), (STATS_LOG_LIMIT + 1, 3));
        let _ = std::fs::remove_dir_all(&cache.dir);
    }

    #[test]
    fn keys_separate_their_parts() {
        let key = |parts: &[&str]| {
            let mut k = Key::new();
            for p in parts {
                k.mix(p.as_bytes());
            }
            k.hex()
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_ne!(key(&["a"]), key(&["a", ""]));
        assert_eq!(key(&["x", "y"]), key(&["x", "y"]));
    }

    #[test]
    fn a_source_key_ignores_a_byte_order_mark() {
        let k = Key::new();
        let with = Cache::entry_key(&k, &[("/a.clj".into(), "\u{feff}(x)".into())]);
        let without = Cache::entry_key(&k, &[("/a.clj".into(), "(x)".into())]);
        assert_eq!(with.hex(), without.hex());
    }

    #[test]
    fn a_manifest_must_match_its_executable() {
        let cache = scratch("manifest");
        let entry = cache.dir.join("e");
        std::fs::create_dir_all(&entry).unwrap();
        std::fs::write(entry.join("program"), b"some bytes").unwrap();
        assert!(!verify(&entry), "no manifest");
        write_manifest(&entry).unwrap();
        assert!(verify(&entry));
        std::fs::write(entry.join("program"), b"some bytez").unwrap();
        assert!(!verify(&entry), "same length, other bytes");
        std::fs::write(entry.join("manifest"), "something else\n").unwrap();
        assert!(!verify(&entry), "not a manifest");
        let _ = std::fs::remove_dir_all(&cache.dir);
    }
}
