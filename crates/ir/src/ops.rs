//! The operands of instructions and how each is used (consumed or borrowed),
//! in one place, so that Perceus and the verifier cannot disagree.

use crate::core::{Expr, Rhs, VarId};
use std::collections::HashSet;

/// The variables a right-hand side reads: `consumed` are taken over by the
/// operation (in operand order, repeats included), `borrowed` are only read.
/// A reuse token is not listed: see `Operands::reuse`.
#[derive(Default)]
pub(crate) struct Operands {
    pub consumed: Vec<VarId>,
    pub borrowed: Vec<VarId>,
    /// The reuse token an `Alloc` consumes, if any.
    pub reuse: Option<VarId>,
}

pub(crate) fn operands(rhs: &Rhs) -> Operands {
    let mut ops = Operands::default();
    match rhs {
        Rhs::Const(_) | Rhs::Global(_) | Rhs::VarObj(_) | Rhs::Capture(_) | Rhs::SelfClosure => {}
        Rhs::Call { f, args } => {
            ops.consumed.push(*f);
            ops.consumed.extend(args);
        }
        Rhs::Prim { op, args } => {
            for (i, a) in args.iter().enumerate() {
                if op.consumes(i) {
                    ops.consumed.push(*a);
                } else {
                    ops.borrowed.push(*a);
                }
            }
        }
        Rhs::Alloc { args, reuse, .. } => {
            ops.consumed.extend(args);
            ops.reuse = *reuse;
        }
        Rhs::Def { init, meta, .. } => {
            ops.consumed.extend(init.iter().chain(meta.iter()));
        }
        Rhs::SetVar { value, .. } => ops.consumed.push(*value),
    }
    ops
}

/// Adds to `out` every variable bound by a `Let` anywhere in `e` whose
/// right-hand side satisfies `keep`. Recurses only into branches, so straight
/// code of any length costs no stack.
pub(crate) fn lets_where(e: &Expr, keep: &dyn Fn(&Rhs) -> bool, out: &mut HashSet<VarId>) {
    let mut e = e;
    loop {
        e = match e {
            Expr::Let { var, rhs, body, .. } => {
                if keep(rhs) {
                    out.insert(*var);
                }
                body
            }
            Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => body,
            Expr::If { then, else_, .. } => {
                lets_where(then, keep, out);
                else_
            }
            Expr::Case { arms, default, .. } => {
                arms.iter().for_each(|(_, a)| lets_where(a, keep, out));
                default
            }
            Expr::LetJoin { body, cont, .. } => {
                lets_where(cont, keep, out);
                body
            }
            Expr::Try { body, handler, .. } => {
                lets_where(handler, keep, out);
                body
            }
            Expr::Jump { .. } | Expr::Return(_) | Expr::TailCall { .. } | Expr::Throw { .. } => {
                return
            }
        }
    }
}
