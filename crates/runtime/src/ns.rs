//! Namespaces and vars.
//!
//! ```text
//! Var        header | root | meta | info: *const VarInfo (raw) | flags (raw)
//! Namespace  header | name: *const String (raw)
//! ```
//! Vars and namespaces live for the whole run. A var's header is immortal
//! (`heap::make_immortal_shallow`), but its root and meta are counted
//! references, released by `release_all_roots` at exit so `--check-leaks`
//! sees only what the program itself leaked. Namespace objects are immortal.
//!
//! The registry (namespace name → its mappings and aliases) is a global
//! table behind a mutex; it holds vars and namespaces by their (immortal)
//! words. Mappings include the namespace's own vars and the vars it refers
//! from other namespaces; a var's own namespace is in its `VarInfo`.
//!
//! Dynamic bindings are thread-local: a stack of frames, each the full set
//! of bindings in effect (as Clojure's `Frame`), pushed by
//! `push-thread-bindings` and popped by `pop-thread-bindings`. `var_get`
//! looks at the top frame first when the var is dynamic.
//!
//! `*ns*` is a dynamic var in clojure.core whose value is the current
//! namespace object; `set_current_ns` sets its binding when it has one, else
//! its root, so `current_ns` and `*ns*` never disagree.

use crate::coll::{self, dupd};
use crate::error;
use crate::heap;
use crate::object::{alloc_fields, field, has_tag, raw, replace_field, set_raw};
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use genera_reader::Name;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;

pub const VAR_MACRO: u64 = 1;
pub const VAR_DYNAMIC: u64 = 2;
pub const VAR_PRIVATE: u64 = 4;
/// The var's meta has `:inline`: the analyzer expands calls through it
/// (Clojure's `:inline`/`:inline-arities`, as `definline` and record
/// factories set them).
pub const VAR_INLINE: u64 = 8;

struct VarInfo {
    ns: String,
    name: String,
}

struct NsData {
    obj: u64,
    mappings: BTreeMap<String, u64>,
    aliases: BTreeMap<String, String>,
}

static REGISTRY: Mutex<BTreeMap<String, NsData>> = Mutex::new(BTreeMap::new());

fn registry() -> std::sync::MutexGuard<'static, BTreeMap<String, NsData>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    /// Binding frames, innermost last; each is the full set of bindings.
    static BINDINGS: RefCell<Vec<Vec<(u64, Value)>>> = const { RefCell::new(Vec::new()) };
}

// ---------------------------------------------------------------------------
// Namespaces

fn make_ns_object(name: &str) -> Value {
    let v = alloc_fields(Tag::Namespace, &[], 1);
    set_raw(v, 0, Box::into_raw(Box::new(name.to_string())) as u64);
    heap::make_immortal(v);
    v
}

fn ensure_ns<'a>(reg: &'a mut BTreeMap<String, NsData>, name: &str) -> &'a mut NsData {
    reg.entry(name.to_string()).or_insert_with(|| NsData {
        obj: make_ns_object(name).0,
        mappings: BTreeMap::new(),
        aliases: BTreeMap::new(),
    })
}

/// The namespace object named `name`, created if needed (`create-ns`).
pub fn create_ns(name: &str) -> Value {
    Value(ensure_ns(&mut registry(), name).obj)
}

/// The namespace object named `name`, if it exists (`find-ns`).
pub fn find_ns(name: &str) -> Option<Value> {
    registry().get(name).map(|d| Value(d.obj))
}

/// The name of a namespace object.
pub fn ns_object_name<'a>(ns: Value) -> &'a str {
    debug_assert!(has_tag(ns, Tag::Namespace));
    // SAFETY: word 0 of a Namespace is a leaked Box<String> (namespaces are
    // immortal and never finalized).
    unsafe { &*(raw(ns, 0) as *const String) }
}

pub fn is_namespace(v: Value) -> bool {
    has_tag(v, Tag::Namespace)
}

/// Every namespace name, sorted.
pub fn all_ns() -> Vec<String> {
    registry().keys().cloned().collect()
}

// ---------------------------------------------------------------------------
// Vars

fn make_var(ns: &str, name: &str) -> Value {
    let v = alloc_fields(Tag::Var, &[Value::UNBOUND, Value::NIL], 2);
    let info = Box::new(VarInfo {
        ns: ns.to_string(),
        name: name.to_string(),
    });
    set_raw(v, 2, Box::into_raw(info) as u64);
    set_raw(v, 3, 0);
    heap::make_immortal_shallow(v);
    v
}

fn var_info<'a>(var: Value) -> &'a VarInfo {
    debug_assert!(has_tag(var, Tag::Var));
    // SAFETY: word 2 of a Var is a leaked Box<VarInfo>; vars are immortal.
    unsafe { &*(raw(var, 2) as *const VarInfo) }
}

pub fn is_var(v: Value) -> bool {
    has_tag(v, Tag::Var)
}

/// The var `ns/name`, interned (created unbound) if needed; the namespace
/// is created too. A mapping of `name` referred from another namespace is
/// replaced, with Clojure's warning on stderr.
pub fn intern(ns: &str, name: &str) -> Value {
    let mut reg = registry();
    let data = ensure_ns(&mut reg, ns);
    if let Some(w) = data.mappings.get(name) {
        let v = Value(*w);
        if var_info(v).ns == ns {
            return v;
        }
        if ns != "clojure.core" {
            eprintln!(
                "WARNING: {name} already refers to: #'{}/{name} in namespace: {ns}, being replaced by: #'{ns}/{name}",
                var_info(v).ns
            );
        }
    }
    let v = make_var(ns, name);
    data.mappings.insert(name.to_string(), v.0);
    v
}

/// The var `name` interned in `ns` (not a referred one), if any.
pub fn find_var(ns: &str, name: &str) -> Option<Value> {
    let reg = registry();
    let w = *reg.get(ns)?.mappings.get(name)?;
    (var_info(Value(w)).ns == ns).then_some(Value(w))
}

/// The namespace and name of a var.
pub fn var_name(var: Value) -> (String, String) {
    let i = var_info(var);
    (i.ns.clone(), i.name.clone())
}

pub fn var_flags(var: Value) -> u64 {
    raw(var, 3)
}

fn set_var_flags(var: Value, f: u64) {
    set_raw(var, 3, f)
}

pub fn var_is_macro(var: Value) -> bool {
    var_flags(var) & VAR_MACRO != 0
}

pub fn var_is_dynamic(var: Value) -> bool {
    var_flags(var) & VAR_DYNAMIC != 0
}

pub fn var_is_private(var: Value) -> bool {
    var_flags(var) & VAR_PRIVATE != 0
}

pub fn set_var_dynamic(var: Value, on: bool) {
    let f = var_flags(var);
    set_var_flags(
        var,
        if on {
            f | VAR_DYNAMIC
        } else {
            f & !VAR_DYNAMIC
        },
    );
}

pub fn set_var_macro(var: Value, on: bool) {
    let f = var_flags(var);
    set_var_flags(var, if on { f | VAR_MACRO } else { f & !VAR_MACRO });
}

/// True if the var's meta has an `:inline` expander.
pub fn var_is_inline(var: Value) -> bool {
    var_flags(var) & VAR_INLINE != 0
}

/// The var's meta map (borrowed; nil when it has none).
pub fn var_meta(var: Value) -> Value {
    field(var, 1)
}

/// The var's root (borrowed; `Value::UNBOUND` when unbound).
pub fn var_root(var: Value) -> Value {
    field(var, 0)
}

/// True if the var has a root or a thread binding (`bound?`).
pub fn var_is_bound(var: Value) -> bool {
    !var_root(var).eq(&Value::UNBOUND) || thread_binding(var).is_some()
}

fn thread_binding(var: Value) -> Option<Value> {
    BINDINGS.with(|b| {
        let b = b.borrow();
        let frame = b.last()?;
        frame
            .iter()
            .rev()
            .find(|(v, _)| *v == var.0)
            .map(|(_, x)| *x)
    })
}

/// The value of a var: its thread binding, else its root (owned).
pub fn var_get(var: Value) -> Res {
    if var_is_dynamic(var) {
        if let Some(x) = thread_binding(var) {
            return Ok(dupd(x));
        }
    }
    let root = field(var, 0);
    if root == Value::UNBOUND {
        let (ns, name) = var_name(var);
        return Err(error::illegal_state(&format!(
            "Unbound var: #'{ns}/{name} is declared but has no value yet"
        )));
    }
    Ok(dupd(root))
}

/// The value as `var_get`, for a var that may be unbound (`None`).
pub fn var_get_opt(var: Value) -> Option<Value> {
    if var_is_dynamic(var) {
        if let Some(x) = thread_binding(var) {
            return Some(dupd(x));
        }
    }
    let root = field(var, 0);
    (root != Value::UNBOUND).then(|| dupd(root))
}

/// Sets the root of a var (`def`): `v` owned.
///
/// A replaced closure may still be running: a tier may call a var's closure
/// borrowed from the root (no count for the call, see `begin_root_borrows`),
/// so while any such run is active, replaced closures are retired rather
/// than dropped, and released when the last run ends.
pub fn var_set_root(var: Value, v: Value) {
    let old = field(var, 0);
    crate::object::set_field(var, 0, v);
    retire_root(old);
}

thread_local! {
    /// Runs on this thread that may hold closures borrowed from var roots,
    /// and the closures replaced meanwhile (value words, owned).
    ///
    /// Per thread, as reference counts are: genera code runs on one thread
    /// at a time (the nREPL evaluates on one thread too), and a closure
    /// another thread could be running would have to be shared first. When
    /// objects are shared between threads (the header's shared rc band),
    /// replacing a shared closure must retire it process-wide instead.
    static ROOT_BORROWS: RefCell<(usize, Vec<u64>)> = const { RefCell::new((0, Vec::new())) };
}

/// Drops `old` (owned), the previous root of a var, or retires it if it is a
/// closure that a borrowing run may be executing.
fn retire_root(old: Value) {
    if crate::object::tag_of(old) == Some(Tag::Closure) {
        let kept = ROOT_BORROWS.with(|b| {
            let mut b = b.borrow_mut();
            if b.0 > 0 {
                b.1.push(old.0);
                true
            } else {
                false
            }
        });
        if kept {
            return;
        }
    }
    heap::drop(old);
}

/// A tier starts a run that may call closures borrowed from var roots
/// without counting them (the root keeps them alive; a replaced root is
/// retired until `end_root_borrows`). Pairs with `end_root_borrows`.
pub fn begin_root_borrows() {
    ROOT_BORROWS.with(|b| b.borrow_mut().0 += 1);
}

/// Ends a run begun with `begin_root_borrows`; the last one to end
/// releases the closures retired meanwhile.
pub fn end_root_borrows() {
    let retired = ROOT_BORROWS.with(|b| {
        let mut b = b.borrow_mut();
        b.0 -= 1;
        if b.0 > 0 {
            Vec::new()
        } else {
            std::mem::take(&mut b.1)
        }
    });
    // Dropping may free closures whose captures hold more closures: all
    // after the borrow is released (freeing never calls back here).
    for w in retired {
        heap::drop(Value(w));
    }
}

/// Sets the meta of a var (owned), and its macro/dynamic/private flags from
/// `:macro`, `:dynamic`, `:private`.
pub fn var_set_meta(var: Value, m: Value) {
    let flag = |k: &str| -> bool {
        if !coll::is_map(m) {
            return false;
        }
        match coll::map_lookup(m, string::keyword(None, k)) {
            Ok(Some(v)) => v.truthy(),
            Ok(None) => false,
            Err(e) => {
                heap::drop(e.0);
                false
            }
        }
    };
    let mut f = 0;
    if flag("macro") {
        f |= VAR_MACRO;
    }
    if flag("dynamic") {
        f |= VAR_DYNAMIC;
    }
    if flag("private") {
        f |= VAR_PRIVATE;
    }
    if flag("inline") {
        f |= VAR_INLINE;
    }
    // `*ns*`-style vars created dynamic by the runtime stay dynamic.
    f |= var_flags(var) & VAR_DYNAMIC;
    set_var_flags(var, f);
    replace_field(var, 1, m);
}

/// `(set! var v)`: sets the innermost thread binding (`v` owned).
pub fn var_set_binding(var: Value, v: Value) -> Res<()> {
    let done = BINDINGS.with(|b| {
        let mut b = b.borrow_mut();
        let frame = b.last_mut()?;
        let slot = frame.iter_mut().rev().find(|(x, _)| *x == var.0)?;
        let old = std::mem::replace(&mut slot.1, v);
        Some(old)
    });
    match done {
        Some(old) => {
            heap::drop(old);
            Ok(())
        }
        None => {
            heap::drop(v);
            let (ns, name) = var_name(var);
            Err(error::illegal_state(&format!(
                "Can't change/establish root binding of: #'{ns}/{name} with set"
            )))
        }
    }
}

/// `(push-thread-bindings {var value ...})`: `bindings` borrowed.
pub fn push_thread_bindings(bindings: Value) -> Res<()> {
    if !bindings.is_nil() && !coll::is_map(bindings) {
        return Err(error::cast_error(bindings, "clojure.lang.Associative"));
    }
    let kvs: Vec<Value> = if bindings.is_nil() {
        Vec::new()
    } else {
        coll::map_kvs(bindings)
    };
    for kv in kvs.chunks(2) {
        if !is_var(kv[0]) {
            return Err(error::cast_error(kv[0], "clojure.lang.Var"));
        }
        if !var_is_dynamic(kv[0]) {
            let (ns, name) = var_name(kv[0]);
            return Err(error::illegal_state(&format!(
                "Can't dynamically bind non-dynamic var: {ns}/{name}"
            )));
        }
    }
    let pairs: Vec<(Value, Value)> = kvs.chunks(2).map(|kv| (kv[0], kv[1])).collect();
    push_frame(&pairs);
    Ok(())
}

/// Pushes a binding frame: the innermost frame's bindings, with each
/// `(var, value)` of `bindings` (borrowed) set over them.
fn push_frame(bindings: &[(Value, Value)]) {
    BINDINGS.with(|b| {
        let mut b = b.borrow_mut();
        let mut frame: Vec<(u64, Value)> = match b.last() {
            Some(f) => f.iter().map(|(v, x)| (*v, dupd(*x))).collect(),
            None => Vec::new(),
        };
        for &(var, value) in bindings {
            let x = dupd(value);
            match frame.iter_mut().find(|(v, _)| *v == var.0) {
                Some(slot) => heap::drop(std::mem::replace(&mut slot.1, x)),
                None => frame.push((var.0, x)),
            }
        }
        b.push(frame);
    });
}

/// The vars `clojure.core` binds to their own values around loading a
/// file (Clojure's `Compiler.load` binds `*warn-on-reflection*`,
/// `*unchecked-math*` and `*data-readers*`; `clojure.main` binds the
/// printing and reader vars around a script), so a file may `set!` them.
const LOAD_VARS: &[&str] = &[
    "*warn-on-reflection*",
    "*unchecked-math*",
    "*data-readers*",
    "*default-data-reader-fn*",
    "*print-length*",
    "*print-level*",
    "*print-meta*",
    "*print-namespace-maps*",
    "*math-context*",
    "*assert*",
];

/// Pushes a frame binding each of `LOAD_VARS` to its current value; the
/// caller pops it (`pop_thread_bindings`) when the load ends, however it
/// ends.
pub fn push_load_bindings() {
    // Each var bound to its current value (a binding already in force, or
    // the root).
    let pairs: Vec<(Value, Value)> = LOAD_VARS
        .iter()
        .filter_map(|name| find_var("clojure.core", name).filter(|&v| var_is_dynamic(v)))
        .filter_map(|var| var_get_opt(var).map(|x| (var, x)))
        .collect();
    push_frame(&pairs);
    for (_, x) in pairs {
        heap::drop(x);
    }
}

/// `(pop-thread-bindings)`.
pub fn pop_thread_bindings() -> Res<()> {
    let frame = BINDINGS.with(|b| b.borrow_mut().pop());
    match frame {
        Some(f) => {
            for (_, x) in f {
                heap::drop(x);
            }
            Ok(())
        }
        None => Err(error::illegal_state("Pop without matching push")),
    }
}

/// The innermost frame of thread bindings as (var, value) pairs, values
/// owned (`get-thread-bindings`, `bound-fn`).
pub fn thread_bindings() -> Vec<(Value, Value)> {
    BINDINGS.with(|b| {
        b.borrow()
            .last()
            .map(|f| f.iter().map(|(v, x)| (Value(*v), dupd(*x))).collect())
            .unwrap_or_default()
    })
}

/// The number of binding frames (for restoring after an exception).
pub fn binding_depth() -> usize {
    BINDINGS.with(|b| b.borrow().len())
}

/// Pops binding frames until `depth` remain.
pub fn unwind_bindings_to(depth: usize) {
    while binding_depth() > depth {
        let _ = pop_thread_bindings();
    }
}

// ---------------------------------------------------------------------------
// The current namespace

fn ns_var() -> Value {
    let v = intern("clojure.core", "*ns*");
    set_var_dynamic(v, true);
    v
}

/// The name of the current namespace (the value of `*ns*`).
pub fn current_ns() -> String {
    match var_get_opt(ns_var()) {
        Some(ns) if is_namespace(ns) => ns_object_name(ns).to_string(),
        Some(other) => {
            heap::drop(other);
            "user".into()
        }
        None => "user".into(),
    }
}

/// Makes `name` the current namespace (creating it): sets `*ns*`'s thread
/// binding if it has one, else its root.
pub fn set_current_ns(name: &str) {
    let ns = create_ns(name);
    let var = ns_var();
    if thread_binding(var).is_some() {
        let _ = var_set_binding(var, ns);
    } else {
        var_set_root(var, ns);
    }
}

// ---------------------------------------------------------------------------
// Resolution, refers, aliases

/// Resolves a symbol to the var it names from namespace `current`:
/// `foo` through `current`'s mappings (own vars and refers), `alias/foo`
/// and `full.ns/foo` through aliases and namespace names. Returns the var's
/// namespace and name.
pub fn resolve(current: &str, sym: &Name) -> Option<(String, String)> {
    resolve_var(current, sym.ns.as_deref(), &sym.name).map(var_name)
}

/// Like `resolve`, returning the var object. As in the JVM's compiler, an
/// unqualified `ns` or `in-ns` that the namespace does not map names
/// clojure.core's, so that a bare namespace (made by `in-ns`) can leave.
pub fn resolve_var(current: &str, ns: Option<&str>, name: &str) -> Option<Value> {
    let reg = registry();
    match ns {
        None => match reg.get(current)?.mappings.get(name) {
            Some(w) => Some(Value(*w)),
            None if name == "ns" || name == "in-ns" => {
                let w = *reg.get("clojure.core")?.mappings.get(name)?;
                Some(Value(w))
            }
            None => None,
        },
        Some(n) => {
            let target = reg
                .get(current)
                .and_then(|d| d.aliases.get(n).cloned())
                .unwrap_or_else(|| n.to_string());
            let w = *reg.get(&target)?.mappings.get(name)?;
            (var_info(Value(w)).ns == target).then_some(Value(w))
        }
    }
}

/// The namespace `alias` stands for in `current`.
pub fn resolve_alias(current: &str, alias: &str) -> Option<String> {
    registry().get(current)?.aliases.get(alias).cloned()
}

/// Adds `alias` for namespace `target` in `ns`.
pub fn add_alias(ns: &str, alias: &str, target: &str) {
    let mut reg = registry();
    ensure_ns(&mut reg, target);
    ensure_ns(&mut reg, ns)
        .aliases
        .insert(alias.to_string(), target.to_string());
}

/// Removes `alias` from namespace `ns`'s aliases (`ns-unalias`).
pub fn remove_alias(ns: &str, alias: &str) {
    if let Some(d) = registry().get_mut(ns) {
        d.aliases.remove(alias);
    }
}

/// Removes the namespace `name` from the table of namespaces
/// (`remove-ns`): `find-ns` no longer finds it. Its namespace object and
/// vars are immortal, so code still holding them keeps working, as on the
/// JVM. Returns whether there was one.
pub fn remove_ns(name: &str) -> bool {
    registry().remove(name).is_some()
}

/// The aliases of a namespace.
pub fn aliases(ns: &str) -> Vec<(String, String)> {
    registry()
        .get(ns)
        .map(|d| {
            d.aliases
                .iter()
                .map(|(a, t)| (a.clone(), t.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Refers every public var of `from` into `into`. A name `into` already
/// maps to one of its own vars is kept (the own definition wins).
pub fn refer_all(from: &str, into: &str) {
    let mut reg = registry();
    let vars: Vec<(String, u64)> = match reg.get(from) {
        Some(d) => d
            .mappings
            .iter()
            .filter(|(_, w)| var_info(Value(**w)).ns == from && !var_is_private(Value(**w)))
            .map(|(k, w)| (k.clone(), *w))
            .collect(),
        None => return,
    };
    let data = ensure_ns(&mut reg, into);
    for (name, w) in vars {
        match data.mappings.get(&name) {
            Some(old) if var_info(Value(*old)).ns == into => {}
            _ => {
                data.mappings.insert(name, w);
            }
        }
    }
}

/// Refers var `name` of namespace `from` into `into`.
pub fn refer(from: &str, name: &str, into: &str) -> Res<()> {
    let Some(var) = find_var(from, name) else {
        return Err(error::throw(
            "IllegalAccessError",
            &format!("{name} does not exist"),
        ));
    };
    let mut reg = registry();
    let data = ensure_ns(&mut reg, into);
    data.mappings.insert(name.to_string(), var.0);
    Ok(())
}

/// The mappings of a namespace: (name, var), own and referred.
pub fn ns_mappings(ns: &str) -> Vec<(String, Value)> {
    registry()
        .get(ns)
        .map(|d| {
            d.mappings
                .iter()
                .map(|(k, w)| (k.clone(), Value(*w)))
                .collect()
        })
        .unwrap_or_default()
}

/// The public vars interned in a namespace.
pub fn ns_publics(ns: &str) -> Vec<(String, Value)> {
    ns_mappings(ns)
        .into_iter()
        .filter(|(_, v)| var_info(*v).ns == ns && !var_is_private(*v))
        .collect()
}

/// The vars interned in a namespace (public and private).
pub fn ns_interns(ns: &str) -> Vec<(String, Value)> {
    ns_mappings(ns)
        .into_iter()
        .filter(|(_, v)| var_info(*v).ns == ns)
        .collect()
}

/// Removes the mapping of `name` in `ns` (`ns-unmap`).
pub fn unmap(ns: &str, name: &str) {
    if let Some(d) = registry().get_mut(ns) {
        d.mappings.remove(name);
    }
}

/// Sets every var's root to unbound and its meta to nil, dropping what they
/// held, and drops every thread binding: after this (and after the caller
/// drops what it holds), `heap::leaked_objects()` counts only leaks.
/// The var `ns/name` for an image being loaded: this process's own var of
/// that name, or a new one. Not mapped yet: `restore_ns` installs the
/// image's mappings, which include every namespace's own vars.
pub fn restore_var_object(ns: &str, name: &str) -> Value {
    let reg = registry();
    let existing = reg
        .get(ns)
        .and_then(|d| d.mappings.get(name))
        .map(|w| Value(*w))
        .filter(|v| var_info(*v).ns == ns);
    drop(reg);
    existing.unwrap_or_else(|| make_var(ns, name))
}

/// Restores a var from an image: its flags, root and metadata (immortal
/// image objects, so not counted).
pub fn restore_var(var: Value, flags: u64, root: Value, meta: Value) {
    set_var_flags(var, flags);
    replace_field(var, 0, root);
    replace_field(var, 1, meta);
}

/// Restores a namespace from an image: its mappings (name -> var, or
/// whatever the image mapped; in name order, as images write them) and
/// aliases. The image's mappings win over what the namespace has.
pub fn restore_ns(name: &str, mappings: Vec<(String, Value)>, aliases: Vec<(String, String)>) {
    let mut reg = registry();
    let data = ensure_ns(&mut reg, name);
    // Built in one pass from sorted input (BTreeMap's bulk load), then
    // what the namespace had that the image lacks is put back.
    let old = std::mem::replace(
        &mut data.mappings,
        mappings.into_iter().map(|(k, v)| (k, v.0)).collect(),
    );
    for (k, w) in old {
        data.mappings.entry(k).or_insert(w);
    }
    for (alias, target) in aliases {
        data.aliases.insert(alias, target);
    }
}

pub fn release_all_roots() {
    unwind_bindings_to(0);
    let vars: Vec<u64> = registry()
        .values()
        .flat_map(|d| d.mappings.values().copied().collect::<Vec<_>>())
        .collect();
    for w in vars {
        let v = Value(w);
        replace_field(v, 0, Value::UNBOUND);
        replace_field(v, 1, Value::NIL);
    }
    crate::image::release_cells();
}

/// An actor's dynamic bindings (the frames `binding` pushed).
pub(crate) type BindingFrames = Vec<Vec<(u64, Value)>>;

/// Installs an actor's binding frames and returns the ones that were
/// there: each actor has its own dynamic extent.
pub(crate) fn swap_bindings(b: BindingFrames) -> BindingFrames {
    BINDINGS.with(|c| std::mem::replace(&mut *c.borrow_mut(), b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;

    #[test]
    fn vars_and_bindings() {
        check_leaks(|| {
            let v = intern("test.ns1", "x");
            assert_eq!(intern("test.ns1", "x"), v);
            assert!(var_get(v).is_err_and(|e| {
                let ok = error::exception_message(e.0).unwrap()
                    == "Unbound var: #'test.ns1/x is declared but has no value yet";
                heap::drop(e.0);
                ok
            }));
            var_set_root(v, string::make_str("root"));
            let x = var_get(v).unwrap();
            assert_eq!(string::as_str(x), Some("root"));
            heap::drop(x);
            // Binding a non-dynamic var fails.
            let m = coll::make_map(&[v, Value::fixnum(1)]).unwrap();
            let e = push_thread_bindings(m).unwrap_err();
            heap::drop(e.0);
            set_var_dynamic(v, true);
            push_thread_bindings(m).unwrap();
            let x = var_get(v).unwrap();
            assert_eq!(x, Value::fixnum(1));
            var_set_binding(v, Value::fixnum(2)).unwrap();
            assert_eq!(var_get(v).unwrap(), Value::fixnum(2));
            pop_thread_bindings().unwrap();
            let x = var_get(v).unwrap();
            assert_eq!(string::as_str(x), Some("root"));
            heap::drop(x);
            heap::drop(m);
            var_set_root(v, Value::UNBOUND);
        });
    }

    #[test]
    fn resolution() {
        let a = intern("test.lib", "f");
        let _p = intern("test.lib", "g");
        var_set_meta(_p, Value::NIL);
        refer_all("test.lib", "test.app");
        add_alias("test.app", "l", "test.lib");
        let sym = |ns: Option<&str>, n: &str| Name {
            ns: ns.map(str::to_string),
            name: n.to_string(),
        };
        assert_eq!(
            resolve("test.app", &sym(None, "f")),
            Some(("test.lib".into(), "f".into()))
        );
        assert_eq!(
            resolve("test.app", &sym(Some("l"), "f")),
            Some(("test.lib".into(), "f".into()))
        );
        assert_eq!(
            resolve("test.app", &sym(Some("test.lib"), "f")),
            Some(("test.lib".into(), "f".into()))
        );
        assert_eq!(resolve("test.app", &sym(Some("test.app"), "f")), None);
        assert_eq!(resolve("test.app", &sym(None, "nope")), None);
        assert_eq!(find_var("test.lib", "f"), Some(a));
        assert_eq!(find_var("test.app", "f"), None);
        assert_eq!(resolve_alias("test.app", "l").as_deref(), Some("test.lib"));
    }
}
