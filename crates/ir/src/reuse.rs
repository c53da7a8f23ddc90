//! Drop-reuse, the last step of Perceus: a `Drop x` followed, in the same
//! straight-line code, by an `Alloc` becomes
//! `let t = drop_reuse x for <kind>` and the allocation `alloc ... reuse t`,
//! so a unique `x`'s memory is recycled in place (the runtime checks that it
//! is unique and that the memory fits, and otherwise passes "no token").
//!
//! Only the instructions between the drop and the allocation that cannot
//! throw (`dup`, `drop`, and `let`s whose rhs does not `may_throw`) are
//! crossed, and control flow is never crossed: the token then never needs to
//! be unwound or to flow into a branch or join, and the allocation always
//! consumes it, so no `FreeReuse` is ever needed.
//!
//! Any allocation kind may reuse any dropped value: the values are
//! dynamically typed, so whether the sizes fit is only known at run time.
//! Variables known to hold no reusable memory (constants, and the results of
//! predicates and arithmetic) are simply dropped.

use crate::core::*;
use crate::ops::lets_where;
use std::collections::HashSet;

/// Pairs drops with later allocations throughout `body`. New token
/// variables are numbered from `*nvars`, which is advanced.
pub(crate) fn insert(mut body: Expr, nvars: &mut u32) -> Expr {
    let mut scalars = HashSet::new();
    lets_where(&body, &is_scalar, &mut scalars);
    Reuse { scalars, nvars }.insert(&mut body);
    body
}

/// Whether `rhs` certainly yields a value without reusable memory.
fn is_scalar(rhs: &Rhs) -> bool {
    match rhs {
        Rhs::Const(_) => true,
        Rhs::Prim { op, .. } => !matches!(
            op,
            PrimOp::First
                | PrimOp::Rest
                | PrimOp::Next
                | PrimOp::Seq
                | PrimOp::Nth
                | PrimOp::Get
                | PrimOp::Conj
                | PrimOp::Assoc
                | PrimOp::Deref
                | PrimOp::WithMeta
        ),
        _ => false,
    }
}

struct Reuse<'a> {
    scalars: HashSet<VarId>,
    nvars: &'a mut u32,
}

impl Reuse<'_> {
    /// Rewrites `e` in place; straight-line code is walked in a loop.
    fn insert(&mut self, mut e: &mut Expr) {
        loop {
            self.try_reuse(e);
            e = match e {
                Expr::Let { body, .. }
                | Expr::Dup { body, .. }
                | Expr::Drop { body, .. }
                | Expr::DropReuse { body, .. }
                | Expr::FreeReuse { body, .. } => body,
                Expr::If { then, else_, .. } => {
                    self.insert(then);
                    else_
                }
                Expr::Case { arms, default, .. } => {
                    for (_, arm) in arms {
                        self.insert(arm);
                    }
                    default
                }
                Expr::LetJoin { body, cont, .. } => {
                    self.insert(cont);
                    body
                }
                Expr::Try { body, handler, .. } => {
                    self.insert(handler);
                    body
                }
                Expr::Jump { .. }
                | Expr::Return(_)
                | Expr::TailCall { .. }
                | Expr::Throw { .. } => return,
            }
        }
    }

    /// Turns `e` into a `DropReuse` if it is a `Drop` that an allocation
    /// can follow.
    fn try_reuse(&mut self, e: &mut Expr) {
        let Expr::Drop { var, body } = e else { return };
        if self.scalars.contains(var) {
            return;
        }
        let token = VarId(*self.nvars);
        let Some(kind) = claim_alloc(body, token) else {
            return;
        };
        *self.nvars += 1;
        let var = *var;
        let body = std::mem::replace(body, Box::new(Expr::Return(var)));
        *e = Expr::DropReuse {
            var,
            token,
            kind,
            body,
        };
    }
}

/// Finds the first allocation in the straight-line, non-throwing prefix of
/// `e`; if it reuses nothing yet, makes it reuse `token` and returns its kind.
fn claim_alloc(mut e: &mut Expr, token: VarId) -> Option<AllocKind> {
    loop {
        e = match e {
            Expr::Let {
                rhs: Rhs::Alloc { kind, reuse, .. },
                ..
            } => {
                if reuse.is_some() {
                    return None;
                }
                *reuse = Some(token);
                return Some(kind.clone());
            }
            Expr::Let { rhs, body, .. } if !rhs.may_throw() => body,
            Expr::Dup { body, .. } | Expr::Drop { body, .. } => body,
            _ => return None,
        }
    }
}
