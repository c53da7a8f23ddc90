//! Regular expressions in `clojure.core` (`re-find`, `re-seq`, ...).

use super::*;

pub(super) fn n_re_pattern(a: &[Value]) -> Res {
    ar(a, 1, "re-pattern")?;
    if crate::regex::is_regex(a[0]) {
        return Ok(dupd(a[0]));
    }
    crate::regex::make_regex(str_arg(a[0])?)
}
/// The result of a match: the string, or `[whole g1 g2 ...]` with groups.
pub(super) fn match_value(caps: &crate::regex::Captures) -> Value {
    if caps.len() == 1 {
        return make_str(caps.get(0).map(|m| m.as_str()).unwrap_or(""));
    }
    let items: Vec<Value> = caps
        .iter()
        .map(|m| m.map(|m| make_str(m.as_str())).unwrap_or(Value::NIL))
        .collect();
    coll::make_vector(&items)
}
pub(super) fn n_re_find(a: &[Value]) -> Res {
    if a.len() == 1 && crate::regex::is_matcher(a[0]) {
        return Ok(crate::regex::matcher_find(a[0], match_value)?.unwrap_or(Value::NIL));
    }
    if a.len() == 1 {
        return Err(error::cast_error(a[0], "java.util.regex.Matcher"));
    }
    ar(a, 2, "re-find")?;
    let (re, _) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    Ok(re
        .captures(s)
        .map_err(crate::regex::match_error)?
        .map(|c| match_value(&c))
        .unwrap_or(Value::NIL))
}
pub(super) fn n_re_matcher(a: &[Value]) -> Res {
    ar(a, 2, "re-matcher")?;
    crate::regex::regex_of(a[0])?;
    str_arg(a[1])?;
    Ok(crate::regex::make_matcher(a[0], a[1]))
}
pub(super) fn n_re_groups(a: &[Value]) -> Res {
    ar(a, 1, "re-groups")?;
    if !crate::regex::is_matcher(a[0]) {
        return Err(error::cast_error(a[0], "java.util.regex.Matcher"));
    }
    crate::regex::matcher_groups(a[0])
}
pub(super) fn n_re_matches(a: &[Value]) -> Res {
    ar(a, 2, "re-matches")?;
    let (_, whole) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    Ok(whole
        .captures(s)
        .map_err(crate::regex::match_error)?
        .map(|c| match_value(&c))
        .unwrap_or(Value::NIL))
}
pub(super) fn n_re_seq(a: &[Value]) -> Res {
    ar(a, 2, "re-seq")?;
    let (re, _) = crate::regex::regex_of(a[0])?;
    let s = str_arg(a[1])?;
    let mut items: Vec<Value> = Vec::new();
    for c in re.captures_iter(s) {
        match c {
            Ok(c) => items.push(match_value(&c)),
            Err(e) => {
                drop_all(&items);
                return Err(crate::regex::match_error(e));
            }
        }
    }
    Ok(if items.is_empty() {
        Value::NIL
    } else {
        coll::list_from(&items)
    })
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("re-pattern", n_re_pattern),
        ("re-find", n_re_find),
        ("re-matcher", n_re_matcher),
        ("re-groups", n_re_groups),
        ("re-matches", n_re_matches),
        ("re-seq", n_re_seq),
    ]
}
