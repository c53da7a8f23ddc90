//! Facts about HIR that lowering needs before it lowers a node: the free
//! locals of an expression or fn (what a closure must capture) and whether a
//! `recur` targets a given loop.
//!
//! Local ids are unique within a top-level form, so sets of ids need no
//! notion of shadowing.

use genera_hir::{Expr, ExprKind, FnArity, FnExpr, LocalId, LoopId};
use std::collections::BTreeSet;

pub(crate) type Locals = BTreeSet<LocalId>;

/// The locals `e` refers to that it does not bind.
pub(crate) fn free_locals(e: &Expr) -> Locals {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Var(_) | ExprKind::TheVar(_) => Locals::new(),
        ExprKind::Local(id) => Locals::from([*id]),
        ExprKind::Let { bindings, body } | ExprKind::Loop { bindings, body, .. } => {
            // Each binding is visible to the later ones and to the body.
            let mut free = free_locals(body);
            for (id, init) in bindings.iter().rev() {
                free.remove(id);
                free.extend(free_locals(init));
            }
            free
        }
        ExprKind::Fn(f) => fn_free_locals(f),
        ExprKind::LetFn { bindings, body } => {
            let mut free = free_locals(body);
            for (_, f) in bindings {
                free.extend(fn_free_locals(f));
            }
            for (id, _) in bindings {
                free.remove(id);
            }
            free
        }
        ExprKind::Try {
            body,
            catches,
            finally,
        } => {
            let mut free = free_locals(body);
            for c in catches {
                let mut in_catch = free_locals(&c.body);
                in_catch.remove(&c.local);
                free.extend(in_catch);
            }
            free.extend(finally.iter().flat_map(|f| free_locals(f)));
            free
        }
        _ => {
            let mut free = Locals::new();
            for child in children(e) {
                free.extend(free_locals(child));
            }
            free
        }
    }
}

/// The locals a closure of `f` must capture: free in some arity, and neither
/// a parameter of that arity nor the fn's own name.
pub(crate) fn fn_free_locals(f: &FnExpr) -> Locals {
    let mut free = Locals::new();
    for arity in &f.arities {
        free.extend(arity_free_locals(arity));
    }
    if let Some((id, _)) = &f.name {
        free.remove(id);
    }
    free
}

/// The locals free in an arity's body that are not its parameters.
pub(crate) fn arity_free_locals(arity: &FnArity) -> Locals {
    let mut free = free_locals(&arity.body);
    for p in arity.params.iter().chain(arity.rest.iter()) {
        free.remove(p);
    }
    free
}

/// Whether some `recur` in `e` (outside nested fns) targets `target`.
pub(crate) fn has_recur(e: &Expr, target: LoopId) -> bool {
    match &e.kind {
        ExprKind::Recur { target: t, args } => {
            *t == target || args.iter().any(|a| has_recur(a, target))
        }
        ExprKind::Fn(_) => false,
        _ => children(e).into_iter().any(|c| has_recur(c, target)),
    }
}

/// The direct subexpressions of `e`, in evaluation order; fn bodies (of `Fn`
/// and `LetFn`) are not included.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Const(_)
        | ExprKind::Local(_)
        | ExprKind::Var(_)
        | ExprKind::TheVar(_)
        | ExprKind::Fn(_) => {
            vec![]
        }
        ExprKind::Def { init, meta, .. } => init.iter().chain(meta.iter()).map(|b| &**b).collect(),
        ExprKind::SetVar { value, .. } => vec![value],
        ExprKind::If { test, then, else_ } => vec![test, then, else_],
        ExprKind::Do { stmts, ret } => stmts.iter().chain(std::iter::once(&**ret)).collect(),
        ExprKind::Let { bindings, body } | ExprKind::Loop { bindings, body, .. } => bindings
            .iter()
            .map(|(_, e)| e)
            .chain(std::iter::once(&**body))
            .collect(),
        ExprKind::Recur { args, .. } => args.iter().collect(),
        ExprKind::LetFn { body, .. } => vec![body],
        ExprKind::Invoke { f, args } => std::iter::once(&**f).chain(args.iter()).collect(),
        ExprKind::Throw(x) => vec![x],
        ExprKind::Try {
            body,
            catches,
            finally,
        } => std::iter::once(&**body)
            .chain(catches.iter().map(|c| &c.body))
            .chain(finally.iter().map(|f| &**f))
            .collect(),
        ExprKind::Case {
            expr,
            clauses,
            default,
        } => std::iter::once(&**expr)
            .chain(clauses.iter().map(|(_, e)| e))
            .chain(std::iter::once(&**default))
            .collect(),
        ExprKind::Vector(xs) | ExprKind::Map(xs) | ExprKind::Set(xs) => xs.iter().collect(),
        ExprKind::WithMeta { expr, meta } => vec![expr, meta],
    }
}
