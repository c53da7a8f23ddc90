//! Spans: line and column in characters, byte offsets for excerpts.

use genera_reader::{read_all, Form, FormKind, Reader};

fn place(f: &Form) -> (u32, u32, u32, u32) {
    (f.span.line, f.span.col, f.span.start, f.span.end)
}

fn items(f: &Form) -> &[Form] {
    match &f.kind {
        FormKind::List(xs) | FormKind::Vector(xs) | FormKind::Map(xs) | FormKind::Set(xs) => xs,
        _ => panic!("not a collection: {f}"),
    }
}

#[test]
fn atoms_and_collections() {
    let src = "(foo 12\n  \"bar\")";
    let forms = read_all(src, "f.clj").unwrap();
    assert_eq!(place(&forms[0]), (1, 1, 0, 16));
    let xs = items(&forms[0]);
    assert_eq!(place(&xs[0]), (1, 2, 1, 4));
    assert_eq!(place(&xs[1]), (1, 6, 5, 7));
    assert_eq!(place(&xs[2]), (2, 3, 10, 15));
    assert_eq!(&*forms[0].span.file, "f.clj");
    let cut = |f: &Form| &src[f.span.start as usize..f.span.end as usize];
    assert_eq!(cut(&xs[2]), "\"bar\"");
}

#[test]
fn columns_count_characters_not_bytes() {
    let forms = read_all("(é λ x)", "t").unwrap();
    let xs = items(&forms[0]);
    assert_eq!(place(&xs[1]), (1, 4, 4, 6)); // λ is two bytes, one column.
    assert_eq!(place(&xs[2]), (1, 6, 7, 8));
}

#[test]
fn prefixes_cover_their_form() {
    let forms = read_all("  'abc", "t").unwrap();
    assert_eq!(place(&forms[0]), (1, 3, 2, 6));
    let xs = items(&forms[0]);
    assert_eq!(place(&xs[0]), (1, 3, 2, 3)); // `quote` is the `'`.
    assert_eq!(place(&xs[1]), (1, 4, 3, 6));
    let forms = read_all("#'v ~@x", "t").unwrap();
    assert_eq!(place(&items(&forms[0])[0]), (1, 1, 0, 2));
    assert_eq!(place(&items(&forms[1])[0]), (1, 5, 4, 6));
}

#[test]
fn metadata_keeps_the_targets_span() {
    let forms = read_all("^:private foo", "t").unwrap();
    assert_eq!(place(&forms[0]), (1, 11, 10, 13));
    let meta = forms[0].meta.as_ref().unwrap();
    assert_eq!(place(&items(meta)[0]), (1, 2, 1, 9));
}

#[test]
fn reader_returns_forms_one_at_a_time() {
    let mut reader = Reader::new("1 (2)\n; end\n", "t");
    assert_eq!(reader.next_form().unwrap().unwrap().to_string(), "1");
    assert_eq!(reader.next_form().unwrap().unwrap().to_string(), "(2)");
    assert!(reader.next_form().is_none());
    assert!(reader.next_form().is_none());
}
