//! Writing an image: walk from the namespaces, number the objects in the
//! order they are met, write one record per object.

use super::*;
use crate::mem::object::{Header, FLAG_BLACKHOLE, FLAG_CYCLE_BUFFERED, FLAG_SHARED, SCAN_LARGE};
use crate::object::{field, large_count, large_fields, raw, tag_of};
use crate::tag::Tag;
use crate::{callable, coll, io, ns, num, regex, string};
use std::collections::HashMap;
use std::path::Path;

/// The REPL's history of results and the last exception: what they hold
/// belongs to the session, not to the program, so images save them nil.
const REPL_VARS: &[&str] = &["*1", "*2", "*3", "*e"];

/// What `save` wrote.
#[derive(Debug, Clone, Copy)]
pub struct SaveStats {
    pub objects: usize,
    pub bytes: usize,
}

/// The state of one save: the objects numbered so far and the bytes
/// written. The tier's codec writes values through `value`.
pub struct Writer {
    ids: HashMap<u64, u32>,
    queue: Vec<Value>,
    /// For each queued object, the var it was first reached from (an index
    /// into `roots`), to name it when it cannot be saved.
    reached_from: Vec<u32>,
    roots: Vec<String>,
    current_root: u32,
    shared_keys: HashMap<usize, u32>,
    shared: Vec<Vec<u8>>,
    /// Hash maps and sets (ids) whose keys hash by identity, in part: their
    /// tries are rebuilt on load, where those objects have new addresses.
    rehash: Vec<u32>,
    identity_memo: HashMap<u64, bool>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            ids: HashMap::new(),
            queue: Vec::new(),
            reached_from: Vec::new(),
            roots: vec!["a namespace".to_string()],
            current_root: 0,
            shared_keys: HashMap::new(),
            shared: Vec::new(),
            rehash: Vec::new(),
            identity_memo: HashMap::new(),
        }
    }

    /// The image word for `v` (borrowed): an immediate as itself, an object
    /// as a reference, numbering it (and so queueing it to be written) the
    /// first time.
    pub fn value(&mut self, v: Value) -> u64 {
        if !v.is_ptr() {
            return v.0;
        }
        if let Some(&id) = self.ids.get(&v.0) {
            return u64::from(id) << 3;
        }
        self.queue.push(v);
        self.reached_from.push(self.current_root);
        let id = self.queue.len() as u32;
        self.ids.insert(v.0, id);
        u64::from(id) << 3
    }

    /// A blob the tier shares between several code objects (a group of
    /// lambdas compiled together), keyed by an address that identifies it
    /// for this save. Returns its index and whether it is new (the caller
    /// then fills it with `set_shared`).
    pub fn shared(&mut self, key: usize) -> (u32, bool) {
        if let Some(&i) = self.shared_keys.get(&key) {
            return (i, false);
        }
        let i = self.shared.len() as u32;
        self.shared.push(Vec::new());
        self.shared_keys.insert(key, i);
        (i, true)
    }

    pub fn set_shared(&mut self, index: u32, bytes: Vec<u8>) {
        self.shared[index as usize] = bytes;
    }

    /// Does `v`'s hash depend on an object's address (`equiv::hash` falls
    /// back to the identity hash for functions, cells, vars, types...)?
    /// Over-approximated: anything reaching such an object.
    fn hashes_by_identity(&mut self, v: Value) -> bool {
        if !v.is_ptr() {
            return false;
        }
        if let Some(&b) = self.identity_memo.get(&v.0) {
            return b;
        }
        let b = match tag_of(v) {
            Some(
                Tag::String
                | Tag::Symbol
                | Tag::Keyword
                | Tag::Long
                | Tag::Double
                | Tag::BigInt
                | Tag::Ratio
                | Tag::BigDecimal
                | Tag::EmptyList,
            ) => false,
            Some(
                Tag::List
                | Tag::Cons
                | Tag::LazySeq
                | Tag::Vector
                | Tag::VectorNode
                | Tag::SubVector
                | Tag::Map
                | Tag::Set
                | Tag::MapEntry
                | Tag::SortedMap
                | Tag::SortedSet
                | Tag::TreeNode
                | Tag::BitmapNode
                | Tag::ArrayNode
                | Tag::CollisionNode
                | Tag::Record
                | Tag::Range
                | Tag::ArraySeq
                | Tag::ChunkedCons
                | Tag::ArrayChunk
                | Tag::TreeSeq,
            ) => {
                // Collections hash their elements (metadata included here:
                // an over-approximation that only costs a rebuild).
                // SAFETY: v is a live object.
                let (count, first) = unsafe { Header::scan_fields(v.header()) };
                let fields: Vec<Value> = (0..count).map(|i| field(v, first + i)).collect();
                fields.into_iter().any(|f| self.hashes_by_identity(f))
            }
            _ => true,
        };
        self.identity_memo.insert(v.0, b);
        b
    }

    /// Notes hash map or set `v` (object `id`) for rebuilding on load if
    /// any of its keys hashes by identity.
    fn note_rehash(&mut self, id: usize, v: Value) {
        let hashed = match tag_of(v) {
            Some(Tag::Map) => coll::is_hash_map(v),
            Some(Tag::Set) => true,
            _ => false,
        };
        if !hashed {
            return;
        }
        let mut keys = Vec::new();
        let _ = coll::map_or_set_keys(v, &mut keys);
        if keys.into_iter().any(|k| self.hashes_by_identity(k)) {
            self.rehash.push(id as u32 + 1);
        }
    }

    fn refuse(&self, id: usize, what: &str) -> String {
        format!(
            "cannot save an image: {what} is reachable from {}; \
             objects of the running process cannot be saved (clear the var first)",
            self.roots[self.reached_from[id] as usize]
        )
    }
}

/// Writes the image of the whole runtime to `path` (atomically: a temporary
/// file renamed into place), with the tier's `extras` (name, bytes).
///
/// Errors: an object that cannot be saved (named with the var it was reached
/// from), a code object no tier can write, or the file system's error.
pub fn save(path: &Path, extras: &[(&str, Vec<u8>)]) -> Result<SaveStats, String> {
    let (bytes, stats) = save_bytes(extras)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, &bytes)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write image {}: {e}", path.display())
        })?;
    Ok(stats)
}

/// The image of the whole runtime as bytes (see `save`).
pub fn save_bytes(extras: &[(&str, Vec<u8>)]) -> Result<(Vec<u8>, SaveStats), String> {
    let mut w = Writer::new();
    let mut namespaces = ByteWriter::default();
    let names = ns::all_ns();
    namespaces.u32(names.len() as u32);
    for name in &names {
        namespaces.str(name);
        let mappings = ns::ns_mappings(name);
        namespaces.u32(mappings.len() as u32);
        for (sym, v) in mappings {
            namespaces.str(&sym);
            let r = w.value(v);
            namespaces.u64(r);
        }
        let aliases = ns::aliases(name);
        namespaces.u32(aliases.len() as u32);
        for (alias, target) in aliases {
            namespaces.str(&alias);
            namespaces.str(&target);
        }
    }
    let mut objects = ByteWriter::default();
    let mut i = 0;
    while i < w.queue.len() {
        let v = w.queue[i];
        w.current_root = w.reached_from[i];
        write_object(&mut w, &mut objects, i, v)?;
        i += 1;
    }
    let mut body = ByteWriter::default();
    body.u32(w.queue.len() as u32);
    body.bytes.extend_from_slice(&objects.bytes);
    body.bytes.extend_from_slice(&namespaces.bytes);
    body.u32(w.shared.len() as u32);
    for blob in &w.shared {
        body.blob(blob);
    }
    body.u32(extras.len() as u32);
    for (name, bytes) in extras {
        body.str(name);
        body.blob(bytes);
    }
    body.u32(w.rehash.len() as u32);
    for id in &w.rehash {
        body.u32(*id);
    }
    let tier = codec()?.fingerprint;
    let mut file = ByteWriter::default();
    file.bytes.extend_from_slice(MAGIC);
    file.u32(FORMAT_VERSION);
    file.u64(runtime_fingerprint());
    file.u64(tier);
    file.u64(body.bytes.len() as u64);
    file.u32(crc32fast::hash(&body.bytes));
    debug_assert_eq!(file.bytes.len(), HEADER_LEN);
    file.str(env!("CARGO_PKG_VERSION"));
    file.bytes.extend_from_slice(&body.bytes);
    let stats = SaveStats {
        objects: w.queue.len(),
        bytes: file.bytes.len(),
    };
    Ok((file.bytes, stats))
}

fn write_object(w: &mut Writer, out: &mut ByteWriter, id: usize, v: Value) -> Result<(), String> {
    let Some(tag) = tag_of(v) else {
        return Err(format!(
            "cannot save an image: an object with unknown tag {}",
            raw_tag(v)
        ));
    };
    match tag {
        Tag::Keyword => {
            let (kns, name) = string::name_parts(v);
            out.u8(K_KEYWORD);
            out.opt_str(kns);
            out.str(name);
            return Ok(());
        }
        Tag::Var => {
            let (vns, name) = ns::var_name(v);
            w.roots.push(format!("#'{vns}/{name}"));
            w.current_root = (w.roots.len() - 1) as u32;
            out.u8(K_VAR);
            out.str(&vns);
            out.str(&name);
            out.u64(ns::var_flags(v));
            let root = if vns == "clojure.core" && REPL_VARS.contains(&name.as_str()) {
                Value::NIL
            } else {
                ns::var_root(v)
            };
            let root = w.value(root);
            out.u64(root);
            let meta = w.value(field(v, 1));
            out.u64(meta);
            return Ok(());
        }
        Tag::Namespace => {
            out.u8(K_NAMESPACE);
            out.str(ns::ns_object_name(v));
            return Ok(());
        }
        Tag::NativeFn => {
            out.u8(K_NATIVE);
            out.str(callable::native_fn_name(v));
            return Ok(());
        }
        Tag::EmptyList if v == coll::empty_list() => {
            out.u8(K_EMPTY_LIST);
            return Ok(());
        }
        Tag::Stream => {
            let Some(which) = io::standard_stream_index(v) else {
                return Err(w.refuse(id, io::stream_description(v)));
            };
            out.u8(K_STD_STREAM);
            out.u8(which);
            return Ok(());
        }
        Tag::Pid | Tag::Ref => {
            return Err(w.refuse(id, "a process identifier or reference"));
        }
        _ => {}
    }
    // SAFETY: v is a live object (the walk only meets live ones).
    let (scan, flags) = unsafe { ((*v.header()).scan, (*v.header()).flags) };
    let large = scan == SCAN_LARGE;
    let fields: Vec<Value> = if large {
        large_fields(v).to_vec()
    } else {
        (0..scan as usize).map(|i| field(v, i)).collect()
    };
    w.note_rehash(id, v);
    out.u8(K_OBJECT);
    out.u16(tag as u16);
    out.u8(flags & !(FLAG_BLACKHOLE | FLAG_SHARED | FLAG_CYCLE_BUFFERED));
    out.u8(u8::from(large));
    out.u32(fields.len() as u32);
    debug_assert!(!large || fields.len() == large_count(v));
    for f in fields {
        let r = w.value(f);
        out.u64(r);
    }
    write_payload(w, out, tag, v, scan as usize)
}

/// The part of an object `scan` cannot see (raw words, bytes, boxed Rust
/// data), for the tags that have one.
fn write_payload(
    w: &mut Writer,
    out: &mut ByteWriter,
    tag: Tag,
    v: Value,
    n: usize,
) -> Result<(), String> {
    match tag {
        Tag::Long | Tag::Double | Tag::Promise | Tag::Matcher | Tag::Inst => out.u64(raw(v, n)),
        Tag::Uuid => {
            out.u64(raw(v, n));
            out.u64(raw(v, n + 1));
        }
        Tag::List => out.u64(raw(v, n)),
        Tag::String => out.blob(string::str_of(v).as_bytes()),
        Tag::BigInt | Tag::BigDecimal => out.str(&num::to_plain_string(v)),
        Tag::Regex => out.str(regex::source(v)),
        Tag::PrimArray => {
            let (len, kind, bytes) = coll::prim_array_raw(v);
            out.u64(len);
            out.u64(kind);
            out.blob(bytes);
        }
        Tag::Code => {
            let bytes = (codec()?.save)(v, w)?;
            out.blob(&bytes);
        }
        _ => {}
    }
    Ok(())
}

fn raw_tag(v: Value) -> u16 {
    // SAFETY: v is a live object.
    unsafe { (*(v.header() as *const Header)).tag }
}

/// A little-endian byte buffer.
#[derive(Default)]
pub struct ByteWriter {
    pub bytes: Vec<u8>,
}

impl ByteWriter {
    pub fn u8(&mut self, x: u8) {
        self.bytes.push(x);
    }
    pub fn u16(&mut self, x: u16) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }
    pub fn u32(&mut self, x: u32) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }
    pub fn u64(&mut self, x: u64) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }
    pub fn blob(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.bytes.extend_from_slice(b);
    }
    pub fn str(&mut self, s: &str) {
        self.blob(s.as_bytes());
    }
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
}
