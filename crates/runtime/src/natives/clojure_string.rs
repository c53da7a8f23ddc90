//! The `clojure.string` namespace.

use super::regexes::match_value;
use super::strings::char_to_byte;
use super::*;

// clojure.string

pub(super) fn s_arg<'a>(v: Value) -> Res<&'a str> {
    str_arg(v)
}
pub(super) fn sn_join(a: &mut [Value]) -> Res {
    ar_range(a, 1, 2, "clojure.string/join")?;
    let (sep, coll) = if a.len() == 2 {
        (print::str_of_value(a[0])?, take(a, 1))
    } else {
        (String::new(), take(a, 0))
    };
    let mut out = String::new();
    let mut it = SeqIter::new_owned(coll)?;
    let mut first = true;
    while let Some(x) = it.next_item()? {
        if !first {
            out.push_str(&sep);
        }
        first = false;
        let r = print::str_into(&mut out, x);
        heap::drop(x);
        r?;
    }
    Ok(make_str(&out))
}
/// Java's `String.split(regex, limit)`: with limit 0, trailing empty
/// strings are removed; a zero-width match at the start gives no leading
/// empty string.
pub(super) fn split_java(re: &crate::regex::Regex, s: &str, limit: i64) -> Res<Vec<String>> {
    let mut parts = Vec::new();
    let mut last = 0;
    for m in re.find_iter(s) {
        let m = m.map_err(crate::regex::match_error)?;
        if limit > 0 && parts.len() as i64 == limit - 1 {
            break;
        }
        if m.start() == 0 && m.end() == 0 {
            continue;
        }
        if m.end() == 0 {
            continue;
        }
        parts.push(s[last..m.start()].to_string());
        last = m.end();
    }
    parts.push(s[last..].to_string());
    if limit == 0 {
        while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        if parts.len() == 1 && parts[0].is_empty() && !s.is_empty() {
            parts.clear();
        }
    }
    Ok(parts)
}
pub(super) fn sn_split(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/split")?;
    let s = s_arg(a[0])?;
    let (re, _) = crate::regex::regex_of(a[1])?;
    let limit = match a.get(2) {
        Some(l) => long_arg(*l)?,
        None => 0,
    };
    let parts: Vec<Value> = split_java(re, s, limit)?
        .iter()
        .map(|p| make_str(p))
        .collect();
    Ok(coll::make_vector(&parts))
}
pub(super) fn sn_split_lines(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/split-lines")?;
    let s = s_arg(a[0])?;
    let re = crate::regex::Regex::new("\r?\n").expect("valid regex");
    let parts: Vec<Value> = split_java(&re, s, 0)?.iter().map(|p| make_str(p)).collect();
    Ok(coll::make_vector(&parts))
}
pub(super) fn str_of_arg(v: Value) -> Res<String> {
    if v.is_nil() {
        return Err(error::throw(
            "NullPointerException",
            "Cannot invoke a string function on nil",
        ));
    }
    print::str_of_value(v)
}
pub(super) fn sn_upper(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/upper-case")?;
    Ok(make_str(&str_of_arg(a[0])?.to_uppercase()))
}
pub(super) fn sn_lower(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/lower-case")?;
    Ok(make_str(&str_of_arg(a[0])?.to_lowercase()))
}
pub(super) fn sn_capitalize(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/capitalize")?;
    let s = str_of_arg(a[0])?;
    let mut cs = s.chars();
    let out = match cs.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
        None => String::new(),
    };
    Ok(make_str(&out))
}
pub(super) fn sn_trim(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trim")?;
    Ok(make_str(s_arg(a[0])?.trim()))
}
pub(super) fn sn_triml(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/triml")?;
    Ok(make_str(s_arg(a[0])?.trim_start()))
}
pub(super) fn sn_trimr(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trimr")?;
    Ok(make_str(s_arg(a[0])?.trim_end()))
}
pub(super) fn sn_trim_newline(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/trim-newline")?;
    Ok(make_str(s_arg(a[0])?.trim_end_matches(['\n', '\r'])))
}
pub(super) fn sn_blank(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/blank?")?;
    if a[0].is_nil() {
        return b(true);
    }
    b(s_arg(a[0])?.chars().all(char::is_whitespace))
}
pub(super) fn sn_starts_with(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/starts-with?")?;
    b(s_arg(a[0])?.starts_with(s_arg(a[1])?))
}
pub(super) fn sn_ends_with(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/ends-with?")?;
    b(s_arg(a[0])?.ends_with(s_arg(a[1])?))
}
pub(super) fn sn_includes(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/includes?")?;
    let needle = print::str_of_value(a[1])?;
    b(s_arg(a[0])?.contains(needle.as_str()))
}
pub(super) fn sn_reverse(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/reverse")?;
    Ok(make_str(&s_arg(a[0])?.chars().rev().collect::<String>()))
}
/// Java's `Matcher.appendReplacement` syntax: `$1` (further digits are
/// taken while the number stays a group of the pattern), `${name}`, `\$`
/// and `\\`. A group that took no part in the match adds nothing; a
/// reference to a group the pattern lacks throws as Java does
/// (IndexOutOfBoundsException "No group 9", IllegalArgumentException for
/// `${nope}`, a `$` or `\` at the end, `$x`).
/// `(re-quote-replacement s)`: `s` with `\\` and `$` escaped, so that as a
/// replacement it stands for itself (Java's `Matcher.quoteReplacement`).
pub(super) fn sn_re_quote_replacement(a: &[Value]) -> Res {
    ar(a, 1, "clojure.string/re-quote-replacement")?;
    let s = print::str_of_value(a[0])?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' || c == '$' {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(make_str(&out))
}
pub(super) fn expand_replacement(
    re: &crate::regex::Regex,
    caps: &crate::regex::Captures,
    rep: &str,
) -> Res<String> {
    let mut out = String::new();
    let mut cs = rep.chars().peekable();
    while let Some(c) = cs.next() {
        match c {
            '\\' => match cs.next() {
                Some(n) => out.push(n),
                None => return Err(error::illegal_arg("character to be escaped is missing")),
            },
            '$' => {
                let group = match cs.next() {
                    None => {
                        return Err(error::illegal_arg(
                            "Illegal group reference: group index is missing",
                        ))
                    }
                    Some('{') => {
                        let name: String = cs.by_ref().take_while(|c| *c != '}').collect();
                        if !re.capture_names().any(|n| n == Some(name.as_str())) {
                            return Err(error::illegal_arg(&format!(
                                "No group with name {{{name}}}"
                            )));
                        }
                        caps.name(&name)
                    }
                    Some(d) if d.is_ascii_digit() => {
                        let mut n = d as usize - '0' as usize;
                        if n >= caps.len() {
                            return Err(error::throw(
                                "IndexOutOfBoundsException",
                                &format!("No group {n}"),
                            ));
                        }
                        while let Some(&d) = cs.peek().filter(|d| d.is_ascii_digit()) {
                            let m = n * 10 + (d as usize - '0' as usize);
                            if m >= caps.len() {
                                break;
                            }
                            n = m;
                            cs.next();
                        }
                        caps.get(n)
                    }
                    Some(_) => return Err(error::illegal_arg("Illegal group reference")),
                };
                out.push_str(group.map(|m| m.as_str()).unwrap_or(""));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

pub(super) fn replace_impl(a: &[Value], first_only: bool) -> Res {
    let s = s_arg(a[0])?;
    let (m, r) = (a[1], a[2]);
    if let Some(c) = m.as_char() {
        let rc = r
            .as_char()
            .ok_or_else(|| cast_error(r, "java.lang.Character"))?;
        let out = if first_only {
            s.replacen(c, &rc.to_string(), 1)
        } else {
            s.replace(c, &rc.to_string())
        };
        return Ok(make_str(&out));
    }
    if let Some(pat) = string::as_str(m) {
        let rep = s_arg(r)?;
        let out = if first_only {
            s.replacen(pat, rep, 1)
        } else {
            s.replace(pat, rep)
        };
        return Ok(make_str(&out));
    }
    let (re, _) = crate::regex::regex_of(m)?;
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(s) {
        let caps = caps.map_err(crate::regex::match_error)?;
        let whole = caps.get(0).expect("group 0");
        out.push_str(&s[last..whole.start()]);
        if let Some(rep) = string::as_str(r) {
            out.push_str(&expand_replacement(re, &caps, rep)?);
        } else {
            let arg = match_value(&caps);
            let res = callable::invoke(r, &[arg]);
            heap::drop(arg);
            let res = res?;
            let t = print::str_of_value(res);
            heap::drop(res);
            out.push_str(&t?);
        }
        last = whole.end();
        if first_only {
            break;
        }
    }
    out.push_str(&s[last..]);
    Ok(make_str(&out))
}
pub(super) fn sn_replace(a: &[Value]) -> Res {
    ar(a, 3, "clojure.string/replace")?;
    replace_impl(a, false)
}
pub(super) fn sn_replace_first(a: &[Value]) -> Res {
    ar(a, 3, "clojure.string/replace-first")?;
    replace_impl(a, true)
}
pub(super) fn index_result(s: &str, byte: Option<usize>) -> Value {
    match byte {
        Some(b) => num::long(s[..b].chars().count() as i64),
        None => Value::NIL,
    }
}
pub(super) fn needle(v: Value) -> Res<String> {
    if let Some(c) = v.as_char() {
        return Ok(c.to_string());
    }
    Ok(s_arg(v)?.to_string())
}
pub(super) fn sn_index_of(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/index-of")?;
    let s = s_arg(a[0])?;
    let n = needle(a[1])?;
    let from = match a.get(2) {
        Some(f) => char_to_byte(s, long_arg(*f)?.max(0) as usize).unwrap_or(s.len()),
        None => 0,
    };
    Ok(index_result(s, s[from..].find(&n).map(|i| i + from)))
}
pub(super) fn sn_last_index_of(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "clojure.string/last-index-of")?;
    let s = s_arg(a[0])?;
    let n = needle(a[1])?;
    let upto = match a.get(2) {
        Some(f) => {
            let end = char_to_byte(s, long_arg(*f)?.max(0) as usize).unwrap_or(s.len());
            (end + n.len()).min(s.len())
        }
        None => s.len(),
    };
    Ok(index_result(s, s[..upto].rfind(&n)))
}
pub(super) fn sn_escape(a: &[Value]) -> Res {
    ar(a, 2, "clojure.string/escape")?;
    let s = s_arg(a[0])?;
    let mut out = String::new();
    for c in s.chars() {
        let r = callable::invoke(a[1], &[Value::char(c)])?;
        if r.is_nil() {
            out.push(c);
        } else {
            let t = print::str_of_value(r);
            heap::drop(r);
            out.push_str(&t?);
        }
    }
    Ok(make_str(&out))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("split", sn_split),
        ("split-lines", sn_split_lines),
        ("upper-case", sn_upper),
        ("lower-case", sn_lower),
        ("capitalize", sn_capitalize),
        ("trim", sn_trim),
        ("triml", sn_triml),
        ("trimr", sn_trimr),
        ("trim-newline", sn_trim_newline),
        ("blank?", sn_blank),
        ("starts-with?", sn_starts_with),
        ("ends-with?", sn_ends_with),
        ("includes?", sn_includes),
        ("replace", sn_replace),
        ("replace-first", sn_replace_first),
        ("index-of", sn_index_of),
        ("last-index-of", sn_last_index_of),
        ("reverse", sn_reverse),
        ("escape", sn_escape),
        ("re-quote-replacement", sn_re_quote_replacement),
    ]
}

/// The natives of this area that consume their arguments.
pub(super) fn consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    vec![("join", sn_join)]
}
