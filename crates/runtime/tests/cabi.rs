//! The generated C header compiles, and its layout constants agree with the
//! runtime's (static asserts written from the Rust values, so a drift in
//! either fails here).

use genera_runtime::cabi::{c_header, TAIL, THROWN};
use genera_runtime::object::{HEADER_SIZE, OFFSET_RC, OFFSET_TAG};
use genera_runtime::tag::Tag;
use genera_runtime::Value;
use std::process::Command;

#[test]
fn header_compiles_and_matches_layout() {
    let dir = std::env::temp_dir().join(format!("genera-cabi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("genera.h"), c_header()).unwrap();
    let checks = format!(
        "#include \"genera.h\"\n\
         _Static_assert(sizeof(gv) == 8, \"value word\");\n\
         _Static_assert(GV_NIL == {nil}ull, \"nil\");\n\
         _Static_assert(GV_TRUE == {t}ull, \"true\");\n\
         _Static_assert(GV_FALSE == {f}ull, \"false\");\n\
         _Static_assert(GV_NONE == {none}ull, \"none\");\n\
         _Static_assert(GV_THROWN == {thrown}ull && GV_TAIL == {tail}ull, \"sentinels\");\n\
         _Static_assert((GV_THROWN & 7) == 2 && (GV_TAIL & 7) == 2, \"sentinels are immediates\");\n\
         _Static_assert(GENERA_HEADER_SIZE == {hs} && GENERA_OFFSET_RC == {rc} && GENERA_OFFSET_TAG == {tag}, \"header\");\n\
         _Static_assert(GENERA_TAG_CLOSURE == {closure} && GENERA_TAG_CODE == {code}, \"tags\");\n\
         _Static_assert(sizeof(genera_arity_desc) == 16 && sizeof(genera_lambda_desc) == 32, \"descriptors\");\n\
         gv f(gv a, gv b) {{ return genera_add(genera_mul(a, b), genera_inc(b)); }}\n",
        nil = Value::NIL.0,
        t = Value::TRUE.0,
        f = Value::FALSE.0,
        none = Value::NONE.0,
        thrown = THROWN.0,
        tail = TAIL.0,
        hs = HEADER_SIZE,
        rc = OFFSET_RC,
        tag = OFFSET_TAG,
        closure = Tag::Closure as u16,
        code = Tag::Code as u16,
    );
    std::fs::write(dir.join("check.c"), checks).unwrap();
    let out = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .current_dir(&dir)
        .args([
            "-std=c11", "-Wall", "-Werror", "-c", "check.c", "-o", "check.o",
        ])
        .output()
        .expect("a C compiler (cc) is needed for this test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
