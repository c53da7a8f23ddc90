//! Direct linking: which vars a program's generated code may call as C
//! functions instead of through the var (Clojure 1.8's direct linking).
//!
//! A var is linked when the program defines it exactly once, by a unit
//! that is only `(def name (fn ...))` with no captures (a top-level
//! `defn`), its metadata says neither `:dynamic` nor `:redef`, and the
//! program never takes the var object (`#'f`, as `with-redefs` and
//! `alter-var-root` do). Its
//! closure is made immortal when the unit runs and kept in a C static
//! (`u{unit}_l{lambda}_fn`), so a call of the var from a unit at or after
//! the defining one reads the static and calls the arity's C function. The
//! price is Clojure's: redefining the var at run time (`eval`, `load`,
//! `alter-var-root`) does not change what already-compiled callers call.

use genera_ir::core::{AllocKind, Expr, LambdaId, Module, Rhs, VarId};
use genera_reader::{Form, FormKind};
use std::collections::HashMap;

/// A var's qualified name as the emitter keys it.
pub type VarKey = (String, String);

/// A directly linked top-level function.
#[derive(Clone, Debug)]
pub struct Known {
    /// The unit that defines it and the lambda it is.
    pub unit: usize,
    pub lambda: usize,
    /// Each arity's fixed parameter count and whether it is variadic.
    pub arities: Vec<(usize, bool)>,
    /// True when calling it never leaves a tail call for the trampoline and
    /// no chain of its tail calls comes back to it: a tail call of it may
    /// then be an ordinary C call without the C stack growing without bound.
    pub tail_safe: bool,
}

impl Known {
    /// The C name of the static that holds the closure.
    pub fn static_name(&self) -> String {
        format!("u{}_l{}_fn", self.unit, self.lambda)
    }

    /// The index of the fixed (not variadic) arity taking `n` arguments.
    pub fn fixed_arity(&self, n: usize) -> Option<usize> {
        self.arities.iter().position(|&(p, v)| p == n && !v)
    }
}

pub fn key(n: &genera_reader::Name) -> VarKey {
    (n.ns.clone().unwrap_or_default(), n.name.clone())
}

/// The directly linked functions of a program's modules (in unit order).
pub fn analyze(modules: &[&Module]) -> HashMap<VarKey, Known> {
    let mut defs: HashMap<VarKey, usize> = HashMap::new();
    for m in modules {
        for l in &m.lambdas {
            for a in &l.arities {
                count_defs(&a.body, &mut defs);
            }
        }
    }
    let mut known = HashMap::new();
    for (u, m) in modules.iter().enumerate() {
        if let Some((k, lambda)) = defn_unit(m) {
            if defs.get(&k) == Some(&1) {
                let arities = m.lambdas[lambda.0 as usize]
                    .arities
                    .iter()
                    .map(|a| (a.params.len(), a.rest.is_some()))
                    .collect();
                known.insert(
                    k,
                    Known {
                        unit: u,
                        lambda: lambda.0 as usize,
                        arities,
                        tail_safe: false,
                    },
                );
            }
        }
    }
    let keys: Vec<VarKey> = known.keys().cloned().collect();
    let mut state: HashMap<VarKey, Safety> = HashMap::new();
    for k in &keys {
        let safe = tail_safe(k, modules, &known, &mut state);
        if let Some(kn) = known.get_mut(k) {
            kn.tail_safe = safe;
        }
    }
    known
}

/// Counts each var's `def`s; a var whose object the program takes (`#'f`:
/// `with-redefs`, `alter-var-root`, watches) counts as redefinable.
fn count_defs(e: &Expr, defs: &mut HashMap<VarKey, usize>) {
    match e {
        Expr::Let {
            rhs: Rhs::Def { var, .. },
            ..
        } => *defs.entry(key(var)).or_default() += 1,
        Expr::Let {
            rhs: Rhs::VarObj(var),
            ..
        } => *defs.entry(key(var)).or_default() += 2,
        _ => {}
    }
    for c in e.children() {
        count_defs(c, defs);
    }
}

/// The var and lambda of a unit that is only `(def name (fn ...))` with a
/// closure of no captures and metadata (if any) a constant map without
/// `:dynamic` or `:redef`.
fn defn_unit(m: &Module) -> Option<(VarKey, LambdaId)> {
    let entry = m.lambdas.get(m.entry.0 as usize)?;
    let [arity] = entry.arities.as_slice() else {
        return None;
    };
    let mut bound: HashMap<VarId, &Rhs> = HashMap::new();
    let mut e = &arity.body;
    loop {
        match e {
            Expr::Let { var, rhs, body, .. } => {
                if let Rhs::Def {
                    var: name,
                    init: Some(init),
                    meta,
                } = rhs
                {
                    let Some(Rhs::Alloc {
                        kind: AllocKind::Closure(l),
                        args,
                        reuse: None,
                    }) = bound.get(init)
                    else {
                        return None;
                    };
                    let meta_ok = match meta {
                        None => true,
                        Some(mv) => match bound.get(mv) {
                            Some(Rhs::Const(c)) => m
                                .consts
                                .get(c.0 as usize)
                                .is_some_and(|f| !says_redefinable(f)),
                            _ => false,
                        },
                    };
                    let single = count_allocs(m, *l) == 1;
                    return (args.is_empty() && meta_ok && single).then(|| (key(name), *l));
                }
                if !matches!(
                    rhs,
                    Rhs::Alloc {
                        kind: AllocKind::Closure(_),
                        ..
                    } | Rhs::Const(_)
                ) {
                    return None;
                }
                bound.insert(*var, rhs);
                e = body;
            }
            Expr::Dup { body, .. } | Expr::Drop { body, .. } => e = body,
            _ => return None,
        }
    }
}

/// Whether a var's metadata map asks to be called through the var.
fn says_redefinable(meta: &Form) -> bool {
    let FormKind::Map(items) = &meta.kind else {
        return true;
    };
    items.chunks(2).any(|kv| match kv {
        [k, v] => {
            matches!(&k.kind, FormKind::Keyword { name, .. }
                if name.ns.is_none() && (name.name == "dynamic" || name.name == "redef"))
                && !matches!(v.kind, FormKind::Nil | FormKind::Bool(false))
        }
        _ => true,
    })
}

/// How many closure allocations of lambda `l` the module has.
fn count_allocs(m: &Module, l: LambdaId) -> usize {
    fn walk(e: &Expr, l: LambdaId, n: &mut usize) {
        if let Expr::Let {
            rhs:
                Rhs::Alloc {
                    kind: AllocKind::Closure(x),
                    ..
                },
            ..
        } = e
        {
            if *x == l {
                *n += 1;
            }
        }
        for c in e.children() {
            walk(c, l, n);
        }
    }
    let mut n = 0;
    for lam in &m.lambdas {
        for a in &lam.arities {
            walk(&a.body, l, &mut n);
        }
    }
    n
}

#[derive(Clone, Copy, PartialEq)]
enum Safety {
    InProgress,
    Safe,
    Unsafe,
}

/// See `Known::tail_safe`: every tail call in the function (outside `try`,
/// where tail calls are ordinary calls) is a self call the emitter turns
/// into a loop, or a call of a linked tail-safe function; a cycle is unsafe.
fn tail_safe(
    k: &VarKey,
    modules: &[&Module],
    known: &HashMap<VarKey, Known>,
    state: &mut HashMap<VarKey, Safety>,
) -> bool {
    match state.get(k) {
        Some(Safety::Safe) => return true,
        Some(_) => return false,
        None => {}
    }
    let Some(kn) = known.get(k) else {
        return false;
    };
    state.insert(k.clone(), Safety::InProgress);
    let m = modules[kn.unit];
    let lam = &m.lambdas[kn.lambda];
    let mut callees = Vec::new();
    let mut ok = true;
    for a in &lam.arities {
        let mut bound: HashMap<VarId, &Rhs> = HashMap::new();
        collect_bound(&a.body, &mut bound);
        let linked = callee_only(&a.body);
        let self_loop = |n: usize| a.rest.is_none() && n == a.params.len();
        tail_calls(&a.body, false, &mut |f, n| {
            match bound.get(&f) {
                Some(Rhs::Global(name)) if core_inline(name, n).is_some() => {}
                Some(Rhs::Global(name)) if linked.contains(&f) => match known.get(&key(name)) {
                    Some(c) if c.unit == kn.unit && c.lambda == kn.lambda && self_loop(n) => {}
                    Some(c) if c.unit <= kn.unit && c.fixed_arity(n).is_some() => {
                        callees.push(key(name))
                    }
                    _ => ok = false,
                },
                Some(Rhs::SelfClosure) if self_loop(n) => {}
                _ => ok = false,
            };
        });
    }
    let safe = ok && callees.iter().all(|c| tail_safe(c, modules, known, state));
    state.insert(k.clone(), if safe { Safety::Safe } else { Safety::Unsafe });
    safe
}

/// Every `Let`-bound variable's right-hand side.
pub fn collect_bound<'a>(e: &'a Expr, out: &mut HashMap<VarId, &'a Rhs>) {
    if let Expr::Let { var, rhs, .. } = e {
        out.insert(*var, rhs);
    }
    for c in e.children() {
        collect_bound(c, out);
    }
}

/// Calls `f(callee, nargs)` for every tail call outside a `try` body.
fn tail_calls(e: &Expr, in_try: bool, f: &mut impl FnMut(VarId, usize)) {
    match e {
        Expr::TailCall { f: g, args, .. } if !in_try => f(*g, args.len()),
        Expr::Try { body, handler, .. } => {
            tail_calls(body, true, f);
            tail_calls(handler, in_try, f);
        }
        _ => {
            for c in e.children() {
                tail_calls(c, in_try, f);
            }
        }
    }
}

/// The variables of an arity body used only as the function of calls
/// (besides dups and drops): a linked var read into one of them is read
/// from its static; one used as a value is read from the var.
pub fn callee_only(body: &Expr) -> std::collections::HashSet<VarId> {
    let mut callees = std::collections::HashSet::new();
    let mut values = std::collections::HashSet::new();
    walk_uses(body, &mut callees, &mut values);
    callees.retain(|v| !values.contains(v));
    callees
}

fn walk_uses(
    e: &Expr,
    callees: &mut std::collections::HashSet<VarId>,
    values: &mut std::collections::HashSet<VarId>,
) {
    match e {
        Expr::Let { rhs, .. } => match rhs {
            Rhs::Call { f, args } => {
                callees.insert(*f);
                values.extend(args.iter().copied());
            }
            Rhs::Prim { args, .. } | Rhs::Alloc { args, .. } => values.extend(args.iter().copied()),
            Rhs::Def { init, meta, .. } => values.extend(init.iter().chain(meta.iter()).copied()),
            Rhs::SetVar { value, .. } => {
                values.insert(*value);
            }
            _ => {}
        },
        Expr::TailCall { f, args, .. } => {
            callees.insert(*f);
            values.extend(args.iter().copied());
        }
        Expr::If { cond, .. } => {
            values.insert(*cond);
        }
        Expr::Case { scrut, .. } => {
            values.insert(*scrut);
        }
        Expr::Jump { args, .. } => values.extend(args.iter().copied()),
        Expr::Return(v) => {
            values.insert(*v);
        }
        Expr::Throw { exn, .. } => {
            values.insert(*exn);
        }
        Expr::DropReuse { var, .. } => {
            values.insert(*var);
        }
        _ => {}
    }
    for c in e.children() {
        walk_uses(c, callees, values);
    }
}

/// The header function that inlines a call of `name` with `n` arguments
/// when `name` is one of `cabi::CORE_INLINES` (`genera_core_instance_p`).
pub fn core_inline(name: &genera_reader::Name, n: usize) -> Option<String> {
    let (arity, suffix) = match name.name.as_str() {
        "instance?" | "not=" => (2, ""),
        "some?" | "even?" | "odd?" => (1, ""),
        "+" | "*" => (3, "3"),
        _ => return None,
    };
    (name.ns.as_deref() == Some("clojure.core")
        && n == arity
        && genera_runtime::cabi::CORE_INLINES.contains(&name.name.as_str()))
    .then(|| {
        format!(
            "genera_core_{}{suffix}",
            genera_runtime::cabi::core_macro(&name.name).to_lowercase()
        )
    })
}
