//! Completion candidates for a prefix typed in a namespace, shared by the
//! REPL's tab completion and nREPL's `completions` op: vars visible in the
//! namespace, `alias/` and `ns/` qualified vars, namespace names and
//! aliases, special forms, and interned keywords (`:k`, `::k`).

use genera_runtime::{ns, string};

/// The special forms, completed like vars (as nREPL's completion does).
pub const SPECIAL_FORMS: &[&str] = &[
    "def",
    "if",
    "do",
    "let*",
    "quote",
    "var",
    "fn*",
    "loop*",
    "recur",
    "throw",
    "try",
    "catch",
    "finally",
    "letfn*",
    "case*",
    "new",
    "set!",
    "monitor-enter",
    "monitor-exit",
];

/// The candidates starting with `prefix` in namespace `current`.
pub fn completions(prefix: &str, current: &str) -> Vec<String> {
    if let Some(rest) = prefix.strip_prefix("::") {
        let qualified = format!(":{current}/{rest}");
        return string::interned_keyword_names()
            .into_iter()
            .filter(|k| k.starts_with(&qualified))
            .map(|k| format!("::{}", &k[current.len() + 2..]))
            .collect();
    }
    if prefix.starts_with(':') {
        return string::interned_keyword_names()
            .into_iter()
            .filter(|k| k.starts_with(prefix))
            .collect();
    }
    if let Some((qual, name)) = prefix.split_once('/') {
        let target = ns::resolve_alias(current, qual).unwrap_or_else(|| qual.to_string());
        return ns::ns_publics(&target)
            .into_iter()
            .filter(|(n, _)| n.starts_with(name))
            .map(|(n, _)| format!("{qual}/{n}"))
            .collect();
    }
    let mut out: Vec<String> = ns::ns_mappings(current)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with(prefix))
        .collect();
    out.extend(
        ns::all_ns()
            .into_iter()
            .chain(ns::aliases(current).into_iter().map(|(a, _)| a))
            .chain(SPECIAL_FORMS.iter().map(|s| s.to_string()))
            .filter(|n| n.starts_with(prefix)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_vars_aliases_and_keywords() {
        genera_runtime::init();
        let got = completions("redu", "user");
        assert!(got.contains(&"reduce".to_string()), "{got:?}");
        let got = completions("clojure.string/up", "user");
        assert_eq!(got, vec!["clojure.string/upper-case".to_string()]);
        let _ = string::keyword(None, "genera-completion-test");
        let got = completions(":genera-compl", "user");
        assert_eq!(got, vec![":genera-completion-test".to_string()]);
        let got = completions("clojure.str", "user");
        assert!(got.contains(&"clojure.string".to_string()), "{got:?}");
    }
}
