//! `--check-leaks` end to end: after `init`, some work that stores values in
//! vars and dynamic bindings, and `release_all_roots`, no object is left.
//! (Its own test binary: `release_all_roots` unbinds every var, which would
//! break tests running beside it.)

use genera_runtime::{callable, coll, heap, natives, ns, print, string, Value};

fn call(name: &str, args: &[Value]) -> Value {
    let var = ns::find_var("clojure.core", name).expect("native exists");
    let f = ns::var_get(var).unwrap();
    let r = callable::invoke(f, args).unwrap();
    heap::drop(f);
    r
}

#[test]
fn release_all_roots_leaves_nothing() {
    genera_runtime::init();
    assert!(natives::core_natives().len() > 200);
    assert_eq!(ns::current_ns(), "user");
    let v = ns::intern("user", "data");
    let big = call("range", &[Value::fixnum(100)]);
    let vec = call("vec", &[big]);
    heap::drop(big);
    let m = coll::make_map(&[
        string::keyword(None, "v"),
        vec,
        string::make_str("k"),
        string::make_str("v"),
    ])
    .unwrap();
    ns::var_set_root(v, m);
    let a = call("atom", &[Value::fixnum(0)]);
    ns::var_set_root(ns::intern("user", "counter"), a);
    let d = ns::intern("user", "*dyn*");
    ns::set_var_dynamic(d, true);
    ns::var_set_root(d, string::make_str("root"));
    let bindings = coll::make_map(&[d, string::make_str("bound")]).unwrap();
    ns::push_thread_bindings(bindings).unwrap();
    heap::drop(bindings);
    let x = ns::var_get(d).unwrap();
    assert_eq!(print::pr_str(x), "\"bound\"");
    heap::drop(x);
    // The REPL's vars, as the CLI makes them.
    for name in ["*1", "*2", "*3"] {
        ns::var_set_root(ns::intern("clojure.core", name), string::make_str(name));
    }
    assert!(heap::leaked_objects() > 0);
    ns::release_all_roots();
    assert_eq!(heap::leaked_objects(), 0);
}
