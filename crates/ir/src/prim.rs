//! Primitive operations: calls to core functions that every backend
//! implements inline or as a direct call into the runtime, instead of a
//! generic call through a var.
//!
//! Lowering turns `(clojure.core/+ a b)` into `Prim(Add, [a, b])` when the
//! symbol resolves to the core var and the arity matches (`PrimOp::lookup`).
//! The semantics are exactly those of the core function of the same name
//! (the runtime implements both with the same Rust function), so the
//! substitution is invisible except in speed. Like Clojure's direct linking,
//! redefining a core var does not affect code that inlined it.

/// Each primitive, with the core function it stands for.
macro_rules! prims {
    ($($(#[$m:meta])* $op:ident = $name:literal / $arity:literal $(consumes [$($c:literal),*])?;)*) => {
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum PrimOp { $($(#[$m])* $op,)* }

        impl PrimOp {
            pub const ALL: &'static [PrimOp] = &[$(PrimOp::$op,)*];

            /// The `clojure.core` function this primitive stands for, or an
            /// internal name (starting with `%`) for operations lowering uses.
            pub fn name(self) -> &'static str {
                match self { $(PrimOp::$op => $name,)* }
            }

            pub fn arity(self) -> usize {
                match self { $(PrimOp::$op => $arity,)* }
            }

            /// Whether the operation consumes (takes ownership of) argument
            /// `i`; all others are borrowed.
            pub fn consumes(self, i: usize) -> bool {
                match self { $(PrimOp::$op => { let _c: &[usize] = &[$($($c),*)?]; _c.contains(&i) })* }
            }
        }
    };
}

prims! {
    Add = "+" / 2;
    Sub = "-" / 2;
    Mul = "*" / 2;
    Div = "/" / 2;
    Neg = "-" / 1;
    Inc = "inc" / 1;
    Dec = "dec" / 1;
    Quot = "quot" / 2;
    Rem = "rem" / 2;
    Mod = "mod" / 2;
    Lt = "<" / 2;
    Gt = ">" / 2;
    Le = "<=" / 2;
    Ge = ">=" / 2;
    NumEq = "==" / 2;
    Equiv = "=" / 2;
    Identical = "identical?" / 2;
    Not = "not" / 1;
    IsNil = "nil?" / 1;
    IsZero = "zero?" / 1;
    First = "first" / 1;
    Rest = "rest" / 1;
    Next = "next" / 1;
    Seq = "seq" / 1;
    /// Consumes the collection so that counting a lazy seq releases each
    /// cell as it goes (the caller does not hold the head).
    Count = "count" / 1 consumes [0];
    /// Consumes the collection, as `Count` does.
    Nth = "nth" / 2 consumes [0];
    Get = "get" / 2;
    Conj = "conj" / 2 consumes [0];
    Assoc = "assoc" / 3 consumes [0];
    Deref = "deref" / 1;
    /// `(%exception-is? e "ClassName")`: does the exception match a catch clause?
    ExceptionIs = "%exception-is?" / 2;
    /// `(%with-meta x m)` for literals written with metadata; consumes x.
    WithMeta = "%with-meta" / 2 consumes [0];
}

impl PrimOp {
    /// Whether the operation may throw. Only the total ones (defined on every
    /// value) say no; see `Rhs::may_throw`.
    pub fn may_throw(self) -> bool {
        !matches!(
            self,
            PrimOp::Identical | PrimOp::Not | PrimOp::IsNil | PrimOp::ExceptionIs
        )
    }

    /// The primitive standing for `clojure.core/name` called with `arity`
    /// arguments, if there is one.
    pub fn lookup(name: &str, arity: usize) -> Option<PrimOp> {
        PrimOp::ALL
            .iter()
            .copied()
            .find(|op| !op.name().starts_with('%') && op.name() == name && op.arity() == arity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_matches_name_and_arity() {
        assert_eq!(PrimOp::lookup("+", 2), Some(PrimOp::Add));
        assert_eq!(PrimOp::lookup("-", 1), Some(PrimOp::Neg));
        assert_eq!(PrimOp::lookup("+", 3), None);
        assert_eq!(PrimOp::lookup("%with-meta", 2), None);
    }

    #[test]
    fn ownership_of_arguments() {
        assert!(PrimOp::Conj.consumes(0));
        assert!(!PrimOp::Conj.consumes(1));
        assert!(!PrimOp::Add.consumes(0));
    }
}
