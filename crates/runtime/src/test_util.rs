//! Helpers for the runtime's unit tests.

use crate::heap;
use crate::value::Value;

/// Runs `f` and asserts that it leaves no object behind: the live count,
/// less objects made immortal meanwhile (interned keywords ...), is back
/// where it started.
pub fn check_leaks<R>(f: impl FnOnce() -> R) -> R {
    let before = heap::leaked_objects();
    let r = f();
    let after = heap::leaked_objects();
    assert_eq!(after, before, "the test leaked {} objects", after - before);
    r
}

pub fn kw(name: &str) -> Value {
    crate::string::keyword_from(name)
}

/// Reads one form with the real reader and makes it a value (owned).
pub fn read(src: &str) -> Value {
    let forms = genera_reader::read_all(src, "test.clj").expect("test source reads");
    crate::constant::form_to_value(&forms[0])
}

/// `pr-str` of a value (borrowed).
pub fn pr(v: Value) -> String {
    crate::print::pr_str_res(v).expect("printing does not throw")
}
