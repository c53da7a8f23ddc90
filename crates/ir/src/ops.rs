//! The operands of instructions and how each is used (consumed or borrowed),
//! in one place, so that Perceus and the verifier cannot disagree.

use crate::core::{Rhs, VarId};

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
