//! The Rust functions bound in `clojure.core` (`core_natives`) and
//! `clojure.string` (`string_natives`), and `install`, which `init` runs.
//!
//! Almost every native is a `NativeFnPtr`: arguments borrowed, result
//! owned. The few that walk a seq they are given (`count`, `nth`, `into`,
//! `vec`, `set`, `reverse`, `reduce`, `apply`, `clojure.string/join`) are
//! `NativeFnConsumingPtr`s (`core_consuming_natives`): they take the seq
//! out of the argument slice and walk it releasing each cell, so the
//! caller's frame does not hold the head of a long lazy seq. Each
//! checks its argument count and types and throws Clojure's exceptions
//! ("Wrong number of args (3) passed to: clojure.core/inc", ClassCastException
//! "class java.lang.String cannot be cast to class java.lang.Number") rather
//! than panicking.

use crate::atom;
use crate::callable::{self, NativeFnConsumingPtr, NativeFnPtr};
use crate::coll::{self, dupd};
use crate::equiv;
use crate::error::{self, cast_error, check_arity as ar, check_arity_range as ar_range};
use crate::heap;
use crate::ns;
use crate::num;
use crate::object::{has_tag, tag_of};
use crate::print;
use crate::seq::{self, SeqIter};
use crate::string::{self, make_str};
use crate::tag::Tag;
use crate::value::Value;
use crate::{Res, Thrown};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

// ---------------------------------------------------------------------------
// Helpers

pub(super) fn ar_min(a: &[Value], lo: usize, name: &str) -> Res<()> {
    ar_range(a, lo, usize::MAX, name)
}

pub(super) fn b(x: bool) -> Res {
    Ok(Value::bool(x))
}

pub(super) fn str_arg<'a>(v: Value) -> Res<&'a str> {
    string::as_str(v).ok_or_else(|| cast_error(v, "java.lang.String"))
}

pub(super) fn long_arg(v: Value) -> Res<i64> {
    if let Some(n) = num::as_long(v) {
        return Ok(n);
    }
    if num::is_number(v) {
        return num::to_long(v);
    }
    Err(cast_error(v, "java.lang.Number"))
}

/// Takes argument `i` of a consuming native (owned), leaving nil in its slot.
pub(super) fn take(a: &mut [Value], i: usize) -> Value {
    std::mem::replace(&mut a[i], Value::NIL)
}

pub(super) fn drop_all(vs: &[Value]) {
    for v in vs {
        heap::drop(*v);
    }
}

/// Folds a binary operation over the arguments left to right.
pub(super) fn fold(a: &[Value], f: fn(Value, Value) -> Res) -> Res {
    let mut acc = f(a[0], a[1])?;
    for x in &a[2..] {
        let r = f(acc, *x);
        heap::drop(acc);
        acc = r?;
    }
    Ok(acc)
}

pub(super) fn check_number(v: Value) -> Res {
    if num::is_number(v) {
        Ok(dupd(v))
    } else {
        Err(cast_error(v, "java.lang.Number"))
    }
}

/// Pairwise comparison chain: `(< a b c)`.
pub(super) fn chain(a: &[Value], name: &str, f: fn(Value, Value) -> Res<bool>) -> Res {
    ar_min(a, 1, name)?;
    if a.len() == 1 {
        check_number(a[0]).map(heap::drop)?;
    }
    for w in a.windows(2) {
        if !f(w[0], w[1])? {
            return b(false);
        }
    }
    b(true)
}

mod actors;
mod arrays;
mod casts;
mod cells;
mod chunks;
mod clojure_string;
mod coll_hashes;
mod colls;
mod exceptions;
pub mod interop;
mod io;
mod meta;
mod misc;
mod more;
mod numbers;
mod preds;
mod printing;
mod regexes;
mod sorted;
mod strings;
mod tagged;
#[cfg(test)]
mod tests;
mod transients;
mod types;
mod vars;

// ---------------------------------------------------------------------------
// The tables

/// Every Rust function bound in `clojure.core`.
pub fn core_natives() -> Vec<(&'static str, NativeFnPtr)> {
    let mut v: Vec<(&'static str, NativeFnPtr)> = Vec::new();
    v.extend(numbers::natives());
    v.extend(casts::natives());
    v.extend(preds::natives());
    v.extend(colls::natives());
    v.extend(strings::natives());
    v.extend(printing::natives());
    v.extend(meta::natives());
    v.extend(cells::natives());
    v.extend(vars::natives());
    v.extend(exceptions::natives());
    v.extend(regexes::natives());
    v.extend(misc::natives());
    v.extend(sorted::natives());
    v.extend(types::natives());
    v.extend(arrays::natives());
    v.extend(io::natives());
    v.extend(more::natives());
    v.extend(coll_hashes::natives());
    v.extend(chunks::natives());
    v.extend(tagged::natives());
    v
}

/// The natives bound in `clojure.core` that consume their arguments (they
/// walk a seq argument; see the module doc).
pub fn core_consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    let mut v: Vec<(&'static str, NativeFnConsumingPtr)> = Vec::new();
    v.extend(colls::consuming_natives());
    v.extend(transients::consuming_natives());
    v
}

/// Every Rust function bound in `clojure.string`.
pub fn string_natives() -> Vec<(&'static str, NativeFnPtr)> {
    clojure_string::natives()
}

/// The natives bound in `clojure.string` that consume their arguments.
pub fn string_consuming_natives() -> Vec<(&'static str, NativeFnConsumingPtr)> {
    clojure_string::consuming_natives()
}

/// A native function made at start-up: its namespace, name and immortal
/// object (a word, so the table can be a process-wide static).
struct Made {
    ns: &'static str,
    name: &'static str,
    fun: u64,
}

static MADE: std::sync::OnceLock<Vec<Made>> = std::sync::OnceLock::new();

/// Makes every native function object once (immortal), without binding any
/// var: what a process starting from an image needs, since the image
/// restores the vars and names the natives it refers to.
fn made() -> &'static [Made] {
    MADE.get_or_init(|| {
        let mut out = Vec::new();
        let mut add = |ns: &'static str, name: &'static str, fun: Value| {
            heap::make_immortal(fun);
            out.push(Made {
                ns,
                name,
                fun: fun.0,
            });
        };
        let borrowing = [
            ("clojure.core", core_natives()),
            ("clojure.string", string_natives()),
            (interop::NAMESPACE, interop::natives()),
            (actors::NAMESPACE, actors::natives()),
        ];
        for (ns, natives) in borrowing {
            for (name, f) in natives {
                add(ns, name, callable::make_native_fn(qualify(ns, name), f));
            }
        }
        let consuming = [
            ("clojure.core", core_consuming_natives()),
            ("clojure.string", string_consuming_natives()),
        ];
        for (ns, natives) in consuming {
            for (name, f) in natives {
                add(
                    ns,
                    name,
                    callable::make_native_fn_consuming(qualify(ns, name), f),
                );
            }
        }
        crate::io::standard_streams();
        out
    })
}

/// Every native function made at start-up, by its qualified name
/// ("clojure.core/inc"), for the image loader.
pub fn by_name() -> std::collections::HashMap<&'static str, Value> {
    made()
        .iter()
        .map(|m| (callable::native_fn_name(Value(m.fun)), Value(m.fun)))
        .collect()
}

/// Makes the native function objects and the standard streams, binding no
/// var (see `made`; `crate::init_for_image`).
pub(crate) fn make_all() {
    made();
}

fn qualify(ns_name: &str, name: &str) -> &'static str {
    Box::leak(format!("{ns_name}/{name}").into_boxed_str())
}

fn dynamic_var(name: &str, root: Value) {
    let var = ns::intern("clojure.core", name);
    ns::set_var_dynamic(var, true);
    ns::var_set_root(var, root);
}

/// Creates clojure.core, clojure.string and user (see `crate::init`).
pub(crate) fn install() {
    // Natives were ordered borrowing before consuming per namespace when
    // they were bound one table at a time; a name in both kinds of table
    // would be a bug (`no_native_is_bound_twice`).
    for m in made() {
        let var = ns::intern(m.ns, m.name);
        ns::var_set_root(var, Value(m.fun));
    }
    dynamic_var("*command-line-args*", Value::NIL);
    dynamic_var("*file*", make_str("NO_SOURCE_FILE"));
    dynamic_var("*assert*", Value::TRUE);
    dynamic_var("*print-length*", Value::NIL);
    dynamic_var("*print-level*", Value::NIL);
    dynamic_var("*print-meta*", Value::FALSE);
    dynamic_var("*print-readably*", Value::TRUE);
    dynamic_var("*flush-on-newline*", Value::TRUE);
    dynamic_var("*unchecked-math*", Value::FALSE);
    dynamic_var("*warn-on-reflection*", Value::FALSE);
    // The REPL's result and exception vars exist everywhere, as on the JVM.
    for name in ["*1", "*2", "*3", "*e"] {
        dynamic_var(name, Value::NIL);
    }
    let (out, err, input) = (
        crate::io::standard_stream(0).unwrap_or(Value::NIL),
        crate::io::standard_stream(1).unwrap_or(Value::NIL),
        crate::io::standard_stream(2).unwrap_or(Value::NIL),
    );
    dynamic_var("*out*", out);
    dynamic_var("*err*", err);
    dynamic_var("*in*", input);
    ns::create_ns("user");
    ns::set_current_ns("user");
    ns::refer_all("clojure.core", "user");
}

impl Thrown {
    /// The message of the exception (for tests and diagnostics).
    pub fn message(&self) -> String {
        error::exception_message(self.0).unwrap_or_else(|| error::class_name_of(self.0))
    }
}
