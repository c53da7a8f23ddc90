//! The reader never panics, on any input.

use genera_reader::{read_all, Reader};
use proptest::prelude::*;

/// Reads everything, also through `next_form`, and touches every result
/// (printing exercises the printer on whatever was read).
fn read_everything(src: &str) {
    if let Ok(forms) = read_all(src, "p.clj") {
        for f in &forms {
            let _ = format!("{f:#}");
        }
    }
    let mut reader = Reader::new(src, "p.clj");
    let mut n = 0;
    while let Some(result) = reader.next_form() {
        if let Err(e) = result {
            let _ = genera_reader::render_diagnostic(src, &e.span, &e.message);
            assert!(
                src.is_char_boundary(e.span.start as usize)
                    && src.is_char_boundary(e.span.end as usize)
            );
        }
        n += 1;
        assert!(
            n <= src.len() + 1,
            "reader does not make progress on {src:?}"
        );
    }
}

fn clojure_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("#{".to_string()),
        Just("#(".to_string()),
        Just("#?(".to_string()),
        Just("#?@(".to_string()),
        Just("#:a{".to_string()),
        Just("#::{".to_string()),
        Just("'".to_string()),
        Just("`".to_string()),
        Just("~".to_string()),
        Just("~@".to_string()),
        Just("@".to_string()),
        Just("^".to_string()),
        Just("#'".to_string()),
        Just("#_".to_string()),
        Just("#".to_string()),
        Just("##".to_string()),
        Just("##Inf".to_string()),
        Just("#inst".to_string()),
        Just("%".to_string()),
        Just("%1".to_string()),
        Just("%&".to_string()),
        Just("%9".to_string()),
        Just(":genera".to_string()),
        Just(":default".to_string()),
        Just(":clj".to_string()),
        Just(":a".to_string()),
        Just("::a".to_string()),
        Just("::b/c".to_string()),
        Just(":_/x".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\u".to_string()),
        Just("\\o".to_string()),
        Just("\"\\u00".to_string()),
        Just("\\uD83D".to_string()),
        Just("#\"".to_string()),
        Just(";".to_string()),
        Just("#!".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just(",".to_string()),
        Just("\t".to_string()),
        Just("é".to_string()),
        Just("😀".to_string()),
        Just("1/0".to_string()),
        Just("1/2".to_string()),
        Just("0x".to_string()),
        Just("36r".to_string()),
        Just("1e".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("9".to_string()),
        Just("N".to_string()),
        Just("M".to_string()),
        Just(".".to_string()),
        Just("/".to_string()),
        Just("nil".to_string()),
        Just("x".to_string()),
        Just("a/b".to_string()),
        Just("1".to_string()),
        "[a-z0-9]{1,4}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_strings(src in any::<String>()) {
        read_everything(&src);
    }

    #[test]
    fn never_panics_on_clojure_like_text(tokens in prop::collection::vec(clojure_token(), 0..40)) {
        read_everything(&tokens.concat());
    }

    #[test]
    fn printed_forms_read_back_the_same(tokens in prop::collection::vec(clojure_token(), 0..30)) {
        // Whatever reads successfully (and has no `#()`, whose gensyms are
        // fresh each time) prints as text that reads back equal.
        let src = tokens.concat();
        if src.contains("#(") {
            return Ok(());
        }
        if let Ok(forms) = read_all(&src, "p.clj") {
            let printed: Vec<String> = forms.iter().map(|f| format!("{f:#}")).collect();
            let again = read_all(&printed.join(" "), "p.clj").expect("printed text reads back");
            let reprinted: Vec<String> = again.iter().map(|f| format!("{f:#}")).collect();
            prop_assert_eq!(printed, reprinted);
        }
    }
}
