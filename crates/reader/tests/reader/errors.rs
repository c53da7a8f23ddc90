//! Error messages and where they point.

use super::{check_error, read_error};
use genera_reader::{read_all, Reader, MAX_DEPTH};

#[test]
fn delimiters() {
    check_error("(foo 1))", "1:8: Unmatched delimiter: )");
    check_error("]", "1:1: Unmatched delimiter: ]");
    check_error(
        "(a\n  b]",
        "2:4: Unmatched delimiter: ] (expected ) to close the ( at line 1, column 1)",
    );
    check_error(
        "#{1 2)",
        "1:6: Unmatched delimiter: ) (expected } to close the #{ at line 1, column 1)",
    );
    check_error(
        "(')",
        "1:3: Unmatched delimiter: ) (expected a form after ')",
    );
    check_error(
        "[1 #_]",
        "1:6: Unmatched delimiter: ] (expected a form after #_)",
    );
    check_error(
        "[^:a]",
        "1:5: Unmatched delimiter: ] (expected a form after ^)",
    );
}

#[test]
fn eof_inside_forms_is_incomplete() {
    for (src, expected) in [
        ("(foo", "1:1: EOF while reading, starting at line 1"),
        (
            "(a\n (b\n  [c",
            "3:3: EOF while reading, starting at line 3",
        ),
        ("(a (b) (c)\n", "1:1: EOF while reading, starting at line 1"),
        ("\"abc", "1:1: EOF while reading string"),
        ("(f \"a\\", "1:4: EOF while reading string"),
        ("\\", "1:1: EOF while reading character"),
        ("#\"ab", "1:1: EOF while reading regex"),
        ("#", "1:1: EOF while reading dispatch macro (#)"),
        ("# \n", "1:1: EOF while reading"),
        ("#inst", "1:1: EOF while reading, starting at line 1"),
        ("'", "1:1: EOF while reading, starting at line 1"),
        ("^:a", "1:1: EOF while reading, starting at line 1"),
        ("1 #_", "1:3: EOF while reading, starting at line 1"),
        ("#?", "1:1: EOF while reading reader conditional"),
        ("#:a", "1:1: EOF while reading namespaced map"),
        ("##", "1:1: EOF while reading symbolic value"),
    ] {
        check_error(src, expected);
        assert!(read_error(src).incomplete, "{src:?} should be incomplete");
    }
}

#[test]
fn complete_errors_are_not_incomplete() {
    for src in [")", "(a]", "{:a}", "1/0", "\"\\q\"", "#my/ 1", "09"] {
        assert!(!read_error(src).incomplete, "{src:?}");
    }
}

#[test]
fn maps_and_sets() {
    check_error(
        "{:a 1 :b}",
        "1:1: Map literal must contain an even number of forms",
    );
    check_error("{:a 1 :a 2}", "1:7: Duplicate key: :a");
    check_error("#{1 2 1}", "1:7: Duplicate key: 1");
    check_error("#{[1 2] (1 2)}", "1:9: Duplicate key: (1 2)");
    check_error("{1 :a 1N :b}", "1:7: Duplicate key: 1N");
    check_error("#{1/2 2/4}", "1:7: Duplicate key: 2/4");
    check_error(
        "#{{:a 1 :b 2} {:b 2 :a 1}}",
        "1:15: Duplicate key: {:b 2, :a 1}",
    );
    check_error("#:a{:b 1 :a/b 2}", "1:10: Duplicate key: :a/b");
    check_error("#{\"x\" \"x\"}", "1:7: Duplicate key: \"x\"");
    // Not duplicates: different types or kinds.
    for ok in [
        "#{1 1.0}",
        "#{:a ::a}",
        "#{a :a \"a\"}",
        "#{##NaN ##NaN}",
        "#{#\"a\" #\"a\"}",
        "{nil 1 false 2}",
    ] {
        assert!(read_all(ok, "t").is_ok(), "{ok}");
    }
}

#[test]
fn numbers() {
    check_error("1/0", "1:1: Divide by zero");
    check_error("(+ 1 -3/0)", "1:6: Divide by zero");
    check_error("09", "1:1: Invalid number: 09");
    check_error("1.2.3", "1:1: Invalid number: 1.2.3");
    check_error("12abc", "1:1: Invalid number: 12abc");
    check_error("0x", "1:1: Invalid number: 0x");
    check_error("0xG", "1:1: Invalid number: 0xG");
    check_error("2r2", "1:1: Invalid number: 2r2");
    check_error("99r1", "1:1: Radix out of range: 99");
    check_error("1e", "1:1: Invalid number: 1e");
    check_error("1/2/3", "1:1: Invalid number: 1/2/3");
    check_error("1.5N", "1:1: Invalid number: 1.5N");
}

#[test]
fn symbols_and_keywords() {
    check_error("a/", "1:1: Invalid token: a/");
    check_error("/a", "1:1: Invalid token: /a");
    check_error("a/b/", "1:1: Invalid token: a/b/");
    check_error("a/b/1", "1:1: Invalid token: a/b/1");
    check_error(":", "1:1: Invalid token: :");
    check_error("::", "1:1: Invalid token: ::");
    check_error(":::a", "1:1: Invalid token: :::a");
    check_error("a::b", "1:1: Invalid token: a::b");
    check_error("foo:", "1:1: Invalid token: foo:");
    check_error(":a/1", "1:1: Invalid token: :a/1");
}

#[test]
fn strings_and_characters() {
    check_error("\"a\\qb\"", "1:3: Unsupported escape character: \\q");
    check_error(
        "\"\\u12\"",
        "1:2: Invalid character length: 2, should be: 4",
    );
    check_error("\"\\uZZZZ\"", "1:2: Invalid digit: Z");
    check_error(
        "\"\\400\"",
        "1:2: Octal escape sequence must be in range [0, 377].",
    );
    check_error("\"\\8\"", "1:2: Invalid digit: 8");
    check_error(
        "\"\\uD800\"",
        "1:2: Invalid unicode escape: \\uD800 is half of a surrogate pair",
    );
    check_error(
        "\"\\uDC00\"",
        "1:2: Invalid unicode escape: \\uDC00 is half of a surrogate pair",
    );
    check_error("\\abc", "1:1: Unsupported character: \\abc");
    check_error("\\u12", "1:1: Invalid unicode character: \\u12");
    check_error("\\uD800", "1:1: Invalid character constant: \\uD800");
    check_error("\\uXYZW", "1:1: Invalid digit: X");
    check_error(
        "\\o400",
        "1:1: Octal escape sequence must be in range [0, 377].",
    );
    check_error("\\o1234", "1:1: Invalid octal escape sequence length: 4");
}

#[test]
fn metadata() {
    check_error(
        "^:a 1",
        "1:5: Metadata can only be applied to symbols and collections, not an integer",
    );
    check_error(
        "^:a \"s\"",
        "1:5: Metadata can only be applied to symbols and collections, not a string",
    );
    check_error(
        "^:a :k",
        "1:5: Metadata can only be applied to symbols and collections, not a keyword",
    );
    check_error("^1 x", "1:2: Metadata must be Symbol,Keyword,String or Map");
}

#[test]
fn dispatch() {
    check_error("#my/ [1]", "1:1: Invalid tag: #my/");
    check_error("# 1", "1:1: Reader tag must be a symbol");
    check_error("#\u{1}", "1:1: No dispatch macro for: \\u{1}");
    check_error(
        "(#my/tag)",
        "1:9: Unmatched delimiter: ) (expected a form after #my/tag)",
    );
    check_error("#=(+ 1 2)", "1:1: #= (read-eval) is not supported");
    check_error("#<foo>", "1:1: Unreadable form");
    check_error("#1", "1:1: No dispatch macro for: 1");
    check_error("##Foo", "1:1: Unknown symbolic value: ##Foo");
}

#[test]
fn fn_literals() {
    check_error("#(a #(b))", "1:5: Nested #()s are not allowed");
    check_error(
        "#(a %x)",
        "1:5: arg literal must be %, %& or %integer from 1 to 20, not %x",
    );
    check_error(
        "#(a %21)",
        "1:5: arg literal must be %, %& or %integer from 1 to 20, not %21",
    );
    check_error(
        "#(a %0)",
        "1:5: arg literal must be %, %& or %integer from 1 to 20, not %0",
    );
}

#[test]
fn reader_conditionals() {
    check_error(
        "#?(:genera)",
        "1:1: read-cond requires an even number of forms",
    );
    check_error("#?(genera 1)", "1:4: Feature should be a keyword: genera");
    check_error("#?[:genera 1]", "1:1: read-cond body must be a list");
    check_error(
        "#?@(:genera [1 2])",
        "1:1: Reader conditional splicing not allowed at the top level.",
    );
    check_error(
        "[#?@(:genera 1)]",
        "1:14: Spliced form list in read-cond-splicing must be a list or vector",
    );
    // A tagged literal in the branch taken needs its form.
    check_error(
        "#?(:genera #inst)",
        "1:17: Unmatched delimiter: ) (expected a form after #inst)",
    );
}

#[test]
fn namespaced_maps() {
    check_error("#:{:a 1}", "1:1: Namespaced map must specify a namespace");
    check_error(
        "#:a/b{:a 1}",
        "1:1: Namespaced map must specify a valid namespace: a/b",
    );
    check_error("#:a [1]", "1:1: Namespaced map must specify a map");
    check_error(
        "#::{a 1}",
        "1:1: Symbol keys in auto-resolved namespaced maps (#::{}) are not supported",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = "(".repeat(100_000);
    let err = read_error(&src);
    assert_eq!(
        err.message,
        format!("Form nested too deeply (the limit is {MAX_DEPTH} levels)")
    );
    assert_eq!((err.span.line, err.span.col), (1, MAX_DEPTH as u32 + 1));
    for open in ["[", "{", "#{", "'", "@", "^:a ", "#_", "`", "#?(:genera "] {
        let src = open.repeat(100_000);
        assert!(read_all(&src, "t").is_err(), "{open}");
    }
    // Exactly at the limit is fine, and the result can be printed and dropped.
    let src = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let forms = read_all(&src, "t").unwrap();
    assert_eq!(forms[0].to_string().len(), 2 * MAX_DEPTH);
}

#[test]
fn reader_stops_after_an_error() {
    let mut reader = Reader::new("1 ) 2", "t");
    assert!(reader.next_form().unwrap().is_ok());
    assert!(reader.next_form().unwrap().is_err());
    assert!(reader.next_form().is_none());
}

#[test]
fn error_display_names_the_place() {
    let err = read_error("\n  (a]");
    assert_eq!(
        err.to_string(),
        "test.clj:2:5: Unmatched delimiter: ] (expected ) to close the ( at line 2, column 3)"
    );
}
