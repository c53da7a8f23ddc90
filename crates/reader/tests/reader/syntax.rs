//! What each piece of syntax reads as.

use super::{check, check_features, read_printed};
use genera_reader::{read_all, Form, FormKind};

#[test]
fn collections() {
    check("(a b c)", "(a b c)");
    check("()", "()");
    check("[1 [2] ()]", "[1 [2] ()]");
    check("{:a 1 :b 2}", "{:a 1, :b 2}");
    check("{}", "{}");
    check("#{1 2 3}", "#{1 2 3}");
    check("(a,b,,c)", "(a b c)");
    check("(a\n  b\t\rc)", "(a b c)");
}

#[test]
fn atoms() {
    check("nil true false", "nil true false");
    check(
        "foo a.b -> *x* a' a# .method Foo. + - / ... <=",
        "foo a.b -> *x* a' a# .method Foo. + - / ... <=",
    );
    check(
        "ns/name clojure.core// a.b/c",
        "ns/name clojure.core// a.b/c",
    );
    check(
        ":a :ns/a ::a ::alias/a :/ :1",
        ":a :ns/a ::a ::alias/a :/ :1",
    );
    check("%x", "%x"); // `%` is an ordinary symbol character outside #().
    check("é λ→x", "é λ→x");
}

#[test]
fn keyword_flags() {
    let forms = read_all(":a ::b ::c/d", "t").unwrap();
    let flags: Vec<bool> = forms
        .iter()
        .map(|f| matches!(f.kind, FormKind::Keyword { auto: true, .. }))
        .collect();
    assert_eq!(flags, [false, true, true]);
}

#[test]
fn integers() {
    check("0 42 -7 +7 0N 42N -0", "0 42 -7 7 0N 42N 0");
    check("0xFF 0Xff -0x10 0x10N", "255 255 -16 16N");
    check("017 -017 00", "15 -15 0");
    check("2r101 36rZZ 16rff -8r17 10R99", "5 1295 255 -15 99");
    check(
        "9223372036854775807 -9223372036854775808",
        "9223372036854775807 -9223372036854775808",
    );
    check(
        "9223372036854775808 -9223372036854775809",
        "9223372036854775808N -9223372036854775809N",
    );
    check("0xFFFFFFFFFFFFFFFFFF", "4722366482869645213695N");
}

#[test]
fn floats_and_decimals() {
    check(
        "1.5 -1.0 1e10 1.5e-3 1E3 1. 0.0 -0.0",
        "1.5 -1.0 1.0E10 0.0015 1000.0 1.0 0.0 -0.0",
    );
    check("1e-5 12345678.0", "1.0E-5 1.2345678E7");
    check("##Inf ##-Inf ##NaN", "##Inf ##-Inf ##NaN");
    check("1.5M 1M -2.50M 1e3M", "1.5M 1M -2.50M 1e3M");
}

#[test]
fn ratios() {
    check("1/3 -2/4 +3/9 10/5", "1/3 -2/4 3/9 10/5");
    check(
        "123456789012345678901234567890/7",
        "123456789012345678901234567890/7",
    );
}

#[test]
fn strings() {
    check(
        r#""hi" "" "a\tb\nc\rd\be\ff\\g\"h""#,
        r#""hi" "" "a\tb\nc\rd\be\ff\\g\"h""#,
    );
    check(
        r#""\u0041\u00e9" "\101\0\7" "\377""#,
        "\"Aé\" \"A\\u0000\\u0007\" \"\u{ff}\"",
    );
    check(r#""\uD83D\uDE00""#, "\"😀\"");
    check("\"multi\nline\"", r#""multi\nline""#);
    check(r#""\18""#, "\"\\u00018\"");
}

#[test]
fn characters() {
    check(r"\a \Z \1 \é", r"\a \Z \1 \é");
    check(
        r"\newline \space \tab \backspace \formfeed \return",
        r"\newline \space \tab \backspace \formfeed \return",
    );
    check(r"\u0041 \u00e9 \o101 \o0 \u \o", r"\A \é \A \u0000 \u \o");
    check(
        r#"\( \) \[ \] \{ \} \\ \; \" \@ \^ \` \~"#,
        r#"\( \) \[ \] \{ \} \\ \; \" \@ \^ \` \~"#,
    );
    check(r"(\a)", r"(\a)");
    check(r"[\a\b]", r"[\a \b]");
}

#[test]
fn regexes() {
    check(r#"#"a+b""#, r#"#"a+b""#);
    check(r#"#"\d+\.\s""#, r#"#"\d+\.\s""#);
    check(r#"#"say \"hi\"""#, r#"#"say \"hi\"""#);
    let forms = read_all(r#"#"\\n\"""#, "t").unwrap();
    assert_eq!(forms[0].kind, FormKind::Regex(r#"\\n\""#.to_string()));
}

#[test]
fn comments_and_whitespace() {
    check("; a comment\n1 ; another\n2", "1 2");
    check("#!/usr/bin/env genera\n(run)", "(run)");
    check("(a #! comment inside\n b)", "(a b)");
    check("(a ; comment )\n b)", "(a b)");
    check("  ,,  ", "");
    check("", "");
    check("; only a comment", "");
}

#[test]
fn quote_family() {
    check("'x", "(quote x)");
    check("'(1 2)", "(quote (1 2))");
    check("''x", "(quote (quote x))");
    check("`x", "`x");
    check(
        "`(a ~b ~@c)",
        "`(a (clojure.core/unquote b) (clojure.core/unquote-splicing c))",
    );
    check(
        "~x ~@y",
        "(clojure.core/unquote x) (clojure.core/unquote-splicing y)",
    );
    check(
        "@a @@b",
        "(clojure.core/deref a) (clojure.core/deref (clojure.core/deref b))",
    );
    check("#'x #'a/b", "(var x) (var a/b)");
    check("' x", "(quote x)");
    check("'; comment\nx", "(quote x)");
}

#[test]
fn metadata() {
    check("^:private x", "^{:private true} x");
    check("^String x", "^{:tag String} x");
    check("^\"[B\" x", "^{:tag \"[B\"} x");
    check("^{:a 1 :b 2} [x]", "^{:a 1, :b 2} [x]");
    check("^:a ^:b x", "^{:b true, :a true} x");
    check("^{:a 1} ^{:a 2} x", "^{:a 1} x");
    check("#^:a x", "^{:a true} x");
    check(
        "(defn ^:private f [^long x] x)",
        "(defn ^{:private true} f [^{:tag long} x] x)",
    );
    check("^:m '(1)", "^{:m true} (quote (1))");
    check("^:m #{1} ^:m {}", "^{:m true} #{1} ^{:m true} {}");
    // Display without the alternate flag leaves metadata out, like `pr`.
    let forms = read_all("^:a x", "t").unwrap();
    assert_eq!(forms[0].to_string(), "x");
}

#[test]
fn fn_literals() {
    check("#(+ % 1)", "(fn* [p1__N#] (+ p1__N# 1))");
    check("#(+ %1 %2)", "(fn* [p1__N# p2__N#] (+ p1__N# p2__N#))");
    check("#(do %3)", "(fn* [p1__N# p2__N# p3__N#] (do p3__N#))");
    check(
        "#(apply f % %&)",
        "(fn* [p1__N# & rest__N#] (apply f p1__N# rest__N#))",
    );
    check("#(vector %&)", "(fn* [& rest__N#] (vector rest__N#))");
    check("#(do)", "(fn* [] (do))");
    check("#(f [%] {:k %})", "(fn* [p1__N#] (f [p1__N#] {:k p1__N#}))");
    check("#(%)", "(fn* [p1__N#] (p1__N#))");
    check(
        "[#(a %) #(b %)]",
        "[(fn* [p1__N#] (a p1__N#)) (fn* [p1__N#] (b p1__N#))]",
    );
}

#[test]
fn fn_literal_params_are_shared_and_unique() {
    fn items(f: &Form) -> &[Form] {
        match &f.kind {
            FormKind::List(xs) | FormKind::Vector(xs) => xs,
            _ => panic!("not a list: {f}"),
        }
    }
    let forms = read_all("#(+ % %1) #(+ %)", "t").unwrap();
    let first_param = &items(&items(&forms[0])[1])[0];
    let first_body = items(&items(&forms[0])[2]);
    // `%` and `%1` name the same parameter.
    assert_eq!(first_body[1].symbol(), first_param.symbol());
    assert_eq!(first_body[2].symbol(), first_param.symbol());
    // Another literal gets another name.
    let second_param = &items(&items(&forms[1])[1])[0];
    assert_ne!(first_param.symbol(), second_param.symbol());
    let name = first_param.symbol().unwrap();
    assert!(
        name.ns.is_none() && name.name.starts_with("p1__") && name.name.ends_with('#'),
        "{name}"
    );
}

#[test]
fn discard() {
    check("#_x y", "y");
    check("#_ #_ a b c", "c");
    check("[1 #_2 3]", "[1 3]");
    check("(a #_(b c))", "(a)");
    check("#_x", "");
    check("{:a 1 #_:b #_2}", "{:a 1}");
    check("'#_x y", "(quote y)");
}

#[test]
fn reader_conditionals() {
    check("#?(:clj 1 :genera 2)", "2");
    check("#?(:clj 1 :default 3)", "3");
    check("#?(:clj 1 :cljs 2)", "");
    check("[1 #?(:clj 1) 2]", "[1 2]");
    check("#?(:clj 1) 5", "5");
    check("#? (:genera x)", "x");
    check("[1 #?@(:genera [2 3]) 4]", "[1 2 3 4]");
    check("(list #?@(:genera (2 3) :default [4]))", "(list 2 3)");
    check("{:a 1 #?@(:genera [:b 2])}", "{:a 1, :b 2}");
    check("#{#?@(:clj [1] :default [2 3])}", "#{2 3}");
    check("#?(:genera #?(:genera nested))", "nested");
    // The first matching clause in order wins, as in Clojure.
    check("#?(:default 1 :genera 2)", "1");
    // Tagged literals in branches not taken are fine.
    check("#?(:clj #inst \"2020\" :genera 1)", "1");
    check("#?(:genera 1 :clj #uuid \"x\")", "1");
    // A splice after a prefix feeds the prefix first (Clojure's pendingForms).
    check("(a '#?@(:genera [1 2]))", "(a (quote 1) 2)");
    check("[#_ #?@(:genera [1 2]) 3]", "[2 3]");
    check_features("#?(:clj 1 :cljs 2)", &["cljs"], "2");
    check_features("#?(:genera 1 :default 2)", &[], "2");
}

#[test]
fn tagged_literals() {
    // The reader keeps the tag and its form; data readers come later.
    check("#inst \"2020\"", "#inst \"2020\"");
    check(
        "[#uuid \"x\" #my/tag [1 #x 2]]",
        "[#uuid \"x\" #my/tag [1 #x 2]]",
    );
    check("#?(:genera #inst \"x\")", "#inst \"x\"");
    check("#my.Rec{:a 1}", "#my.Rec {:a 1}");
    check("# inst \"2020\"", "#inst \"2020\"");
    let forms = read_all("#a/b #c 1", "t").unwrap();
    let FormKind::Tagged { tag, form } = &forms[0].kind else {
        panic!("not tagged: {:?}", forms[0]);
    };
    assert_eq!(tag.to_string(), "a/b");
    assert!(matches!(&form.kind, FormKind::Tagged { tag, .. } if tag.to_string() == "c"));
    assert_eq!((forms[0].span.start, forms[0].span.end), (0, 9));
}

#[test]
fn namespaced_maps() {
    check("#:a{:b 1 :c/d 2 :_/e 3}", "{:a/b 1, :c/d 2, :e 3}");
    check("#:a{b 1 c/d 2 _/e 3}", "{a/b 1, c/d 2, e 3}");
    check("#:a.b {:c 1}", "{:a.b/c 1}");
    check("#::{:b 1}", "{::b 1}");
    check("#::s{:b 1 ::c 2}", "{::s/b 1, ::c 2}");
    check("#:a{\"s\" 1 2 3}", "{\"s\" 1, 2 3}");
}

#[test]
fn spans_do_not_matter_for_printing() {
    assert_eq!(read_printed("(a\n\n b)").unwrap(), "(a b)");
}

#[test]
fn deep_but_legal_nesting() {
    let depth = genera_reader::MAX_DEPTH;
    let src = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
    let forms = read_all(&src, "t").unwrap();
    assert_eq!(forms.len(), 1);
    let src = format!("{}x", "'".repeat(depth));
    assert!(read_all(&src, "t").is_ok());
}

#[test]
fn big_map_literal_is_fast() {
    // The duplicate-key check must not be quadratic.
    let src: String = (0..100_000).map(|i| format!(":k{i} {i} ")).collect();
    let src = format!("{{{src}}}");
    let forms = read_all(&src, "t").unwrap();
    assert!(matches!(&forms[0].kind, FormKind::Map(xs) if xs.len() == 200_000));
}

#[test]
fn splice_after_a_prefix_at_top_level() {
    check("'#?@(:genera [1 2])", "(quote 1) 2");
}

#[test]
fn a_realistic_file() {
    let src = r#"#!/usr/bin/env genera
(ns app.core
  "Docs."
  (:require [clojure.string :as str]))

(def ^:dynamic *depth* 0)

(defn- greet
  "Says hello."
  [{:keys [name] :or {name "you"}} & more]
  (let [msg (str/join ", " ["hello" name])]
    (println msg #_ debug)
    (map #(* 2 %) [1 2.5 3/4])
    `(~@more ~'x ::k)))
"#;
    check(
        src,
        "(ns app.core \"Docs.\" (:require [clojure.string :as str])) \
         (def ^{:dynamic true} *depth* 0) \
         (defn- greet \"Says hello.\" [{:keys [name], :or {name \"you\"}} & more] \
         (let [msg (str/join \", \" [\"hello\" name])] (println msg) \
         (map (fn* [p1__N#] (* 2 p1__N#)) [1 2.5 3/4]) \
         `((clojure.core/unquote-splicing more) (clojure.core/unquote (quote x)) ::k)))",
    );
}
