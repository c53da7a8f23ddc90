//! Vars and namespaces.

use super::*;

/// A namespace argument: a namespace object or a symbol naming one.
pub(super) fn ns_arg(v: Value) -> Res<String> {
    if ns::is_namespace(v) {
        return Ok(ns::ns_object_name(v).to_string());
    }
    if string::is_symbol(v) {
        let name = string::full_name(v);
        if ns::find_ns(&name).is_none() {
            return Err(error::throw(
                "Exception",
                &format!("No namespace: {name} found"),
            ));
        }
        return Ok(name);
    }
    Err(cast_error(v, "clojure.lang.Symbol"))
}
pub(super) fn sym_arg(v: Value) -> Res<String> {
    if string::is_symbol(v) {
        Ok(string::full_name(v))
    } else {
        Err(cast_error(v, "clojure.lang.Symbol"))
    }
}
pub(super) fn n_in_ns(a: &[Value]) -> Res {
    ar(a, 1, "in-ns")?;
    let name = sym_arg(a[0])?;
    // As on the JVM, a new namespace is bare: nothing referred (the `ns`
    // macro refers clojure.core; `clojure.core/in-ns` still works).
    let ns_obj = ns::create_ns(&name);
    ns::set_current_ns(&name);
    Ok(ns_obj)
}
pub(super) fn n_find_ns(a: &[Value]) -> Res {
    ar(a, 1, "find-ns")?;
    Ok(ns::find_ns(&sym_arg(a[0])?).unwrap_or(Value::NIL))
}
pub(super) fn n_create_ns(a: &[Value]) -> Res {
    ar(a, 1, "create-ns")?;
    Ok(ns::create_ns(&sym_arg(a[0])?))
}
pub(super) fn n_the_ns(a: &[Value]) -> Res {
    ar(a, 1, "the-ns")?;
    let name = ns_arg(a[0])?;
    Ok(ns::create_ns(&name))
}
pub(super) fn n_ns_name(a: &[Value]) -> Res {
    ar(a, 1, "ns-name")?;
    Ok(string::symbol(None, &ns_arg(a[0])?))
}
pub(super) fn n_all_ns(a: &[Value]) -> Res {
    ar(a, 0, "all-ns")?;
    let items: Vec<Value> = ns::all_ns().iter().map(|n| ns::create_ns(n)).collect();
    Ok(coll::list_from(&items))
}
pub(super) fn resolve_in(current: &str, s: Value) -> Res {
    let name = sym_arg(s)?;
    let (nsn, n) = string::split_name(&name);
    Ok(ns::resolve_var(current, nsn, n).unwrap_or(Value::NIL))
}
pub(super) fn n_resolve(a: &[Value]) -> Res {
    ar(a, 1, "resolve")?;
    resolve_in(&ns::current_ns(), a[0])
}
pub(super) fn n_ns_resolve(a: &[Value]) -> Res {
    ar(a, 2, "ns-resolve")?;
    resolve_in(&ns_arg(a[0])?, a[1])
}
pub(super) fn n_find_var(a: &[Value]) -> Res {
    ar(a, 1, "find-var")?;
    let name = sym_arg(a[0])?;
    match string::split_name(&name) {
        (Some(nsn), n) => Ok(ns::find_var(nsn, n).unwrap_or(Value::NIL)),
        (None, _) => Err(error::illegal_arg("Symbol must be namespace-qualified")),
    }
}
pub(super) fn n_intern(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "intern")?;
    let nsn = ns_arg(a[0])?;
    let name = sym_arg(a[1])?;
    let var = ns::intern(&nsn, &name);
    if let Some(v) = a.get(2) {
        ns::var_set_root(var, dupd(*v));
    }
    Ok(var)
}
pub(super) fn n_alias(a: &[Value]) -> Res {
    ar(a, 2, "alias")?;
    let alias = sym_arg(a[0])?;
    let target = ns_arg(a[1])?;
    ns::add_alias(&ns::current_ns(), &alias, &target);
    Ok(Value::NIL)
}
pub(super) fn n_refer(a: &[Value]) -> Res {
    ar_min(a, 1, "refer")?;
    let from = ns_arg(a[0])?;
    let into = ns::current_ns();
    let mut only: Option<Vec<String>> = None;
    let mut exclude: Vec<String> = Vec::new();
    let names = |v: Value| -> Res<Vec<String>> {
        let items = seq::to_vec(v)?;
        let r = items.iter().map(|x| sym_arg(*x)).collect::<Res<Vec<_>>>();
        drop_all(&items);
        r
    };
    for kv in a[1..].chunks(2) {
        let key = if string::is_keyword(kv[0]) {
            string::name_parts(kv[0]).1
        } else {
            ""
        };
        let val = kv.get(1).copied().unwrap_or(Value::NIL);
        match key {
            "only" => only = Some(names(val)?),
            "exclude" => exclude = names(val)?,
            _ => {}
        }
    }
    match only {
        Some(list) => {
            for n in list {
                ns::refer(&from, &n, &into)?;
            }
        }
        None if exclude.is_empty() => ns::refer_all(&from, &into),
        None => {
            for (n, _) in ns::ns_publics(&from) {
                if !exclude.contains(&n) {
                    ns::refer(&from, &n, &into)?;
                }
            }
        }
    }
    Ok(Value::NIL)
}
pub(super) fn var_arg(v: Value) -> Res<Value> {
    if ns::is_var(v) {
        Ok(v)
    } else {
        Err(cast_error(v, "clojure.lang.Var"))
    }
}
pub(super) fn n_var_get(a: &[Value]) -> Res {
    ar(a, 1, "var-get")?;
    ns::var_get(var_arg(a[0])?)
}
pub(super) fn n_var_set(a: &[Value]) -> Res {
    ar(a, 2, "var-set")?;
    ns::var_set_binding(var_arg(a[0])?, dupd(a[1]))?;
    Ok(dupd(a[1]))
}
pub(super) fn n_alter_var_root(a: &[Value]) -> Res {
    ar_min(a, 2, "alter-var-root")?;
    let var = var_arg(a[0])?;
    let root = ns::var_root(var);
    let cur = if root == Value::UNBOUND {
        Value::NIL
    } else {
        dupd(root)
    };
    let mut args = vec![cur];
    args.extend_from_slice(&a[2..]);
    let r = callable::invoke(a[1], &args);
    heap::drop(cur);
    let v = r?;
    ns::var_set_root(var, dupd(v));
    Ok(v)
}
pub(super) fn n_push_bindings(a: &[Value]) -> Res {
    ar(a, 1, "push-thread-bindings")?;
    ns::push_thread_bindings(a[0])?;
    Ok(Value::NIL)
}
pub(super) fn n_pop_bindings(a: &[Value]) -> Res {
    ar(a, 0, "pop-thread-bindings")?;
    ns::pop_thread_bindings()?;
    Ok(Value::NIL)
}
pub(super) fn n_bound(a: &[Value]) -> Res {
    for v in a {
        if !ns::var_is_bound(var_arg(*v)?) {
            return b(false);
        }
    }
    b(true)
}
pub(super) fn var_map(entries: Vec<(String, Value)>) -> Res {
    let mut kvs = Vec::with_capacity(entries.len() * 2);
    for (n, v) in entries {
        kvs.push(string::symbol(None, &n));
        kvs.push(v);
    }
    coll::map_from_kvs(&kvs)
}
pub(super) fn n_ns_publics(a: &[Value]) -> Res {
    ar(a, 1, "ns-publics")?;
    var_map(ns::ns_publics(&ns_arg(a[0])?))
}
pub(super) fn n_ns_interns(a: &[Value]) -> Res {
    ar(a, 1, "ns-interns")?;
    var_map(ns::ns_interns(&ns_arg(a[0])?))
}
pub(super) fn n_ns_map(a: &[Value]) -> Res {
    ar(a, 1, "ns-map")?;
    var_map(ns::ns_mappings(&ns_arg(a[0])?))
}
pub(super) fn n_ns_refers(a: &[Value]) -> Res {
    ar(a, 1, "ns-refers")?;
    let name = ns_arg(a[0])?;
    let own: Vec<String> = ns::ns_interns(&name).into_iter().map(|(n, _)| n).collect();
    var_map(
        ns::ns_mappings(&name)
            .into_iter()
            .filter(|(n, _)| !own.contains(n))
            .collect(),
    )
}
pub(super) fn n_ns_aliases(a: &[Value]) -> Res {
    ar(a, 1, "ns-aliases")?;
    let mut kvs = Vec::new();
    for (al, t) in ns::aliases(&ns_arg(a[0])?) {
        kvs.push(string::symbol(None, &al));
        kvs.push(ns::create_ns(&t));
    }
    coll::map_from_kvs(&kvs)
}
pub(super) fn n_ns_unmap(a: &[Value]) -> Res {
    ar(a, 2, "ns-unmap")?;
    ns::unmap(&ns_arg(a[0])?, &sym_arg(a[1])?);
    Ok(Value::NIL)
}

pub(super) fn n_ns_unalias(a: &[Value]) -> Res {
    ar(a, 2, "ns-unalias")?;
    ns::remove_alias(&ns_arg(a[0])?, &sym_arg(a[1])?);
    Ok(Value::NIL)
}

/// `(remove-ns sym)`: the namespace removed, or nil if there was none.
pub(super) fn n_remove_ns(a: &[Value]) -> Res {
    ar(a, 1, "remove-ns")?;
    let name = sym_arg(a[0])?;
    if name == "clojure.core" {
        return Err(error::illegal_arg("Cannot remove clojure namespace"));
    }
    let found = ns::find_ns(&name);
    ns::remove_ns(&name);
    Ok(found.unwrap_or(Value::NIL))
}

/// `(find-keyword name)`, `(find-keyword ns name)`: the keyword if it has
/// been interned, else nil; never interns one.
pub(super) fn n_find_keyword(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "find-keyword")?;
    let found = if a.len() == 2 {
        let ns = string::as_str(a[0]).ok_or_else(|| cast_error(a[0], "java.lang.String"))?;
        string::find_keyword(Some(ns), str_arg(a[1])?)
    } else if string::is_keyword(a[0]) {
        Some(a[0])
    } else if string::is_symbol(a[0]) {
        let (ns, name) = string::name_parts(a[0]);
        string::find_keyword(ns, name)
    } else if let Some(s) = string::as_str(a[0]) {
        let (ns, name) = string::split_name(s);
        string::find_keyword(ns, name)
    } else {
        None
    };
    Ok(found.unwrap_or(Value::NIL))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("in-ns", n_in_ns),
        ("find-ns", n_find_ns),
        ("create-ns", n_create_ns),
        ("the-ns", n_the_ns),
        ("ns-name", n_ns_name),
        ("all-ns", n_all_ns),
        ("resolve", n_resolve),
        ("ns-resolve", n_ns_resolve),
        ("find-var", n_find_var),
        ("intern", n_intern),
        ("alias", n_alias),
        ("refer", n_refer),
        ("var-get", n_var_get),
        ("var-set", n_var_set),
        ("alter-var-root", n_alter_var_root),
        ("push-thread-bindings", n_push_bindings),
        ("pop-thread-bindings", n_pop_bindings),
        ("bound?", n_bound),
        ("ns-publics", n_ns_publics),
        ("ns-interns", n_ns_interns),
        ("ns-map", n_ns_map),
        ("ns-refers", n_ns_refers),
        ("ns-aliases", n_ns_aliases),
        ("ns-unmap", n_ns_unmap),
        ("ns-unalias", n_ns_unalias),
        ("remove-ns", n_remove_ns),
        ("find-keyword", n_find_keyword),
    ]
}
