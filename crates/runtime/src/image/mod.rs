//! Live images: everything reachable from the namespaces, written to one
//! file and loaded back into a fresh process (the Genera seed's saved world,
//! after Smalltalk's and SBCL's images).
//!
//! # What an image holds
//! Every namespace (its mappings and aliases), every var (flags, root,
//! metadata) and every object their roots and metadata reach, found by the
//! generic walk over `scan` fields that drop and inspection also use. Code
//! is data: a `Code` object's tier payload (bytecode, source lines, handler
//! tables) is written by the tier through its `CodeCodec`. The tier's own
//! extras (which libraries are loaded, the current namespace) ride along as
//! named byte strings. No native code is ever written.
//!
//! # How objects are written and restored
//! Objects are numbered in the order the walk meets them; a value word in
//! the image is either an immediate, written as itself (its low three bits
//! are never `000`), or a reference `id << 3` to object `id` (ids start at
//! 1, so the word is a multiple of 8 and never 0: the same test as a heap
//! pointer). Loading allocates every object first and fills the fields
//! second, so cycles through mutable cells and code need no ordering.
//!
//! Some objects are not copied but named, and restored by finding (or
//! making) the one this process has:
//! - interned keywords, by namespace and name (they are interned again);
//! - vars and namespaces, by name (a var's flags, root and metadata are
//!   restored into this process's var of that name, after everything else);
//! - native functions, by their qualified name (they are Rust code; an image
//!   naming one this genera does not have is refused);
//! - the empty list and the standard streams (`*out*`, `*err*`, `*in*`), the
//!   runtime's singletons.
//!
//! Everything else is copied: strings with their bytes, numbers, big numbers
//! and regexes from their text, collections node by node. Objects that are
//! resources of the running process (an open file, a string writer, a
//! reader) cannot be saved and are refused by name, with the var they were
//! reached from.
//!
//! Hash maps and sets whose keys hash by identity (functions, atoms, vars
//! and whatever contains them: `equiv::hash` falls back to the address)
//! are listed in the image and their tries rebuilt after loading, since
//! those keys now live at other addresses. (Their iteration order may
//! change with it, as it would between two JVM runs.)
//!
//! Every loaded object is immortal (RUNTIME.md: "objects living in a mapped
//! image"): never counted, never freed. Mutable cells among them (atoms,
//! volatiles, delays, lazy seqs, arrays, protocol caches, mutable deftypes)
//! may later hold counted values; `release_cells` releases those at exit so
//! `--check-leaks` sees only what the program leaked, as it does for vars.
//!
//! # The file
//! ```text
//! magic "GENERA\0I" | format u32 | runtime fingerprint u64 | tier fingerprint u64
//! | body length u64 | body crc32 u32 | genera version (u16 length, bytes) | body
//! body: objects | namespaces | shared tier blobs | extras | rehash list
//! ```
//! All integers little-endian. A file with another magic, format, version
//! or fingerprint (another build of genera: the fingerprints hash the
//! runtime's and the tier's source, so any change to a layout changes them),
//! a short body or a bad checksum is refused with an error saying which,
//! before anything is loaded.

mod read;
mod write;

pub use read::{load, load_bytes, ByteReader, Loaded, Loader, ObjectTable, SharedBytes};
pub use write::{save, save_bytes, ByteWriter, SaveStats, Writer};

use crate::value::Value;
use std::sync::OnceLock;

/// The first bytes of every image.
pub const MAGIC: &[u8; 8] = b"GENERA\0I";

/// The version of the container format (this module's encoding).
pub const FORMAT_VERSION: u32 = 1;

/// The runtime's layout fingerprint: a hash of the runtime crate's source
/// (computed by its build script), so an image is only ever loaded by the
/// build that can read its layouts.
pub fn runtime_fingerprint() -> u64 {
    u64::from_str_radix(env!("GENERA_RUNTIME_SRC_HASH"), 16).unwrap_or(0)
}

/// How a tier writes and reads the payload of its code objects.
///
/// `save` gets a live `Code` object (borrowed) and returns its payload's
/// bytes, writing every value it mentions through `Writer::value`.
/// `load` gets those bytes and returns the payload for `code`, a code object
/// whose fields are already filled, resolving values through
/// `Loader::value`. Either may fail with a message.
pub struct CodeCodec {
    /// Changes whenever the tier's encoding or instruction set changes.
    pub fingerprint: u64,
    pub save: fn(code: Value, w: &mut Writer) -> Result<Vec<u8>, String>,
    pub load: CodeLoader,
}

/// A code object's payload, as a tier makes it: the pointer and its ops
/// (see `callable::make_code_raw`).
pub type Payload = (*mut (), &'static crate::callable::CodeOps);

/// Reads a code object's payload back (see `CodeCodec::load`).
pub type CodeLoader = fn(code: Value, bytes: &[u8], r: &mut Loader) -> Result<Payload, String>;

static CODEC: OnceLock<CodeCodec> = OnceLock::new();

/// Installs the tier's codec (once, with the tier).
pub fn set_code_codec(codec: CodeCodec) {
    let _ = CODEC.set(codec);
}

fn codec() -> Result<&'static CodeCodec, String> {
    CODEC
        .get()
        .ok_or_else(|| "no execution tier can read or write code in images".to_string())
}

// Record kinds in the object table.
const K_OBJECT: u8 = 0;
const K_KEYWORD: u8 = 1;
const K_VAR: u8 = 2;
const K_NAMESPACE: u8 = 3;
const K_NATIVE: u8 = 4;
const K_EMPTY_LIST: u8 = 5;
const K_STD_STREAM: u8 = 6;

const HEADER_LEN: usize = 8 + 4 + 8 + 8 + 8 + 4;

thread_local! {
    /// Mutable cells loaded from images (immortal), released at exit.
    static CELLS: std::cell::RefCell<Vec<Value>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Releases the counted values that mutable cells loaded from an image have
/// come to hold (each value field set to nil), so that after
/// `ns::release_all_roots` nothing the program made is held. For
/// `--check-leaks` at exit only: the cells are unusable afterwards.
pub fn release_cells() {
    let cells = CELLS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    for cell in cells {
        crate::coll::clear_value_fields(cell);
    }
}
