//! `render_diagnostic`: an error with its source line and a caret.

use genera_reader::{read_all, render_diagnostic, Span};

fn render_error(src: &str) -> String {
    let err = read_all(src, "prog.clj").unwrap_err();
    render_diagnostic(src, &err.span, &err.message)
}

#[test]
fn caret_under_the_column() {
    let src = "(ns x)\n\n(foo 1))\n";
    assert_eq!(
        render_error(src),
        "prog.clj:3:8: error: Unmatched delimiter: )\n  |\n3 | (foo 1))\n  |        ^"
    );
}

#[test]
fn tabs_and_unicode_line_up() {
    let src = "\t(é λ))";
    assert_eq!(
        render_error(src),
        "prog.clj:1:7: error: Unmatched delimiter: )\n  |\n1 | \t(é λ))\n  | \t     ^"
    );
}

#[test]
fn wide_line_numbers_widen_the_gutter() {
    let src = format!("{}(a]", "\n".repeat(11));
    let out = render_error(&src);
    assert!(out.ends_with("   |\n12 | (a]\n   |   ^"), "{out}");
}

#[test]
fn line_out_of_range_shows_the_first_line() {
    let span = Span {
        file: "f".into(),
        line: 99,
        col: 3,
        start: 0,
        end: 0,
    };
    assert_eq!(
        render_diagnostic("abc\ndef", &span, "oops"),
        "f:99:3: error: oops\n  |\n1 | abc"
    );
    let span = Span::synthetic("f");
    assert_eq!(
        render_diagnostic("", &span, "oops"),
        "f:0:0: error: oops\n  |\n1 | "
    );
}

#[test]
fn caret_at_end_of_input() {
    let src = "(a\r\n  b";
    assert_eq!(
        render_error(src),
        "prog.clj:1:1: error: EOF while reading, starting at line 1\n  |\n1 | (a\n  | ^"
    );
    let span = Span {
        file: "f".into(),
        line: 1,
        col: u32::MAX,
        start: 0,
        end: 0,
    };
    assert_eq!(
        render_diagnostic("ab", &span, "m"),
        "f:1:4294967295: error: m\n  |\n1 | ab\n  |   ^"
    );
}
