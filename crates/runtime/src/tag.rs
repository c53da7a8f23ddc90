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
    /// A delay: fields fn, value; the state is in `flags`.
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
    /// A chunk of seq over an array (a vector seq, a string seq): fields coll, index, meta.
    ArraySeq = 30,
}

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
    ];

    pub fn from_u16(t: u16) -> Option<Tag> {
        Tag::ALL.iter().copied().find(|tag| *tag as u16 == t)
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
        }
    }
}
