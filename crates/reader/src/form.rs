//! Forms: what the reader produces and the analyzer consumes.
//!
//! A form is plain data plus the place it came from. Forms are also the
//! constants of HIR and Core IR (a quoted list is a `Form`), so they carry no
//! runtime heap pointers: a backend turns a constant form into a runtime value
//! when it loads the code.

use num_bigint::BigInt;
use std::fmt;
use std::sync::Arc;

/// Where a form starts and ends in its source file.
///
/// `line` and `col` are 1-based and count characters, not bytes; `start` and
/// `end` are byte offsets into the source text, so an excerpt can be cut out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: Arc<str>,
    pub line: u32,
    pub col: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span for code that has no source (synthesized forms, the REPL's
    /// internal forms). Prints as `file:0:0`.
    pub fn synthetic(file: &str) -> Span {
        Span {
            file: Arc::from(file),
            line: 0,
            col: 0,
            start: 0,
            end: 0,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// A symbol or keyword name, optionally namespace-qualified (`ns/name`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    pub ns: Option<String>,
    pub name: String,
}

impl Name {
    pub fn simple(name: &str) -> Name {
        Name {
            ns: None,
            name: name.to_string(),
        }
    }
    pub fn qualified(ns: &str, name: &str) -> Name {
        Name {
            ns: Some(ns.to_string()),
            name: name.to_string(),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{}/{}", ns, self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub span: Span,
    /// Metadata attached with `^`: always a `FormKind::Map` when present.
    /// Several `^` prefixes are merged into one map; as in Clojure the outer
    /// (leftmost) one wins when keys clash: `^{:a 1} ^{:a 2} x` has `:a 1`.
    pub meta: Option<Box<Form>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FormKind {
    Nil,
    Bool(bool),
    /// A long that fits in 64 bits.
    Int(i64),
    /// `42N`, or an integer literal too large for 64 bits.
    BigInt(BigInt),
    /// `1/3`: numerator and denominator exactly as written (not reduced; the
    /// denominator is never zero: the reader rejects `1/0`).
    Ratio(BigInt, BigInt),
    Float(f64),
    /// `1.5M`: the digits as written, without the `M`.
    BigDecimal(String),
    Char(char),
    Str(String),
    /// `#"..."`: the pattern text exactly as written between the quotes.
    Regex(String),
    Symbol(Name),
    /// `:name`, `:ns/name`; `auto` is set for `::name` (ns None, resolved to
    /// the current namespace by the analyzer) and `::alias/name` (ns Some(alias)).
    Keyword {
        name: Name,
        auto: bool,
    },
    List(Vec<Form>),
    Vector(Vec<Form>),
    /// Keys and values alternating; always an even number of elements.
    Map(Vec<Form>),
    Set(Vec<Form>),
    /// `` `form ``: expanded by the analyzer, which knows namespaces. Inside
    /// it, `~x` is read as `(clojure.core/unquote x)` and `~@x` as
    /// `(clojure.core/unquote-splicing x)`, as Clojure's reader does.
    SyntaxQuote(Box<Form>),
    /// `#tag form`, a tagged literal (`#inst "..."`, `#uuid "..."`,
    /// `#my/point [1 2]`, and `#my.Rec{...}` record literals): the reader
    /// does not know what a tag means, so it keeps both parts. Data readers
    /// are applied after reading, by the runtime (`genera_runtime::tagged`),
    /// as Clojure's `LispReader` applies `*data-readers*` at read time.
    Tagged {
        tag: Name,
        form: Box<Form>,
    },
}

impl Form {
    pub fn new(kind: FormKind, span: Span) -> Form {
        Form {
            kind,
            span,
            meta: None,
        }
    }

    pub fn symbol(&self) -> Option<&Name> {
        match &self.kind {
            FormKind::Symbol(n) => Some(n),
            _ => None,
        }
    }

    /// True if this is the unqualified symbol `name`.
    pub fn is_symbol(&self, name: &str) -> bool {
        matches!(&self.kind, FormKind::Symbol(n) if n.ns.is_none() && n.name == name)
    }

    /// A short description of the form's kind for error messages ("a vector").
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            FormKind::Nil => "nil",
            FormKind::Bool(_) => "a boolean",
            FormKind::Int(_) | FormKind::BigInt(_) => "an integer",
            FormKind::Ratio(..) => "a ratio",
            FormKind::Float(_) => "a double",
            FormKind::BigDecimal(_) => "a decimal",
            FormKind::Char(_) => "a character",
            FormKind::Str(_) => "a string",
            FormKind::Regex(_) => "a regex",
            FormKind::Symbol(_) => "a symbol",
            FormKind::Keyword { .. } => "a keyword",
            FormKind::List(_) => "a list",
            FormKind::Vector(_) => "a vector",
            FormKind::Map(_) => "a map",
            FormKind::Set(_) => "a set",
            FormKind::SyntaxQuote(_) => "a syntax-quoted form",
            FormKind::Tagged { .. } => "a tagged literal",
        }
    }
}
