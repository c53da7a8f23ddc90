//! The analyzer's view of the running system: namespaces, vars and macros,
//! answered from the runtime's namespace table.

use genera_analyzer::Env;
use genera_reader::{Form, Name};
use genera_runtime::{callable, coll, constant, heap, ns, seq, string, Value};

/// Stateless: everything lives in the runtime's namespaces.
pub struct RuntimeEnv;

impl Env for RuntimeEnv {
    fn current_ns(&self) -> String {
        ns::current_ns()
    }

    fn resolve_var(&self, sym: &Name) -> Option<Name> {
        ns::resolve(&ns::current_ns(), sym).map(|(ns, name)| Name { ns: Some(ns), name })
    }

    fn resolve_alias(&self, alias: &str) -> Option<String> {
        ns::resolve_alias(&ns::current_ns(), alias)
    }

    fn is_macro(&self, var: &Name) -> bool {
        find_var(var).is_some_and(ns::var_is_macro)
    }

    fn intern(&mut self, name: &str) -> Result<Name, String> {
        let current = ns::current_ns();
        ns::intern(&current, name);
        Ok(Name {
            ns: Some(current),
            name: name.to_string(),
        })
    }

    fn expand_macro(&mut self, var: &Name, form: &Form, locals: &[String]) -> Result<Form, String> {
        let var_obj = find_var(var).ok_or_else(|| format!("no such var: {var}"))?;
        let f = ns::var_get(var_obj).map_err(|t| thrown_message(t.0))?;
        let args = macro_args(form, locals_env(locals))?;
        let result = callable::invoke(f, &args);
        heap::drop(f);
        for a in args {
            heap::drop(a);
        }
        let expansion = result.map_err(|t| thrown_message(t.0))?;
        let form = constant::value_to_form(expansion, &form.span);
        heap::drop(expansion);
        form
    }

    fn expand_inline(&mut self, var: &Name, form: &Form) -> Result<Option<Form>, String> {
        let Some(var_obj) = find_var(var).filter(|v| ns::var_is_inline(*v)) else {
            return Ok(None);
        };
        let genera_reader::FormKind::List(items) = &form.kind else {
            return Ok(None);
        };
        let meta = ns::var_meta(var_obj);
        let lookup = |k: &str| coll::lookup(meta, string::keyword(None, k));
        let inline = lookup("inline").map_err(|t| thrown_message(t.0))?;
        let Some(inline) = inline.filter(|f| !f.is_nil()) else {
            return Ok(None);
        };
        let admits = lookup("inline-arities").and_then(|arities| match arities {
            Some(a) if !a.is_nil() => {
                let n = Value::fixnum(items.len() as i64 - 1);
                let r = callable::invoke(a, &[n]);
                heap::drop(a);
                r.map(|v| {
                    let ok = v.truthy();
                    heap::drop(v);
                    ok
                })
            }
            _ => Ok(true),
        });
        let admits = match admits {
            Ok(ok) => ok,
            Err(t) => {
                heap::drop(inline);
                return Err(thrown_message(t.0));
            }
        };
        if !admits {
            heap::drop(inline);
            return Ok(None);
        }
        let mut args = macro_args(form, Value::NIL)?;
        // An inline expander takes the argument forms only, not &form/&env.
        for v in args.drain(..2) {
            heap::drop(v);
        }
        let result = callable::invoke(inline, &args);
        heap::drop(inline);
        for a in args {
            heap::drop(a);
        }
        let expansion = result.map_err(|t| thrown_message(t.0))?;
        let form = constant::value_to_form(expansion, &form.span);
        heap::drop(expansion);
        form.map(Some)
    }
}

fn find_var(var: &Name) -> Option<Value> {
    ns::find_var(var.ns.as_deref()?, &var.name)
}

/// The arguments of a macro call `(m a b c)` (owned): `&form`, `&env`
/// (`env`, owned), then `a b c`. The form is converted to a value once and
/// the arguments are its items, so they are the very objects `&form` holds
/// (as in Clojure) and every nested form is converted only once.
fn macro_args(form: &Form, env: Value) -> Result<Vec<Value>, String> {
    let whole = constant::form_to_value(form);
    let mut args = vec![whole, env];
    if !matches!(&form.kind, genera_reader::FormKind::List(items) if !items.is_empty()) {
        return Ok(args);
    }
    let items = seq::SeqIter::new(whole).and_then(|mut it| {
        if let Some(head) = it.next_item()? {
            heap::drop(head);
        }
        while let Some(x) = it.next_item()? {
            args.push(x);
        }
        Ok(())
    });
    if let Err(t) = items {
        for a in args {
            heap::drop(a);
        }
        return Err(thrown_message(t.0));
    }
    Ok(args)
}

/// `&env`: a map from each local's symbol to nil, as close as we get to
/// Clojure's map of symbols to LocalBindings. Built from the names directly
/// (in sorted order, each once) rather than through forms.
fn locals_env(locals: &[String]) -> Value {
    let unique: std::collections::BTreeSet<&String> = locals.iter().collect();
    let kvs: Vec<Value> = unique
        .into_iter()
        .flat_map(|l| [string::symbol(None, l), Value::NIL])
        .collect();
    coll::map_from_kvs(&kvs).unwrap_or_else(|e| {
        heap::drop(e.0);
        coll::empty_map()
    })
}

thread_local! {
    /// Set when a macro's expansion was stopped by an interrupt (Ctrl-C,
    /// nREPL's `interrupt`): the analyzer sees only an error message, and
    /// the session turns it back into the interrupt (`take_interrupted`).
    static EXPANSION_INTERRUPTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True (once) if the last failed macro expansion was interrupted.
pub(crate) fn take_interrupted() -> bool {
    EXPANSION_INTERRUPTED.with(|f| f.replace(false))
}

/// The message of an exception thrown while expanding a macro (consumes it).
fn thrown_message(exn: Value) -> String {
    if genera_runtime::interrupt::is_interrupted(exn) {
        EXPANSION_INTERRUPTED.with(|f| f.set(true));
    }
    let text = genera_runtime::error::exception_message(exn)
        .unwrap_or_else(|| genera_runtime::print::pr_str(exn));
    heap::drop(exn);
    text
}
