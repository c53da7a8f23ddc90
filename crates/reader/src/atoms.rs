//! Turning a token's text into an atom: numbers, symbols, keywords and
//! character names. These functions see only the token, never the reader, so
//! they return a bare message and the caller adds the span.

use crate::form::{FormKind, Name};
use num_bigint::BigInt;
use num_traits::Zero;

/// Parses a number token as Clojure's `LispReader.matchNumber` does.
pub(crate) fn parse_number(text: &str) -> Result<FormKind, String> {
    let invalid = || format!("Invalid number: {text}");
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if let Some((num, den)) = body.split_once('/') {
        return parse_ratio(negative, num, den).ok_or_else(invalid)?;
    }
    if let Some(kind) = parse_radix(negative, body) {
        return kind.map_err(|e| e.unwrap_or_else(invalid));
    }
    if let Some(kind) = parse_integer(negative, body) {
        return kind.ok_or_else(invalid);
    }
    parse_float(text, body).ok_or_else(invalid)
}

fn all_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

/// `[0-9]+/[0-9]+`, kept exactly as written (not reduced).
fn parse_ratio(negative: bool, num: &str, den: &str) -> Option<Result<FormKind, String>> {
    if !all_digits(num, 10) || !all_digits(den, 10) {
        return None;
    }
    let num = signed(negative, BigInt::parse_bytes(num.as_bytes(), 10)?);
    let den = BigInt::parse_bytes(den.as_bytes(), 10)?;
    if den.is_zero() {
        return Some(Err("Divide by zero".to_string()));
    }
    Some(Ok(FormKind::Ratio(num, den)))
}

/// `2r101`, `36rZZ`: the base is one or two decimal digits. Returns `None` if
/// the token does not look like a radix number at all, `Some(Err(None))` for
/// the generic "Invalid number" message.
fn parse_radix(negative: bool, body: &str) -> Option<Result<FormKind, Option<String>>> {
    let r = body.find(['r', 'R'])?;
    let (base, digits) = (&body[..r], &body[r + 1..]);
    if base.is_empty() || base.len() > 2 || base.starts_with('0') || !all_digits(base, 10) {
        return None;
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let base: u32 = base.parse().ok()?;
    if !(2..=36).contains(&base) {
        return Some(Err(Some(format!("Radix out of range: {base}"))));
    }
    if !all_digits(digits, base) {
        return Some(Err(None));
    }
    match BigInt::parse_bytes(digits.as_bytes(), base) {
        Some(n) => Some(Ok(integer(signed(negative, n), false))),
        None => Some(Err(None)),
    }
}

/// Decimal, `0x` hex and `0` octal integers with an optional `N` suffix.
/// Returns `None` if the token is not integer-shaped, `Some(None)` if it is
/// integer-shaped but invalid (`09`).
fn parse_integer(negative: bool, body: &str) -> Option<Option<FormKind>> {
    let (body, big) = match body.strip_suffix('N') {
        Some(b) => (b, true),
        None => (body, false),
    };
    let (digits, radix) =
        if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            if !all_digits(hex, 16) {
                return None;
            }
            (hex, 16)
        } else if body.len() > 1 && body.starts_with('0') {
            if !all_digits(body, 10) {
                return None;
            }
            if !all_digits(body, 8) {
                return Some(None); // `09`: Clojure rejects it rather than reading decimal.
            }
            (&body[1..], 8)
        } else {
            if !all_digits(body, 10) {
                return None;
            }
            (body, 10)
        };
    let n = BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(Some(integer(signed(negative, n), big)))
}

/// `[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?M?`
fn parse_float(text: &str, body: &str) -> Option<FormKind> {
    let (body, decimal) = match body.strip_suffix('M') {
        Some(b) => (b, true),
        None => (body, false),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let frac_ok = match frac_part {
        Some(f) => f.is_empty() || all_digits(f, 10),
        None => true,
    };
    let exp_ok = match exponent {
        Some(e) => all_digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10),
        None => true,
    };
    if !all_digits(int_part, 10) || !frac_ok || !exp_ok {
        return None;
    }
    let written = if decimal {
        &text[..text.len() - 1]
    } else {
        text
    };
    if decimal {
        return Some(FormKind::BigDecimal(written.to_string()));
    }
    written.parse::<f64>().ok().map(FormKind::Float)
}

fn signed(negative: bool, n: BigInt) -> BigInt {
    if negative {
        -n
    } else {
        n
    }
}

/// A long if it fits and no `N` was written, else a BigInt.
fn integer(n: BigInt, big: bool) -> FormKind {
    if big {
        return FormKind::BigInt(n);
    }
    match i64::try_from(&n) {
        Ok(i) => FormKind::Int(i),
        Err(_) => FormKind::BigInt(n),
    }
}

/// Parses a symbol or keyword token (`foo`, `a/b`, `:k`, `::alias/k`, `nil`).
pub(crate) fn parse_symbolic(token: &str) -> Result<FormKind, String> {
    let invalid = || format!("Invalid token: {token}");
    match token {
        "nil" => return Ok(FormKind::Nil),
        "true" => return Ok(FormKind::Bool(true)),
        "false" => return Ok(FormKind::Bool(false)),
        _ => {}
    }
    // `::` may only appear at the very start (auto-resolved keywords).
    if token.get(1..).is_some_and(|t| t.contains("::")) {
        return Err(invalid());
    }
    if let Some(rest) = token.strip_prefix("::") {
        let name = parse_name(rest, true).ok_or_else(invalid)?;
        return Ok(FormKind::Keyword { name, auto: true });
    }
    if let Some(rest) = token.strip_prefix(':') {
        let name = parse_name(rest, true).ok_or_else(invalid)?;
        return Ok(FormKind::Keyword { name, auto: false });
    }
    Ok(FormKind::Symbol(
        parse_name(token, false).ok_or_else(invalid)?,
    ))
}

/// `name`, `ns/name`, `/` or `ns//`. Keywords may start with a digit (`:1`),
/// as in Clojure; symbols never see one because digits start numbers.
///
/// As Clojure's reader, the token is checked at its last `/` (what follows
/// it must be a name without `/`) and then split at its first: `a/b/c` has
/// namespace `a` and name `b/c` (`Symbol.intern` splits at the first `/`).
fn parse_name(s: &str, keyword: bool) -> Option<Name> {
    if s == "/" {
        return Some(Name::simple("/"));
    }
    let checked = match s.strip_suffix("//") {
        Some(head) => Some((head, "/")),
        None => s.rsplit_once('/'),
    };
    let (ns, name) = match checked {
        Some((ns, name)) => (Some(ns), name),
        None => (None, s),
    };
    let starts_with_digit = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
    let name_ok = !name.is_empty()
        && (name == "/" || !name.contains('/'))
        && !name.ends_with(':')
        && (keyword && ns.is_none() || !starts_with_digit(name));
    let ns_ok = match ns {
        Some(ns) => !ns.is_empty() && !ns.ends_with(':') && !ns.starts_with('/'),
        None => true,
    };
    if !name_ok || !ns_ok || s.starts_with(':') {
        return None;
    }
    Some(match (ns, s.split_once('/')) {
        (Some(_), Some((ns, name))) => Name {
            ns: Some(ns.to_string()),
            name: name.to_string(),
        },
        _ => Name::simple(s),
    })
}

/// The character a `\name` literal stands for (`token` is without the `\`).
pub(crate) fn parse_char_name(token: &str) -> Result<char, String> {
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(c);
    }
    let named = match token {
        "newline" => Some('\n'),
        "space" => Some(' '),
        "tab" => Some('\t'),
        "backspace" => Some('\u{8}'),
        "formfeed" => Some('\u{c}'),
        "return" => Some('\r'),
        _ => None,
    };
    if let Some(c) = named {
        return Ok(c);
    }
    if let Some(hex) = token.strip_prefix('u') {
        if hex.chars().count() != 4 {
            return Err(format!("Invalid unicode character: \\{token}"));
        }
        let code = digits_value(hex, 16)?;
        return char::from_u32(code)
            .ok_or_else(|| format!("Invalid character constant: \\{token}"));
    }
    if let Some(oct) = token.strip_prefix('o') {
        let len = oct.chars().count();
        if len > 3 {
            return Err(format!("Invalid octal escape sequence length: {len}"));
        }
        return octal_char(digits_value(oct, 8)?);
    }
    Err(format!("Unsupported character: \\{token}"))
}

/// An octal escape's character; Clojure limits them to one byte.
pub(crate) fn octal_char(code: u32) -> Result<char, String> {
    match char::from_u32(code) {
        Some(c) if code <= 0o377 => Ok(c),
        _ => Err("Octal escape sequence must be in range [0, 377].".to_string()),
    }
}

/// The value of a short run of digits (at most a few characters, so no
/// overflow is possible).
pub(crate) fn digits_value(digits: &str, radix: u32) -> Result<u32, String> {
    digits
        .chars()
        .try_fold(0u32, |acc, c| match c.to_digit(radix) {
            Some(d) => Ok(acc.saturating_mul(radix).saturating_add(d)),
            None => Err(format!("Invalid digit: {c}")),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("42"), Ok(FormKind::Int(42)));
        assert_eq!(parse_number("-0x10"), Ok(FormKind::Int(-16)));
        assert_eq!(parse_number("017"), Ok(FormKind::Int(15)));
        assert_eq!(parse_number("36rZZ"), Ok(FormKind::Int(1295)));
        assert_eq!(parse_number("1.5e-3"), Ok(FormKind::Float(0.0015)));
        assert_eq!(parse_number("1."), Ok(FormKind::Float(1.0)));
        assert_eq!(parse_number("09"), Err("Invalid number: 09".into()));
        assert_eq!(parse_number("1/0"), Err("Divide by zero".into()));
        assert_eq!(parse_number("37r1"), Err("Radix out of range: 37".into()));
        assert_eq!(parse_number("2r102"), Err("Invalid number: 2r102".into()));
        assert_eq!(parse_number("1e"), Err("Invalid number: 1e".into()));
        assert_eq!(
            parse_number("-9223372036854775808"),
            Ok(FormKind::Int(i64::MIN))
        );
    }

    #[test]
    fn names() {
        assert_eq!(
            parse_symbolic("a/b"),
            Ok(FormKind::Symbol(Name::qualified("a", "b")))
        );
        assert_eq!(
            parse_symbolic("clojure.core//"),
            Ok(FormKind::Symbol(Name::qualified("clojure.core", "/")))
        );
        assert!(parse_symbolic("a/").is_err());
        assert!(parse_symbolic("/a").is_err());
        // Checked at the last slash, split at the first (Symbol.intern).
        assert_eq!(
            parse_symbolic("a/b/c"),
            Ok(FormKind::Symbol(Name::qualified("a", "b/c")))
        );
        assert_eq!(
            parse_symbolic(":a/b/c"),
            Ok(FormKind::Keyword {
                name: Name::qualified("a", "b/c"),
                auto: false
            })
        );
        assert!(parse_symbolic("a/b/").is_err());
        assert!(parse_symbolic("a/b/1").is_err());
        assert!(parse_symbolic("/a/b").is_err());
        assert!(parse_symbolic("a:").is_err());
        assert!(parse_symbolic("a::b").is_err());
        assert!(parse_symbolic(":::a").is_err());
        assert!(parse_symbolic(":").is_err());
        assert!(parse_symbolic("::").is_err());
        assert!(parse_symbolic("a/1").is_err());
    }
}
