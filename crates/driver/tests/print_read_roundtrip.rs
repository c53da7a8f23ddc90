//! Property: for generated data `x`, `(read-string (pr-str x))` is `=` to `x`
//! and prints the same again. Exercises the reader, the constant builder, the
//! printer and equality together.

use genera_reader::{Form, FormKind, Name, Span};
use genera_runtime::{constant, equiv, heap, print};
use num_bigint::BigInt;
use proptest::prelude::*;

fn span() -> Span {
    Span::synthetic("prop")
}

fn form(kind: FormKind) -> Form {
    Form::new(kind, span())
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9*+!?<>=-]{0,8}".prop_filter("not a literal", |s| {
        !matches!(s.as_str(), "nil" | "true" | "false")
    })
}

fn leaf() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(form(FormKind::Nil)),
        any::<bool>().prop_map(|b| form(FormKind::Bool(b))),
        any::<i64>().prop_map(|n| form(FormKind::Int(n))),
        (any::<i64>(), 1..1000i64)
            .prop_map(|(a, b)| form(FormKind::BigInt(BigInt::from(a) * b * 1_000_000_007i64))),
        (any::<i32>(), 1..10_000i32)
            .prop_map(|(n, d)| form(FormKind::Ratio(BigInt::from(n), BigInt::from(d)))),
        any::<f64>()
            .prop_filter("finite", |d| d.is_finite())
            .prop_map(|d| form(FormKind::Float(d))),
        any::<char>().prop_map(|c| form(FormKind::Char(c))),
        ".{0,12}".prop_map(|s| form(FormKind::Str(s))),
        (proptest::option::of(ident()), ident())
            .prop_map(|(ns, name)| form(FormKind::Symbol(Name { ns, name }))),
        (proptest::option::of(ident()), ident()).prop_map(|(ns, name)| form(FormKind::Keyword {
            name: Name { ns, name },
            auto: false
        })),
    ]
}

fn data() -> impl Strategy<Value = Form> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| form(FormKind::List(v))),
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| form(FormKind::Vector(v))),
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| form(FormKind::Set(v))),
            prop::collection::vec((inner.clone(), inner), 0..5).prop_map(|kvs| {
                form(FormKind::Map(
                    kvs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
                ))
            }),
        ]
    })
}

fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(genera_runtime::init);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn read_string_of_pr_str_is_equal(f in data()) {
        init();
        let before = heap::leaked_objects();
        let x = constant::form_to_value(&f);
        let text = print::pr_str(x);
        let back = genera_reader::read_all(&text, "roundtrip");
        prop_assert!(back.is_ok(), "pr-str output does not read back: {text}: {:?}", back.err());
        let back = back.unwrap();
        prop_assert_eq!(back.len(), 1, "{}", text);
        let y = constant::form_to_value(&back[0]);
        let equal = equiv::equiv(x, y);
        prop_assert!(matches!(equal, Ok(true)), "{} read back as {}", text, print::pr_str(y));
        prop_assert_eq!(print::pr_str(y), text);
        heap::drop(x);
        heap::drop(y);
        prop_assert_eq!(heap::leaked_objects(), before, "leaked objects");
    }
}
