//! The reader: Clojure source text to [`Form`]s, each with the [`Span`] it
//! came from.
//!
//! It implements Clojure's reader syntax (<https://clojure.org/reference/reader>):
//! lists, vectors, maps, sets, strings, characters, every number syntax,
//! symbols, keywords (`::auto` ones flagged, not resolved), comments, the
//! quote family (`'` `` ` `` `~` `~@` `@` `#'`), metadata (`^`), anonymous
//! functions (`#(...)`), regexes, `#_`, `##Inf`, reader conditionals (`#?`,
//! `#?@`) and namespaced maps (`#:ns{}`).
//!
//! What it does **not** know:
//! - Namespaces. `::k` and `::alias/k` come out with `auto: true` for the
//!   analyzer to resolve; `#::{}` maps the same way.
//! - Syntax-quote. `` `x `` is read as [`FormKind::SyntaxQuote`] and expanded
//!   by the analyzer, which knows what symbols resolve to.
//! - What a tagged literal (`#inst "..."`, `#foo/bar x`) means: it reads as
//!   [`FormKind::Tagged`], and the runtime's data readers give it a value
//!   (`genera_runtime::tagged`). `#=` is an error.
//!
//! Guarantees to callers:
//! - It never panics, whatever the input, and never overflows the stack: it
//!   reads with an explicit stack and rejects forms nested deeper than
//!   [`MAX_DEPTH`], so code that recurses over forms is safe too.
//! - Errors say where and what ("Unmatched delimiter: )"); when the input ended
//!   inside a form, [`ReadError::incomplete`] is set so a REPL can ask for
//!   more lines.
//! - `#(...)` is expanded here into `(fn* [p1__N# ...] ...)`. The parameter
//!   names are `pK__N#` and `rest__N#` as Clojure's reader makes them, with
//!   `N` from a process-wide counter so they never clash. They are ordinary
//!   symbols; should a `#()` sit inside a syntax-quote, the trailing `#` makes
//!   the analyzer turn them into auto-gensyms, as in Clojure.
//! - Reader conditionals take the first clause whose feature is in
//!   [`ReadOptions::features`] (default `[:genera]`) or is `:default`, in the
//!   order written, as Clojure does.

mod atoms;
mod cursor;
mod equality;
mod form;
mod print;
mod reader;

pub use form::{Form, FormKind, Name, Span};
pub use reader::{Reader, MAX_DEPTH};

use std::fmt;

/// A reading error: where, what, and whether more input could fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub span: Span,
    pub message: String,
    /// The input ended inside a form (more lines could complete it).
    pub incomplete: bool,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.span, self.message)
    }
}

impl std::error::Error for ReadError {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The features reader conditionals select, without the colon.
    pub features: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            features: vec!["genera".to_string()],
        }
    }
}

/// Reads every form in `src`, stopping at the first error.
pub fn read_all(src: &str, file: &str) -> Result<Vec<Form>, ReadError> {
    let mut reader = Reader::new(src, file);
    let mut forms = Vec::new();
    while let Some(form) = reader.next_form() {
        forms.push(form?);
    }
    Ok(forms)
}

/// Formats an error the way compilers do:
///
/// ```text
/// prog.clj:3:7: error: Unmatched delimiter: )
///   |
/// 3 | (foo 1))
///   |        ^
/// ```
///
/// The caret sits under `span.col` (counted in characters; tabs in the line
/// are copied into the padding so the caret lines up however tabs render).
/// If the span's line is not in `src` the first line is shown, without a caret.
/// At most this many characters of a source line are shown either side of
/// the caret; a longer line (minified data, a 10 MB line) is cut to a window.
const EXCERPT_HALF_WIDTH: usize = 60;

/// The part of `line` shown around 1-based column `col`, with `...` where it
/// was cut, and the caret's column in that excerpt.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= 2 * EXCERPT_HALF_WIDTH {
        return (line.to_string(), col);
    }
    let from = col.saturating_sub(EXCERPT_HALF_WIDTH + 1);
    let to = (col + EXCERPT_HALF_WIDTH).min(len);
    let mut text: String = line.chars().skip(from).take(to - from).collect();
    let mut caret = col - from;
    if from > 0 {
        text.insert_str(0, "...");
        caret += 3;
    }
    if to < len {
        text.push_str("...");
    }
    (text, caret)
}

pub fn render_diagnostic(src: &str, span: &Span, message: &str) -> String {
    let header = format!(
        "{}:{}:{}: error: {}",
        span.file, span.line, span.col, message
    );
    let wanted = span.line as usize;
    let found = (wanted >= 1)
        .then(|| src.split('\n').nth(wanted - 1))
        .flatten();
    let (line_no, text, caret) = match found {
        Some(text) => (wanted, text, true),
        None => (1, src.split('\n').next().unwrap_or(""), false),
    };
    let text = text.strip_suffix('\r').unwrap_or(text);
    // A column past the end of the line (EOF, or a span from elsewhere)
    // puts the caret just after the last character.
    let col = (span.col as usize).clamp(1, text.chars().count() + 1);
    let (text, col) = excerpt(text, col);
    let gutter = " ".repeat(line_no.to_string().len());
    let mut out = format!("{header}\n{gutter} |\n{line_no} | {text}");
    if caret {
        let padding: String = text
            .chars()
            .chain(std::iter::repeat(' '))
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("\n{gutter} | {padding}^"));
    }
    out
}

#[cfg(test)]
mod excerpt_tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_caret() {
        let line = format!("{}){}", "a ".repeat(5_000_000), " b".repeat(100));
        let span = Span {
            file: "big.clj".into(),
            line: 1,
            col: 10_000_001,
            start: 0,
            end: 0,
        };
        let out = render_diagnostic(&line, &span, "Unmatched delimiter: )");
        assert!(out.len() < 400, "{} bytes", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let caret_line = lines[3];
        let text_line = lines[2];
        let caret_at = caret_line.find('^').unwrap();
        assert_eq!(&text_line[caret_at..caret_at + 1], ")");
        assert!(text_line.contains("...a a") && text_line.ends_with("..."));
    }
}
