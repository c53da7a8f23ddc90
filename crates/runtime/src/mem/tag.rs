//! Type tags: the `tag` field of every heap object.
//!
//! The numbers are ABI (generated code compares them), so new tags are added
//! at the end and never renumbered. `Tag::name` is what `type` reports.

#[repr(u16)]
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    /// A long outside the fixnum range. Payload: i64.
    Long = 1,
    /// Payload: f64.
    Double = 2,
    /// Payload: `*mut num_bigint::BigInt` (finalized).
    BigInt = 3,
    /// Fields: numerator, denominator (integers, reduced, denominator > 1).
    Ratio = 4,
    /// Payload: `*mut bigdecimal::BigDecimal` (finalized).
    BigDecimal = 5,
    /// Payload: byte length (u64), cached hash (u64, 0 = not yet), UTF-8 bytes.
    String = 6,
    /// Fields: ns (string or nil), name (string), meta (map or nil).
    Symbol = 7,
    /// Fields: ns (string or nil), name (string). Always interned and immortal.
    Keyword = 8,
    /// The empty list `()`. Fields: meta.
    EmptyList = 9,
    /// A counted list cell (PersistentList). Fields: first, rest, meta; payload: count.
    List = 10,
    /// A seq cell (Cons): fields first, more (any seq or nil), meta.
    Cons = 11,
    /// A lazy seq: fields fn (or nil once realized), seq (the realized seq), meta.
    LazySeq = 12,
    Vector = 13,
    Map = 14,
    Set = 15,
    /// A key-value pair as yielded by seq on a map (prints and compares as a vector).
    MapEntry = 16,
    /// Fields: code (a `Code` object), then the captured values.
    Closure = 17,
    /// Compiled code owned by some tier: fields: constants; payload: a boxed
    /// `dyn Any` the tier downcasts. Finalized.
    Code = 18,
    /// A function implemented in Rust. Payload: fn pointer, name.
    NativeFn = 19,
    /// Fields: root, meta; payload: ns name, var name, flags. Vars are immortal.
    Var = 20,
    /// Payload: a boxed namespace table. Namespaces are immortal.
    Namespace = 21,
    /// Fields: value, validator, watches, meta.
    Atom = 22,
    /// Fields: value.
    Volatile = 23,
    /// A delay: fields fn (nil once forced), value, exception (if the body threw);
    /// `FLAG_BLACKHOLE` while forcing.
    Delay = 24,
    /// An exception: fields message, data, cause, trace, kind (a keyword naming its class).
    Exception = 25,
    /// `reduced`: fields value.
    Reduced = 26,
    /// Payload: a boxed `regex::Regex` and its source (finalized).
    Regex = 27,
    /// A transient or other internal mutable buffer.
    Transient = 28,
    /// A seq over a range of longs: fields start, end, step, meta.
    Range = 29,
    /// A seq over an array-backed collection (vector, map, set, map entry)
    /// or a string: fields coll, index (fixnum; a byte offset for strings), meta.
    ArraySeq = 30,
    /// A function with metadata (`with-meta` on a fn): fields fn, meta.
    /// Invoking it invokes `fn`.
    MetaFn = 31,
    /// A node of a vector's trie: fields the children (`scan` is their
    /// number, at most 32): nodes in an internal node, items in a leaf.
    VectorNode = 32,
    /// A view of a vector (APersistentVector$SubVector): fields vector,
    /// start, end (fixnums), meta.
    SubVector = 33,
    /// A transient vector: fields the vector only it references (nil after
    /// `persistent!`).
    TransientVector = 34,
    /// A sorted map (PersistentTreeMap): fields comparator (nil: `compare`),
    /// root (a TreeNode or nil), count (fixnum), meta. See `coll::sorted`.
    SortedMap = 35,
    /// A sorted set (PersistentTreeSet): the SortedMap layout, values nil.
    SortedSet = 36,
    /// A red-black tree node: fields key, val, left, right, color (fixnum).
    TreeNode = 37,
    /// A seq over a sorted collection: fields stack (Cons cells of
    /// TreeNodes), mode (fixnum), count (fixnum, -1 unknown), meta.
    TreeSeq = 38,
    /// The descriptor of a `defrecord`/`deftype`/`reify` type (what `type`
    /// returns for its instances): fields name (symbol), kind (keyword
    /// :record, :type or :reify), field names (vector of symbols), inline
    /// methods (map of qualified method keyword -> fn), printer (fn or nil).
    TypeDesc = 39,
    /// A `defrecord` instance: fields desc, one per basis key, ext (map or
    /// nil), meta.
    Record = 40,
    /// A `deftype` instance: fields desc, then one per field.
    Deftype = 41,
    /// A `reify` instance: fields desc, methods (map of qualified method
    /// keyword -> fn, closing over the reify's locals), meta.
    Reify = 42,
    /// A protocol method's dispatch cache: fields protocol var, qualified
    /// method keyword, simple method keyword, cached impl; raw: cached
    /// dispatch key, epoch.
    ProtoCache = 43,
    /// A Java `Object[]`: large layout, word 0 the length, then the items
    /// (scanned values; mutable in place by `aset`).
    ObjectArray = 44,
    /// A primitive array (`long[]`, `byte[]`, ...): payload length, kind
    /// (`coll::ArrayKind`), then the raw elements at their width. Not scanned.
    PrimArray = 45,
    /// A reader or writer (`*out*`, `java.io.StringWriter`, files): payload
    /// a boxed `io::Stream` (finalized).
    Stream = 46,
    /// A promise or future: fields value (`UNBOUND` until delivered),
    /// exception (a future whose body threw); payload: kind (see `promise`).
    Promise = 47,
    /// A HAMT node (after Clojure's `PersistentHashMap.BitmapIndexedNode`),
    /// large layout: field 0 the bitmap (fixnum), then key/value pairs; a pair
    /// whose key is `Value::NONE` holds a child node in its value slot.
    BitmapNode = 48,
    /// A full HAMT node (`PersistentHashMap.ArrayNode`), large layout: field 0
    /// the number of children (fixnum), fields 1..=32 the children (node or nil).
    ArrayNode = 49,
    /// Keys with one full hash (`PersistentHashMap.HashCollisionNode`), large
    /// layout: field 0 the hash (fixnum), then key/value pairs.
    CollisionNode = 50,
    /// A transient map (`TransientHashMap`/`TransientArrayMap`): fields map
    /// (`Value::NONE` after `persistent!`).
    TransientMap = 51,
    /// A transient set (`TransientHashSet`): fields set (`Value::NONE` after
    /// `persistent!`).
    TransientSet = 52,
    /// A chunk of a chunked seq: fields count (fixnum), items. Immutable.
    ArrayChunk = 53,
    /// A chunk being filled: fields count, capacity (fixnums), slots.
    ChunkBuffer = 54,
    /// A chunked seq cell: fields chunk, offset (fixnum), more, meta.
    ChunkedCons = 55,
    /// A `java.util.regex.Matcher` (`re-matcher`): fields regex, string,
    /// groups of the last match (nil: none); raw: where the next `re-find`
    /// starts (a byte offset; `MATCHER_DONE` once a find has failed).
    Matcher = 56,
    /// A `java.util.UUID` (`#uuid`): raw most and least significant halves.
    Uuid = 57,
    /// A `java.util.Date` (`#inst`): raw milliseconds since the epoch (i64).
    Inst = 58,
    /// A `clojure.lang.TaggedLiteral`: fields tag (symbol), form.
    TaggedLiteral = 59,
    /// A process identifier (`genera.actors/self`, `spawn`): raw: the
    /// actor's number. One per actor, so `=` is identity.
    Pid = 60,
    /// A reference (`genera.actors/monitor`): raw: its number. Unique.
    Ref = 61,
}

/// The largest tag number; tags are contiguous from 1 to this.
/// Tested by `tests::tags_are_contiguous`.
pub const LAST_TAG: u16 = Tag::Ref as u16;

impl Tag {
    pub const ALL: &'static [Tag] = &[
        Tag::Long,
        Tag::Double,
        Tag::BigInt,
        Tag::Ratio,
        Tag::BigDecimal,
        Tag::String,
        Tag::Symbol,
        Tag::Keyword,
        Tag::EmptyList,
        Tag::List,
        Tag::Cons,
        Tag::LazySeq,
        Tag::Vector,
        Tag::Map,
        Tag::Set,
        Tag::MapEntry,
        Tag::Closure,
        Tag::Code,
        Tag::NativeFn,
        Tag::Var,
        Tag::Namespace,
        Tag::Atom,
        Tag::Volatile,
        Tag::Delay,
        Tag::Exception,
        Tag::Reduced,
        Tag::Regex,
        Tag::Transient,
        Tag::Range,
        Tag::ArraySeq,
        Tag::MetaFn,
        Tag::VectorNode,
        Tag::SubVector,
        Tag::TransientVector,
        Tag::SortedMap,
        Tag::SortedSet,
        Tag::TreeNode,
        Tag::TreeSeq,
        Tag::TypeDesc,
        Tag::Record,
        Tag::Deftype,
        Tag::Reify,
        Tag::ProtoCache,
        Tag::ObjectArray,
        Tag::PrimArray,
        Tag::Stream,
        Tag::Promise,
        Tag::BitmapNode,
        Tag::ArrayNode,
        Tag::CollisionNode,
        Tag::TransientMap,
        Tag::TransientSet,
        Tag::ArrayChunk,
        Tag::ChunkBuffer,
        Tag::ChunkedCons,
        Tag::Matcher,
        Tag::Uuid,
        Tag::Inst,
        Tag::TaggedLiteral,
        Tag::Pid,
        Tag::Ref,
    ];

    #[inline]
    pub fn from_u16(t: u16) -> Option<Tag> {
        if (1..=LAST_TAG).contains(&t) {
            // SAFETY: Tag is repr(u16) with discriminants exactly 1..=LAST_TAG
            // (checked by tests::tags_are_contiguous).
            Some(unsafe { std::mem::transmute::<u16, Tag>(t) })
        } else {
            None
        }
    }

    /// The type name `type`/`class` report, as close to Clojure's as is honest.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Long => "java.lang.Long",
            Tag::Double => "java.lang.Double",
            Tag::BigInt => "clojure.lang.BigInt",
            Tag::Ratio => "clojure.lang.Ratio",
            Tag::BigDecimal => "java.math.BigDecimal",
            Tag::String => "java.lang.String",
            Tag::Symbol => "clojure.lang.Symbol",
            Tag::Keyword => "clojure.lang.Keyword",
            Tag::EmptyList => "clojure.lang.PersistentList$EmptyList",
            Tag::List => "clojure.lang.PersistentList",
            Tag::Cons => "clojure.lang.Cons",
            Tag::LazySeq => "clojure.lang.LazySeq",
            Tag::Vector => "clojure.lang.PersistentVector",
            Tag::Map => "clojure.lang.PersistentArrayMap",
            Tag::Set => "clojure.lang.PersistentHashSet",
            Tag::MapEntry => "clojure.lang.MapEntry",
            Tag::Closure => "genera.lang.Fn",
            Tag::Code => "genera.lang.Code",
            Tag::NativeFn => "genera.lang.NativeFn",
            Tag::Var => "clojure.lang.Var",
            Tag::Namespace => "clojure.lang.Namespace",
            Tag::Atom => "clojure.lang.Atom",
            Tag::Volatile => "clojure.lang.Volatile",
            Tag::Delay => "clojure.lang.Delay",
            Tag::Exception => "clojure.lang.ExceptionInfo",
            Tag::Reduced => "clojure.lang.Reduced",
            Tag::Regex => "java.util.regex.Pattern",
            Tag::Transient => "genera.lang.Transient",
            Tag::Range => "clojure.lang.LongRange",
            Tag::ArraySeq => "clojure.lang.ArraySeq",
            Tag::MetaFn => "genera.lang.Fn",
            Tag::VectorNode => "clojure.lang.PersistentVector$Node",
            Tag::SubVector => "clojure.lang.APersistentVector$SubVector",
            Tag::TransientVector => "clojure.lang.PersistentVector$TransientVector",
            Tag::SortedMap => "clojure.lang.PersistentTreeMap",
            Tag::SortedSet => "clojure.lang.PersistentTreeSet",
            Tag::TreeNode => "clojure.lang.PersistentTreeMap$Node",
            Tag::TreeSeq => "clojure.lang.PersistentTreeMap$Seq",
            Tag::TypeDesc => "java.lang.Class",
            Tag::Record => "genera.lang.Record",
            Tag::Deftype => "genera.lang.Deftype",
            Tag::Reify => "genera.lang.Reify",
            Tag::ProtoCache => "genera.lang.ProtocolCache",
            Tag::ObjectArray => "[Ljava.lang.Object;",
            // The kind's own name (`[J`) comes from `coll::array_class_name`.
            Tag::PrimArray => "genera.lang.PrimitiveArray",
            // The stream's own class comes from `io::class_name`.
            Tag::Stream => "java.io.Writer",
            // `promise::class_name` tells a future from a promise.
            Tag::Promise => "clojure.core$promise$reify",
            Tag::BitmapNode => "clojure.lang.PersistentHashMap$BitmapIndexedNode",
            Tag::ArrayNode => "clojure.lang.PersistentHashMap$ArrayNode",
            Tag::CollisionNode => "clojure.lang.PersistentHashMap$HashCollisionNode",
            Tag::TransientMap => "clojure.lang.PersistentHashMap$TransientHashMap",
            Tag::TransientSet => "clojure.lang.PersistentHashSet$TransientHashSet",
            Tag::ArrayChunk => "clojure.lang.ArrayChunk",
            Tag::ChunkBuffer => "clojure.lang.ChunkBuffer",
            Tag::ChunkedCons => "clojure.lang.ChunkedCons",
            Tag::Matcher => "java.util.regex.Matcher",
            Tag::Uuid => "java.util.UUID",
            Tag::Inst => "java.util.Date",
            Tag::TaggedLiteral => "clojure.lang.TaggedLiteral",
            Tag::Pid => "genera.lang.Pid",
            Tag::Ref => "genera.lang.Ref",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_contiguous() {
        assert_eq!(Tag::ALL.len(), LAST_TAG as usize);
        for (i, t) in Tag::ALL.iter().enumerate() {
            assert_eq!(*t as u16, i as u16 + 1);
            assert_eq!(Tag::from_u16(i as u16 + 1), Some(*t));
        }
        assert_eq!(Tag::from_u16(0), None);
        assert_eq!(Tag::from_u16(LAST_TAG + 1), None);
    }
}
