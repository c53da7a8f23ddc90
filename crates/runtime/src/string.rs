//! Strings, symbols and keywords.
//!
//! ```text
//! String   header | byte length (raw) | hash cache (raw; 0 = not computed) | UTF-8 bytes
//! Symbol   header | ns (string or nil) | name (string) | meta
//! Keyword  header | ns (string or nil) | name (string)        interned, immortal
//! ```
//!
//! Strings are UTF-8. Where Clojure counts UTF-16 code units (`count`,
//! `subs`, `nth`, `.indexOf`), genera counts Unicode code points (chars):
//! the two agree on every string without characters outside the BMP.
//!
//! Keywords are interned in a global table and immortal, so two keywords are
//! `=` exactly when they are the same object. Symbols are not interned (they
//! carry metadata), and compare by namespace and name.

use crate::heap;
use crate::murmur;
use crate::object::{alloc_fields, field, has_tag, raw, set_raw, Header, HEADER_SIZE};
use crate::tag::Tag;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

// ---------------------------------------------------------------------------
// Strings

/// Makes a string value (owned) from `s`.
pub fn make_str(s: &str) -> Value {
    let n = s.len();
    let h = heap::alloc(HEADER_SIZE + 16 + n, Tag::String, 0);
    let v = Value::from_header(h);
    set_raw(v, 0, n as u64);
    set_raw(v, 1, 0);
    // SAFETY: the block has n bytes after the two raw words.
    unsafe {
        std::ptr::copy_nonoverlapping(s.as_ptr(), Header::word(h, 2) as *mut u8, n);
    }
    v
}

pub fn is_string(v: Value) -> bool {
    has_tag(v, Tag::String)
}

/// The text of a string value, or `None` if `v` is not a string. The slice
/// is valid while the caller holds a reference to `v`.
pub fn as_str<'a>(v: Value) -> Option<&'a str> {
    if is_string(v) {
        Some(str_of(v))
    } else {
        None
    }
}

/// The text of `v`, which must be a string (checked in debug builds).
#[inline]
pub fn str_of<'a>(v: Value) -> &'a str {
    debug_assert!(is_string(v));
    let n = raw(v, 0) as usize;
    // SAFETY: a String object holds n bytes of valid UTF-8 after its two raw
    // words (make_str copies them from a &str) and is immutable.
    unsafe {
        let p = Header::word(v.header(), 2) as *const u8;
        std::str::from_utf8_unchecked(std::slice::from_raw_parts(p, n))
    }
}

/// Clojure's `hasheq` of a string: `Murmur3.hashInt(s.hashCode())`, cached.
pub fn string_hash(v: Value) -> i32 {
    let cached = raw(v, 1);
    if cached != 0 {
        return cached as u32 as i32;
    }
    let h = murmur::hash_int(murmur::java_string_hash(str_of(v)));
    // Caching mutates an immutable-looking object: harmless for immortal or
    // shared strings too, since every writer writes the same value.
    if !heap::is_immortal(v) {
        set_raw(v, 1, (h as u32 as u64) | (1 << 32));
    }
    h
}

/// The number of chars (code points) in a string.
pub fn char_count(v: Value) -> usize {
    let s = str_of(v);
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

// ---------------------------------------------------------------------------
// Symbols

/// Makes a symbol (owned) `ns/name` or `name`.
pub fn symbol(ns: Option<&str>, name: &str) -> Value {
    let ns_v = match ns {
        Some(n) => make_str(n),
        None => Value::NIL,
    };
    alloc_fields(Tag::Symbol, &[ns_v, make_str(name), Value::NIL], 0)
}

/// Makes a symbol from text that may contain a namespace (`a.b/c`); `/`
/// alone is the division symbol.
pub fn symbol_from(full: &str) -> Value {
    let (ns, name) = split_name(full);
    symbol(ns, name)
}

/// Splits `ns/name` at the first `/` that is not the whole name.
pub fn split_name(full: &str) -> (Option<&str>, &str) {
    if full == "/" {
        return (None, full);
    }
    match full.find('/') {
        Some(i) if i > 0 && i + 1 < full.len() => (Some(&full[..i]), &full[i + 1..]),
        _ => (None, full),
    }
}

pub fn is_symbol(v: Value) -> bool {
    has_tag(v, Tag::Symbol)
}

pub fn is_keyword(v: Value) -> bool {
    has_tag(v, Tag::Keyword)
}

/// The namespace and name of a symbol or keyword (borrowed).
pub fn name_parts<'a>(v: Value) -> (Option<&'a str>, &'a str) {
    debug_assert!(is_symbol(v) || is_keyword(v));
    let ns = field(v, 0);
    (
        if ns.is_nil() { None } else { Some(str_of(ns)) },
        str_of(field(v, 1)),
    )
}

/// `ns/name` or `name`.
pub fn full_name(v: Value) -> String {
    match name_parts(v) {
        (Some(ns), name) => format!("{ns}/{name}"),
        (None, name) => name.to_string(),
    }
}

/// Clojure's `Symbol.hasheq`.
pub fn symbol_hash(v: Value) -> i32 {
    let (ns, name) = name_parts(v);
    murmur::hash_combine(
        murmur::hash_unencoded_chars(name),
        ns.map(murmur::java_string_hash).unwrap_or(0),
    )
}

/// Clojure's `Keyword.hasheq`.
pub fn keyword_hash(v: Value) -> i32 {
    symbol_hash(v).wrapping_add(0x9e37_79b9u32 as i32)
}

// ---------------------------------------------------------------------------
// Keywords

/// Interned keywords by namespace (`None` for plain keywords), then name.
/// Two levels so that a lookup borrows its `&str`s instead of building an
/// owned key: the macro expander asks for `:line`/`:column` on every list.
#[derive(Default)]
struct KeywordTable {
    plain: HashMap<String, u64>,
    qualified: HashMap<String, HashMap<String, u64>>,
}

impl KeywordTable {
    fn get(&self, ns: Option<&str>, name: &str) -> Option<u64> {
        match ns {
            None => self.plain.get(name).copied(),
            Some(ns) => self.qualified.get(ns)?.get(name).copied(),
        }
    }

    fn insert(&mut self, ns: Option<&str>, name: &str, w: u64) {
        let names = match ns {
            None => &mut self.plain,
            Some(ns) => self.qualified.entry(ns.to_string()).or_default(),
        };
        names.insert(name.to_string(), w);
    }
}

fn keywords() -> &'static Mutex<KeywordTable> {
    static TABLE: OnceLock<Mutex<KeywordTable>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(KeywordTable::default()))
}

/// The printed names (`:ns/name` or `:name`) of every keyword interned so
/// far, for REPL completion. Unordered.
pub fn interned_keyword_names() -> Vec<String> {
    let table = keywords().lock().unwrap_or_else(|e| e.into_inner());
    let plain = table.plain.keys().map(|name| format!(":{name}"));
    let qualified = table
        .qualified
        .iter()
        .flat_map(|(ns, names)| names.keys().map(move |name| format!(":{ns}/{name}")));
    plain.chain(qualified).collect()
}

/// The interned keyword `:ns/name` (immortal; no need to drop it, but
/// dropping it is harmless).
pub fn keyword(ns: Option<&str>, name: &str) -> Value {
    let mut table = keywords().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(w) = table.get(ns, name) {
        return Value(w);
    }
    let ns_v = match ns {
        Some(n) => make_str(n),
        None => Value::NIL,
    };
    let k = alloc_fields(Tag::Keyword, &[ns_v, make_str(name)], 0);
    heap::make_immortal(k);
    table.insert(ns, name, k.0);
    k
}

/// The keyword `:ns/name` if it has been interned, without interning it
/// (`find-keyword`, Clojure's `Keyword.find`).
pub fn find_keyword(ns: Option<&str>, name: &str) -> Option<Value> {
    let table = keywords().lock().unwrap_or_else(|e| e.into_inner());
    table.get(ns, name).map(Value)
}

/// `(keyword "a/b")`: splits at the slash.
pub fn keyword_from(full: &str) -> Value {
    let (ns, name) = split_name(full);
    keyword(ns, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;

    #[test]
    fn strings_round_trip() {
        check_leaks(|| {
            for s in ["", "abc", "λx", "a\u{1F600}b"] {
                let v = make_str(s);
                assert_eq!(as_str(v), Some(s));
                assert_eq!(char_count(v), s.chars().count());
                heap::drop(v);
            }
        });
    }

    #[test]
    fn keywords_are_interned() {
        check_leaks(|| {
            let a = keyword(Some("user"), "k");
            let b = keyword_from("user/k");
            assert_eq!(a, b);
            assert_ne!(keyword(None, "k"), a);
            assert_eq!(name_parts(a), (Some("user"), "k"));
        });
    }

    #[test]
    fn symbol_names_split() {
        assert_eq!(split_name("a/b"), (Some("a"), "b"));
        assert_eq!(split_name("/"), (None, "/"));
        assert_eq!(split_name("clojure.core//"), (Some("clojure.core"), "/"));
        assert_eq!(split_name("ab"), (None, "ab"));
    }
}
