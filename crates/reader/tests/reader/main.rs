//! Behaviour tests for the reader: source text in, printed forms (or an
//! error message with its line:col) out.

mod diagnostics;
mod errors;
mod props;
mod spans;
mod syntax;

use genera_reader::{read_all, ReadError, ReadOptions, Reader};

/// Reads `src` and prints every form with its metadata (`{:#}`), separated by
/// spaces. Gensym numbers in `#()` parameters are replaced by `N`.
fn read_printed(src: &str) -> Result<String, ReadError> {
    let forms = read_all(src, "test.clj")?;
    let printed: Vec<String> = forms.iter().map(|f| format!("{f:#}")).collect();
    Ok(normalize_gensyms(&printed.join(" ")))
}

#[track_caller]
fn check(src: &str, expected: &str) {
    match read_printed(src) {
        Ok(printed) => assert_eq!(printed, expected, "reading {src:?}"),
        Err(e) => panic!("reading {src:?} failed: {e}"),
    }
}

/// Like `check`, with explicit reader-conditional features.
#[track_caller]
fn check_features(src: &str, features: &[&str], expected: &str) {
    let opts = ReadOptions {
        features: features.iter().map(|f| f.to_string()).collect(),
    };
    let mut reader = Reader::with_options(src, "test.clj", opts);
    let mut printed = Vec::new();
    while let Some(form) = reader.next_form() {
        printed.push(format!(
            "{:#}",
            form.unwrap_or_else(|e| panic!("reading {src:?} failed: {e}"))
        ));
    }
    assert_eq!(printed.join(" "), expected, "reading {src:?}");
}

/// Expects an error, given as "line:col: message".
#[track_caller]
fn check_error(src: &str, expected: &str) {
    match read_all(src, "test.clj") {
        Ok(forms) => panic!("reading {src:?} should fail, got {forms:?}"),
        Err(e) => {
            let got = format!("{}:{}: {}", e.span.line, e.span.col, e.message);
            assert_eq!(got, expected, "reading {src:?}");
        }
    }
}

fn read_error(src: &str) -> ReadError {
    match read_all(src, "test.clj") {
        Ok(forms) => panic!("reading {src:?} should fail, got {forms:?}"),
        Err(e) => e,
    }
}

/// `p1__123#` -> `p1__N#`, so expected output does not depend on the order
/// tests run in.
fn normalize_gensyms(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("__") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with('#') {
            out.push('N');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}
