//! Loading an image: check the header, allocate every object, fill the
//! fields, decode the code payloads, then restore vars and namespaces.
//! Nothing global changes until every object has been read successfully.

use super::*;
use crate::mem::heap;
use crate::mem::object::{
    large_size, set_field, set_large_count, set_raw, Header, HEADER_SIZE, SCAN_LARGE,
};
use crate::tag::Tag;
use crate::{callable, coll, io, ns, num, regex, string};
use std::any::Any;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What a load restored, and the extras the saving tier wrote.
#[derive(Debug, Default)]
pub struct Loaded {
    pub objects: usize,
    pub extras: HashMap<String, Vec<u8>>,
}

/// The state of one load: the objects by id. The tier's codec resolves
/// values through `value` and caches what several code objects share.
pub struct Loader<'a> {
    objects: Vec<Value>,
    table: Option<ObjectTable>,
    shared: Vec<&'a [u8]>,
    /// Where each shared blob starts in `file`.
    shared_at: Vec<usize>,
    file: Arc<Vec<u8>>,
    cache: HashMap<u32, Arc<dyn Any + Send + Sync>>,
}

impl<'a> Loader<'a> {
    /// The value an image word stands for (an immediate, or a loaded
    /// object: immortal, so the caller need not count it).
    pub fn value(&self, word: u64) -> Result<Value, String> {
        if word & 7 != 0 {
            return Ok(Value(word));
        }
        let id = (word >> 3) as usize;
        match id.checked_sub(1).and_then(|i| self.objects.get(i)) {
            Some(v) => Ok(*v),
            None => Err(format!(
                "corrupted: a reference to object {id} of {}",
                self.objects.len()
            )),
        }
    }

    /// The object table of this load, to resolve image words after it (a
    /// tier decoding code lazily keeps it).
    pub fn object_table(&mut self) -> ObjectTable {
        if self.table.is_none() {
            self.table = Some(ObjectTable(Arc::new(self.objects.clone())));
        }
        self.table
            .clone()
            .unwrap_or_else(|| ObjectTable(Arc::new(Vec::new())))
    }

    /// Shared blob `index` (see `Writer::shared`).
    pub fn shared(&self, index: u32) -> Result<&'a [u8], String> {
        self.shared
            .get(index as usize)
            .copied()
            .ok_or_else(|| format!("corrupted: no shared blob {index}"))
    }

    /// Shared blob `index` as bytes that outlive the load.
    pub fn shared_bytes(&self, index: u32) -> Result<SharedBytes, String> {
        let len = self.shared(index)?.len();
        Ok(SharedBytes {
            file: self.file.clone(),
            start: self.shared_at[index as usize],
            len,
        })
    }

    /// What the tier decoded from shared blob `index` earlier in this load.
    pub fn cached(&self, index: u32) -> Option<Arc<dyn Any + Send + Sync>> {
        self.cache.get(&index).cloned()
    }

    pub fn cache(&mut self, index: u32, v: Arc<dyn Any + Send + Sync>) {
        self.cache.insert(index, v);
    }
}

/// The objects of a loaded image by id, kept after the load (they are
/// immortal) for a tier that decodes code when it is first run.
#[derive(Clone)]
pub struct ObjectTable(Arc<Vec<Value>>);

// SAFETY: the values are immortal objects of a loaded image, never freed
// and never mutated through this table; the runtime runs them on one
// thread at a time (see `callable::replace_code_payload`).
unsafe impl Send for ObjectTable {}
// SAFETY: as above.
unsafe impl Sync for ObjectTable {}

impl ObjectTable {
    /// The value an image word stands for (see `Loader::value`).
    pub fn value(&self, word: u64) -> Result<Value, String> {
        resolve(&self.0, word)
    }
}

fn resolve(objects: &[Value], word: u64) -> Result<Value, String> {
    if word & 7 != 0 {
        return Ok(Value(word));
    }
    let id = (word >> 3) as usize;
    match id.checked_sub(1).and_then(|i| objects.get(i)) {
        Some(v) => Ok(*v),
        None => Err(format!(
            "corrupted: a reference to object {id} of {}",
            objects.len()
        )),
    }
}

/// Loads the image in `path` into this process (see the module doc).
/// Errors name the file and what is wrong with it.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
    load_shared(Arc::new(bytes)).map_err(|e| format!("image {}: {e}", path.display()))
}

/// Loads an image from its bytes (see `load`).
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, String> {
    load_shared(Arc::new(bytes.to_vec()))
}

/// A range of an image's bytes that outlives the load (a tier keeps the
/// code it decodes later this way, without copying it).
#[derive(Clone)]
pub struct SharedBytes {
    file: Arc<Vec<u8>>,
    start: usize,
    len: usize,
}

impl SharedBytes {
    pub fn bytes(&self) -> &[u8] {
        &self.file[self.start..self.start + self.len]
    }
}

fn load_shared(file: Arc<Vec<u8>>) -> Result<Loaded, String> {
    let bytes: &[u8] = &file;
    let body = check_header(bytes)?;
    let body_start = bytes.len() - body.len();
    let mut r = ByteReader::new(body);
    let n = r.u32()? as usize;
    if n > body.len() {
        return Err("corrupted: object count larger than the file".into());
    }
    let mut loader = Loader {
        objects: Vec::with_capacity(n),
        table: None,
        shared: Vec::new(),
        shared_at: Vec::new(),
        file: file.clone(),
        cache: HashMap::new(),
    };
    let natives = natives_by_name();
    let mut pending = Vec::with_capacity(n);
    for _ in 0..n {
        let (v, p) = read_record(&mut r, &natives)?;
        loader.objects.push(v);
        pending.push(p);
    }
    let namespaces = read_namespaces(&mut r)?;
    let nshared = r.u32()? as usize;
    for _ in 0..nshared {
        loader.shared_at.push(body_start + r.pos + 4);
        loader.shared.push(r.blob()?);
    }
    let mut extras = HashMap::new();
    for _ in 0..r.u32()? {
        let name = r.str()?.to_string();
        extras.insert(name, r.blob()?.to_vec());
    }
    let mut rehash = Vec::new();
    for _ in 0..r.u32()? {
        rehash.push(loader.value(u64::from(r.u32()?) << 3)?);
    }
    fill(&mut loader, &pending, body)?;
    let mut vars = Vec::new();
    for (v, p) in loader.objects.iter().zip(&pending) {
        if let Pending::Var { flags, root, meta } = p {
            vars.push((*v, *flags, loader.value(*root)?, loader.value(*meta)?));
        }
    }
    let mut namespace_values = Vec::with_capacity(namespaces.len());
    for (name, mappings, aliases) in namespaces {
        let mut resolved = Vec::with_capacity(mappings.len());
        for (sym, w) in mappings {
            resolved.push((sym, loader.value(w)?));
        }
        namespace_values.push((name, resolved, aliases));
    }
    // Everything is read: now change the process's state.
    for (var, flags, root, meta) in vars {
        ns::restore_var(var, flags, root, meta);
    }
    for (name, mappings, aliases) in namespace_values {
        ns::restore_ns(&name, mappings, aliases);
    }
    // Last: hashing a key may run code (a type's hasheq).
    for c in rehash {
        coll::rehash_in_place(c).map_err(|e| {
            let msg = crate::error::exception_message(e.0).unwrap_or_default();
            heap::drop(e.0);
            format!("a hash map's key cannot be hashed again: {msg}")
        })?;
    }
    Ok(Loaded { objects: n, extras })
}

fn check_header(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a genera image (bad magic number)".into());
    }
    if bytes.len() < HEADER_LEN {
        return Err(format!(
            "truncated: {} bytes, shorter than an image header",
            bytes.len()
        ));
    }
    let mut r = ByteReader::new(&bytes[MAGIC.len()..]);
    let format = r.u32()?;
    let runtime = r.u64()?;
    let tier = r.u64()?;
    let len = r.u64()? as usize;
    let crc = r.u32()?;
    let version = r.str().map_err(|_| "truncated: no version".to_string())?;
    if format != FORMAT_VERSION {
        return Err(format!(
            "image format {format}, but this genera reads format {FORMAT_VERSION}"
        ));
    }
    let mine = env!("CARGO_PKG_VERSION");
    if version != mine {
        return Err(format!(
            "made by genera {version}, but this is genera {mine}"
        ));
    }
    if runtime != runtime_fingerprint() || tier != codec()?.fingerprint {
        return Err(format!(
            "made by another build of genera {mine} (its object layouts or bytecode differ); \
             save the image again with this genera"
        ));
    }
    let start = HEADER_LEN + 4 + version.len();
    let body = &bytes[start..];
    if body.len() != len {
        return Err(format!(
            "truncated or padded: the body is {} bytes, the header says {len}",
            body.len()
        ));
    }
    if crc32fast::hash(body) != crc {
        return Err("corrupted: checksum mismatch".into());
    }
    Ok(body)
}

/// What is left to do for an object once every object exists.
enum Pending {
    /// Fill `n` value fields (words at `at` in the body), starting at field
    /// word `first` (1 for large objects: word 0 is the count).
    Fields {
        at: usize,
        n: usize,
        first: usize,
        code: Option<(usize, usize)>,
    },
    Var {
        flags: u64,
        root: u64,
        meta: u64,
    },
    None,
}

fn read_record(
    r: &mut ByteReader,
    natives: &HashMap<&'static str, Value>,
) -> Result<(Value, Pending), String> {
    match r.u8()? {
        K_OBJECT => read_object(r),
        K_KEYWORD => {
            let kns = r.opt_str()?;
            let name = r.str()?;
            Ok((string::keyword(kns, name), Pending::None))
        }
        K_VAR => {
            let vns = r.str()?;
            let name = r.str()?;
            let var = ns::restore_var_object(vns, name);
            let flags = r.u64()?;
            let root = r.u64()?;
            let meta = r.u64()?;
            Ok((var, Pending::Var { flags, root, meta }))
        }
        K_NAMESPACE => Ok((ns::create_ns(r.str()?), Pending::None)),
        K_NATIVE => {
            let name = r.str()?;
            match natives.get(name) {
                Some(v) => Ok((*v, Pending::None)),
                None => Err(format!(
                    "refers to native fn {name}, which this genera does not have"
                )),
            }
        }
        K_EMPTY_LIST => Ok((coll::empty_list(), Pending::None)),
        K_STD_STREAM => {
            let which = r.u8()?;
            io::standard_stream(which)
                .map(|v| (v, Pending::None))
                .ok_or_else(|| format!("corrupted: standard stream {which}"))
        }
        k => Err(format!("corrupted: record kind {k}")),
    }
}

fn read_object(r: &mut ByteReader) -> Result<(Value, Pending), String> {
    let tag_n = r.u16()?;
    let tag = Tag::from_u16(tag_n).ok_or_else(|| format!("corrupted: tag {tag_n}"))?;
    let flags = r.u8()?;
    let large = r.u8()? != 0;
    let n = r.u32()? as usize;
    if !large && n > 254 {
        return Err(format!("corrupted: {n} fields in a small object"));
    }
    let at = r.pos;
    r.skip(n.checked_mul(8).ok_or("corrupted: field count")?)?;
    let first = usize::from(large);
    let (raw_words, payload) = payload_size(r, tag)?;
    let size = if large {
        large_size(n) + 8 * raw_words
    } else {
        HEADER_SIZE + 8 * (n + raw_words)
    };
    let scan = if large { SCAN_LARGE } else { n as u8 };
    let h = heap::alloc_immortal(size, tag, scan);
    let v = Value::from_header(h);
    // SAFETY: h is a fresh object of `size` bytes; its fields are set to nil
    // at once so the object is well formed before they are filled.
    unsafe { (*h).flags = flags };
    if large {
        set_raw(v, 0, 0);
    }
    for i in 0..n {
        set_field(v, first + i, Value::NIL);
    }
    if large {
        set_large_count(v, n);
    }
    let code = write_raw(v, tag, n, payload)?;
    if is_mutable(tag) {
        CELLS.with(|c| c.borrow_mut().push(v));
    }
    Ok((v, Pending::Fields { at, n, first, code }))
}

/// The raw part of a record, read ahead: how many raw words the object
/// needs and what to write into them.
enum Payload<'a> {
    None,
    Word(u64),
    Words2(u64, u64),
    Zeros(usize),
    Bytes(&'a [u8]),
    Text(&'a str),
    PrimArray(u64, u64, &'a [u8]),
    Code(usize, usize),
}

fn payload_size<'a>(r: &mut ByteReader<'a>, tag: Tag) -> Result<(usize, Payload<'a>), String> {
    Ok(match tag {
        Tag::Long | Tag::Double | Tag::Promise | Tag::List | Tag::Matcher | Tag::Inst => {
            (1, Payload::Word(r.u64()?))
        }
        Tag::Uuid => (2, Payload::Words2(r.u64()?, r.u64()?)),
        Tag::ProtoCache => (2, Payload::Zeros(2)),
        Tag::String => {
            let b = r.blob()?;
            (2 + b.len().div_ceil(8), Payload::Bytes(b))
        }
        Tag::BigInt | Tag::BigDecimal | Tag::Regex => (1, Payload::Text(r.str()?)),
        Tag::PrimArray => {
            let len = r.u64()?;
            let kind = r.u64()?;
            let b = r.blob()?;
            (2 + b.len().div_ceil(8), Payload::PrimArray(len, kind, b))
        }
        Tag::Code => {
            let start = r.pos + 4;
            let b = r.blob()?;
            (2, Payload::Code(start, b.len()))
        }
        Tag::Stream | Tag::Var | Tag::Namespace | Tag::NativeFn | Tag::Keyword => {
            return Err(format!(
                "corrupted: a {} written as a plain object",
                tag.name()
            ))
        }
        _ => (0, Payload::None),
    })
}

/// Writes the raw part of `v` (whose `n` value fields come first). Returns
/// where a code object's payload bytes are, to decode once all objects
/// are filled.
fn write_raw(v: Value, tag: Tag, n: usize, p: Payload) -> Result<Option<(usize, usize)>, String> {
    match p {
        Payload::None => {}
        Payload::Word(w) => set_raw(v, n, w),
        Payload::Words2(a, b) => {
            set_raw(v, n, a);
            set_raw(v, n + 1, b);
        }
        Payload::Zeros(k) => (0..k).for_each(|i| set_raw(v, n + i, 0)),
        Payload::Bytes(b) => {
            set_raw(v, 0, b.len() as u64);
            set_raw(v, 1, 0);
            copy_bytes(v, 2, b);
        }
        Payload::Text(s) => {
            let restored = match tag {
                Tag::Regex => regex::restore(v, s),
                _ => num::restore_big(v, tag, s),
            };
            restored.map_err(|e| format!("corrupted: {} {s:?}: {e}", tag.name()))?;
        }
        Payload::PrimArray(len, kind, b) => {
            if !coll::valid_prim_array(len, kind, b.len()) {
                return Err("corrupted: a primitive array's size".into());
            }
            set_raw(v, 0, len);
            set_raw(v, 1, kind);
            copy_bytes(v, 2, b);
        }
        Payload::Code(at, len) => {
            set_raw(v, n, 0);
            set_raw(v, n + 1, 0);
            return Ok(Some((at, len)));
        }
    }
    Ok(None)
}

fn copy_bytes(v: Value, word: usize, b: &[u8]) {
    // SAFETY: the object was allocated with room for b.len() bytes (rounded
    // up to words) from raw word `word` on; the tail of the last word is
    // zeroed so the object's bytes are all initialised.
    unsafe {
        let dst = Header::word(v.header(), word) as *mut u8;
        let words = b.len().div_ceil(8);
        if words > 0 {
            *Header::word(v.header(), word + words - 1) = 0;
        }
        std::ptr::copy_nonoverlapping(b.as_ptr(), dst, b.len());
    }
}

/// Objects whose fields change after they are made: loaded ones may come to
/// hold counted values, released at exit by `release_cells`.
fn is_mutable(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Atom
            | Tag::Volatile
            | Tag::Delay
            | Tag::LazySeq
            | Tag::ProtoCache
            | Tag::TypeDesc
            | Tag::Deftype
            | Tag::ObjectArray
            | Tag::Transient
            | Tag::TransientVector
            | Tag::TransientMap
            | Tag::TransientSet
            | Tag::ChunkBuffer
            | Tag::Promise
            | Tag::Matcher
    )
}

fn fill(loader: &mut Loader, pending: &[Pending], body: &[u8]) -> Result<(), String> {
    let mut codes = Vec::new();
    for (i, p) in pending.iter().enumerate() {
        let Pending::Fields { at, n, first, code } = p else {
            continue;
        };
        let v = loader.objects[i];
        let mut r = ByteReader::new(&body[*at..]);
        for k in 0..*n {
            let x = loader.value(r.u64()?)?;
            set_field(v, first + k, x);
        }
        if let Some(c) = code {
            codes.push((v, *c));
        }
    }
    let codec = codec()?;
    for (code, (at, len)) in codes {
        let (payload, ops) = (codec.load)(code, &body[at..at + len], loader)?;
        callable::set_code_payload(code, payload, ops);
    }
    Ok(())
}

/// A namespace as written: its name, mappings (name, image word) and
/// aliases (alias, target namespace).
type NsImage = (String, Vec<(String, u64)>, Vec<(String, String)>);

fn read_namespaces(r: &mut ByteReader) -> Result<Vec<NsImage>, String> {
    let n = r.u32()?;
    let mut out = Vec::new();
    for _ in 0..n {
        let name = r.str()?.to_string();
        let mut mappings = Vec::new();
        for _ in 0..r.u32()? {
            let sym = r.str()?.to_string();
            mappings.push((sym, r.u64()?));
        }
        let mut aliases = Vec::new();
        for _ in 0..r.u32()? {
            let a = r.str()?.to_string();
            aliases.push((a, r.str()?.to_string()));
        }
        out.push((name, mappings, aliases));
    }
    Ok(out)
}

/// Every native function this process has, by its qualified name: those
/// the runtime makes, and any a tier bound to a var before loading.
fn natives_by_name() -> HashMap<&'static str, Value> {
    let mut out = crate::natives::by_name();
    for name in ns::all_ns() {
        for (_, var) in ns::ns_interns(&name) {
            if let Some(f) = ns::var_get_opt(var) {
                if callable::tag_of(f) == Some(Tag::NativeFn) {
                    out.insert(callable::native_fn_name(f), f);
                }
                heap::drop(f);
            }
        }
    }
    out
}

/// A little-endian reader over a byte slice; every read is bounds-checked
/// and a short read is reported as truncation.
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(bytes: &'a [u8]) -> ByteReader<'a> {
        ByteReader { bytes, pos: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let Some(end) = end else {
            return Err("truncated: a record runs past the end".into());
        };
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn skip(&mut self, n: usize) -> Result<(), String> {
        self.take(n).map(|_| ())
    }
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub fn blob(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub fn str(&mut self) -> Result<&'a str, String> {
        std::str::from_utf8(self.blob()?).map_err(|_| "corrupted: a name is not UTF-8".to_string())
    }
    /// A length-prefixed array of little-endian u16s (as `ByteWriter`
    /// writes them), copied in bulk.
    pub fn u16s(&mut self) -> Result<Vec<u16>, String> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(2).ok_or("corrupted: array length")?)?;
        Ok(b.chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, String> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(4).ok_or("corrupted: array length")?)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub fn u64s(&mut self) -> Result<Vec<u64>, String> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(8).ok_or("corrupted: array length")?)?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }
    pub fn opt_str(&mut self) -> Result<Option<&'a str>, String> {
        match self.u8()? {
            0 => Ok(None),
            _ => self.str().map(Some),
        }
    }
}
