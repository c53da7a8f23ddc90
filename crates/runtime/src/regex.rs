//! Regular expressions (`#"..."`, `re-pattern`, `re-find`, ...).
//!
//! ```text
//! Regex  header | *mut RegexBox (raw, finalized)
//! ```
//! Patterns are compiled with `fancy-regex`, which has Java's syntax
//! including lookaround and backreferences, and hands patterns without them
//! to the `regex` crate's linear-time engine. A pattern that fails to
//! compile can still be a constant: the error is kept and thrown when the
//! pattern is used.

use crate::error;
use crate::object::{alloc_fields, field, has_tag, raw, set_raw, Header};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

/// The compiled pattern type every regex native uses.
pub type Regex = fancy_regex::Regex;
/// The groups of one match.
pub type Captures<'t> = fancy_regex::Captures<'t, str>;

pub struct RegexBox {
    source: String,
    compiled: Result<(Regex, Regex), String>,
}

/// A failure while matching (fancy-regex's backtracking limit on a
/// pathological pattern): Java would overflow its stack there.
pub fn match_error(e: fancy_regex::Error) -> crate::Thrown {
    error::throw("StackOverflowError", &format!("regex match failed: {e}"))
}

/// Makes a regex value from `src`; a syntax error is kept and thrown on use.
pub fn make_regex_lenient(src: &str) -> Value {
    let compiled = Regex::new(src)
        .and_then(|re| Regex::new(&format!("^(?:{src})$")).map(|whole| (re, whole)))
        .map_err(|e| format!("{e}"));
    let b = Box::new(RegexBox {
        source: src.to_string(),
        compiled,
    });
    let v = alloc_fields(Tag::Regex, &[], 1);
    set_raw(v, 0, Box::into_raw(b) as u64);
    v
}

/// Fills the payload of `v`, a freshly allocated Regex shell (one raw
/// word), by compiling `src` again (for images).
pub(crate) fn restore(v: Value, src: &str) -> Result<(), String> {
    let compiled = Regex::new(src)
        .and_then(|re| Regex::new(&format!("^(?:{src})$")).map(|whole| (re, whole)))
        .map_err(|e| format!("{e}"));
    let b = Box::new(RegexBox {
        source: src.to_string(),
        compiled,
    });
    set_raw(v, 0, Box::into_raw(b) as u64);
    Ok(())
}

/// `(re-pattern s)`: throws on a syntax error (PatternSyntaxException, an
/// IllegalArgumentException).
pub fn make_regex(src: &str) -> Res {
    let v = make_regex_lenient(src);
    if let Err(e) = regex_of(v) {
        crate::heap::drop(v);
        return Err(e);
    }
    Ok(v)
}

fn boxed<'a>(v: Value) -> &'a RegexBox {
    debug_assert!(has_tag(v, Tag::Regex));
    // SAFETY: word 0 of a live Regex is the Box made by make_regex_lenient,
    // freed only by its finalizer.
    unsafe { &*(raw(v, 0) as *const RegexBox) }
}

pub fn is_regex(v: Value) -> bool {
    has_tag(v, Tag::Regex)
}

/// The pattern text of a regex.
pub fn source<'a>(v: Value) -> &'a str {
    &boxed(v).source
}

/// The compiled pattern (and its whole-input version for `re-matches`).
pub fn regex_of<'a>(v: Value) -> Res<(&'a Regex, &'a Regex)> {
    if !is_regex(v) {
        return Err(error::cast_error(v, "java.util.regex.Pattern"));
    }
    match &boxed(v).compiled {
        Ok((re, whole)) => Ok((re, whole)),
        Err(msg) => Err(error::throw("PatternSyntaxException", msg)),
    }
}

/// # Safety
/// `h` is a dead Regex object whose payload is not yet freed.
pub(crate) unsafe fn finalize(h: *mut Header) {
    drop(Box::from_raw(*Header::word(h, 0) as *mut RegexBox));
}

// ---------------------------------------------------------------------------
// Matchers

/// The next position of a matcher whose last find failed: finds keep
/// failing, as `java.util.regex.Matcher.find` does after a miss.
const MATCHER_DONE: u64 = u64::MAX;
const M_REGEX: usize = 0;
const M_STRING: usize = 1;
const M_GROUPS: usize = 2;
const M_POS: usize = 3;

/// `(re-matcher re s)`: a matcher over string `s` (both borrowed), before
/// its first find.
pub fn make_matcher(re: Value, s: Value) -> Value {
    let m = alloc_fields(
        Tag::Matcher,
        &[crate::coll::dupd(re), crate::coll::dupd(s), Value::NIL],
        1,
    );
    set_raw(m, M_POS, 0);
    m
}

pub fn is_matcher(v: Value) -> bool {
    has_tag(v, Tag::Matcher)
}

/// `(re-find m)`: the next match of matcher `m` from where the last one
/// ended (one character further after an empty match), its groups made by
/// `value_of` (owned); `None` once there is none. The groups are kept for
/// `re-groups`.
pub fn matcher_find(m: Value, value_of: fn(&Captures) -> Value) -> Res<Option<Value>> {
    let pos = raw(m, M_POS);
    let s = crate::string::str_of(field(m, M_STRING));
    let found = if pos == MATCHER_DONE || pos as usize > s.len() {
        None
    } else {
        let (re, _) = regex_of(field(m, M_REGEX))?;
        re.captures_from_pos(s, pos as usize).map_err(match_error)?
    };
    let Some(caps) = found else {
        set_raw(m, M_POS, MATCHER_DONE);
        crate::object::replace_field(m, M_GROUPS, Value::NIL);
        return Ok(None);
    };
    let whole = caps.get(0).map(|g| (g.start(), g.end())).unwrap_or((0, 0));
    let next = if whole.1 > whole.0 {
        whole.1
    } else {
        // An empty match: step over one character, as Java does.
        whole.1 + s[whole.1..].chars().next().map_or(1, char::len_utf8)
    };
    set_raw(m, M_POS, next as u64);
    let groups = value_of(&caps);
    crate::object::replace_field(m, M_GROUPS, crate::coll::dupd(groups));
    Ok(Some(groups))
}

/// `(re-groups m)`: the groups of `m`'s last match (owned); throws
/// IllegalStateException "No match found" when there is none.
pub fn matcher_groups(m: Value) -> Res {
    let g = field(m, M_GROUPS);
    if g.is_nil() {
        return Err(error::throw("IllegalStateException", "No match found"));
    }
    Ok(crate::coll::dupd(g))
}
