//! Printing forms as Clojure source text.
//!
//! `format!("{form}")` prints like Clojure's `pr`: readable text, no
//! metadata. The alternate flag, `format!("{form:#}")`, also prints metadata
//! as `^{...}` prefixes, which is what tests usually want. Printed text reads
//! back as an equal form, except for `#(...)` (printed as the `fn*` it
//! expands to) and floats, which print as Java's `Double.toString` does.

use crate::form::{Form, FormKind};
use std::fmt::{self, Display, Formatter, Write};

impl Display for Form {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            if let Some(meta) = &self.meta {
                write!(f, "^{meta:#} ")?;
            }
        }
        match &self.kind {
            FormKind::Nil => f.write_str("nil"),
            FormKind::Bool(b) => write!(f, "{b}"),
            FormKind::Int(i) => write!(f, "{i}"),
            FormKind::BigInt(n) => write!(f, "{n}N"),
            FormKind::Ratio(n, d) => write!(f, "{n}/{d}"),
            FormKind::Float(x) => write_float(f, *x),
            FormKind::BigDecimal(s) => write!(f, "{s}M"),
            FormKind::Char(c) => write_char(f, *c),
            FormKind::Str(s) => write_string(f, s),
            FormKind::Regex(s) => write!(f, "#\"{s}\""),
            FormKind::Symbol(name) => write!(f, "{name}"),
            FormKind::Keyword { name, auto } => {
                write!(f, "{}{name}", if *auto { "::" } else { ":" })
            }
            FormKind::List(xs) => write_seq(f, "(", xs, " ", ")"),
            FormKind::Vector(xs) => write_seq(f, "[", xs, " ", "]"),
            FormKind::Set(xs) => write_seq(f, "#{", xs, " ", "}"),
            FormKind::Map(xs) => write_map(f, xs),
            FormKind::SyntaxQuote(x) => {
                f.write_char('`')?;
                x.fmt(f)
            }
            FormKind::Tagged { tag, form } => {
                write!(f, "#{tag} ")?;
                form.fmt(f)
            }
        }
    }
}

fn write_seq(
    f: &mut Formatter<'_>,
    open: &str,
    xs: &[Form],
    sep: &str,
    close: &str,
) -> fmt::Result {
    f.write_str(open)?;
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        x.fmt(f)?;
    }
    f.write_str(close)
}

/// `{:a 1, :b 2}`, with commas between entries as Clojure prints maps.
fn write_map(f: &mut Formatter<'_>, xs: &[Form]) -> fmt::Result {
    f.write_char('{')?;
    for (i, entry) in xs.chunks(2).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_seq(f, "", entry, " ", "")?;
    }
    f.write_char('}')
}

/// Java's `Double.toString`: plain notation from 1e-3 up to 1e7, otherwise
/// scientific with a capital `E` (`1.0E10`); the symbolic values as `##Inf`.
fn write_float(f: &mut Formatter<'_>, x: f64) -> fmt::Result {
    if x.is_nan() {
        return f.write_str("##NaN");
    }
    if x.is_infinite() {
        return f.write_str(if x > 0.0 { "##Inf" } else { "##-Inf" });
    }
    let magnitude = x.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        return write!(f, "{x:?}"); // Debug always keeps a `.0`.
    }
    let sci = format!("{x:e}"); // e.g. "1.5e-5" or "1e10"
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let point = if mantissa.contains('.') { "" } else { ".0" };
    write!(f, "{mantissa}{point}E{exponent}")
}

fn write_char(f: &mut Formatter<'_>, c: char) -> fmt::Result {
    let name = match c {
        '\n' => "newline",
        ' ' => "space",
        '\t' => "tab",
        '\u{8}' => "backspace",
        '\u{c}' => "formfeed",
        '\r' => "return",
        c if c.is_control() => return write!(f, "\\u{:04X}", c as u32),
        c => return write!(f, "\\{c}"),
    };
    write!(f, "\\{name}")
}

fn write_string(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if c.is_control() && (c as u32) < 0x10000 => write!(f, "\\u{:04X}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}
