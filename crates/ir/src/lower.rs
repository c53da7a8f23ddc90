//! Lowering: HIR to Core IR (A-normal form, closure conversion, join points).
//!
//! What comes out (and `verify(m, false)` checks):
//! - The top-level expression is the entry lambda (`Module::entry`, always
//!   lambda 0): no captures, one arity with no parameters.
//! - Every HIR `Fn` is a `Lambda` plus an `Alloc Closure` of its captured
//!   values: the locals free in any of its arities, in `LocalId` order. Each
//!   arity binds the captures it needs with `Rhs::Capture(i)` and its own name
//!   with `Rhs::SelfClosure` at entry; those variables are `Arity::borrowed`.
//! - Values flow in one of two contexts (`Ctx`): returned from the arity, or
//!   passed to a join point. An `if`, `case`, `loop`, `try`, `recur` or
//!   `throw` whose value is needed in the middle of a computation becomes
//!   `LetJoin k(r) = <the rest of the computation> in <the construct, with
//!   every exit jumping to k>`.
//! - `loop*` is a join point whose body jumps to itself on `recur`; an arity
//!   that is a `recur` target gets a join point at its start, with fresh
//!   parameters, entered by a jump passing the real ones.
//! - `(f args)` in return position is a `TailCall`; a call to a
//!   `clojure.core` var with a `PrimOp` of that arity is `Rhs::Prim`, and
//!   `(clojure.core/cons x s)` is `Alloc Cons`.
//! - Every `Let` carries the span of the HIR node it came from.
//!
//! `letfn*`: the fns of one `letfn*` form a group that shares one capture
//! list (the union of their free locals, minus the group's own names). A
//! closure for a member is allocated from those captures; inside a member,
//! a reference to itself is `SelfClosure` and a reference to a sibling
//! allocates a fresh closure of the sibling from the member's own captures.
//! No closure ever captures another member, so there are no reference cycles,
//! and since closures are immutable values a fresh closure is as good as the
//! original.
//!
//! `try`: the body's value flows to a join `k` (never a tail call: the
//! handler frame must be popped). The catches become one handler that tests
//! the classes in order with `Prim ExceptionIs` (`Throwable` matches without
//! a test) and rethrows when none matches. A `finally` runs on the normal
//! path inside `k`, before the value moves on, and on a catch-all handler
//! around body and catches that runs it and rethrows:
//!
//! ```text
//! letjoin k(r): <finally>; <continue with r>
//! in try { try { <body>; jump k } catch e1 { <dispatch on e1>; jump k } }
//!    catch e2 { <finally>; throw e2 }
//! ```
//!
//! Lowering never fails: a local or `recur` target that is not in scope
//! (which the analyzer never produces) lowers to `nil`, so `verify` and the
//! tests, not a panic, would show it.

use crate::core::*;
use crate::locals::{arity_free_locals, fn_free_locals, has_recur};
use genera_hir::{self as hir, ExprKind, FnExpr, Form, FormKind, LocalId, LoopId, Span};
use std::collections::HashMap;
use std::rc::Rc;

/// Lowers one analyzed top-level form to a module whose entry lambda
/// evaluates it.
pub fn lower(expr: &hir::Expr) -> Module {
    let mut m = ModuleBuilder::default();
    let entry = m.reserve(&expr.span);
    let mut b = ArityBuilder::new(&mut m);
    let body = b.tail(expr, Ctx::Return);
    let arity = b.finish(vec![], None, body);
    m.lambdas[entry.0 as usize] = Lambda {
        name: "toplevel".to_string(),
        span: expr.span.clone(),
        ncaptures: 0,
        arities: vec![arity],
    };
    Module {
        lambdas: m.lambdas,
        consts: m.consts,
        entry,
    }
}

#[derive(Default)]
struct ModuleBuilder {
    lambdas: Vec<Lambda>,
    consts: Vec<Form>,
    /// Atomic constants already in `consts` (see `atom_key`).
    atoms: HashMap<String, ConstId>,
}

impl ModuleBuilder {
    /// A slot for a lambda that is filled once its arities are lowered.
    fn reserve(&mut self, span: &Span) -> LambdaId {
        let id = LambdaId(self.lambdas.len() as u32);
        self.lambdas.push(Lambda {
            name: String::new(),
            span: span.clone(),
            ncaptures: 0,
            arities: vec![],
        });
        id
    }

    /// Adds a constant; equal atoms (numbers, strings, keywords, ...) share
    /// one id, whatever their span.
    fn constant(&mut self, form: Form) -> ConstId {
        let key = atom_key(&form);
        if let Some(id) = key.as_ref().and_then(|k| self.atoms.get(k)) {
            return *id;
        }
        let id = ConstId(self.consts.len() as u32);
        self.consts.push(form);
        if let Some(key) = key {
            self.atoms.insert(key, id);
        }
        id
    }
}

/// A key identifying an atomic constant without metadata by its value, or
/// `None` for collections, symbols and anything with metadata (whose
/// identity or metadata must stay apart).
fn atom_key(form: &Form) -> Option<String> {
    if form.meta.is_some() {
        return None;
    }
    match &form.kind {
        FormKind::Nil
        | FormKind::Bool(_)
        | FormKind::Int(_)
        | FormKind::BigInt(_)
        | FormKind::Ratio(..)
        | FormKind::BigDecimal(_)
        | FormKind::Char(_)
        | FormKind::Str(_)
        | FormKind::Keyword { .. } => Some(format!("{:?}", form.kind)),
        // Floats: 0.0 and -0.0 print differently, NaN never equals itself;
        // Debug output keeps them apart.
        FormKind::Float(x) => Some(format!("Float({:?}/{})", x, x.to_bits())),
        _ => None,
    }
}

/// What a HIR local stands for inside the arity being lowered.
#[derive(Clone)]
enum Binding {
    Var(VarId),
    /// A sibling in the `letfn*` group of the current fn: allocated on use
    /// from the group's captures (see the module doc).
    Sibling(LambdaId, Rc<[LocalId]>),
}

/// Where the value of an expression in tail position of a block goes.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Ctx {
    Return,
    Jump(JoinId),
}

/// A statement of the block being built; `fold` nests them into an `Expr`.
enum Stmt {
    Let {
        var: VarId,
        rhs: Rhs,
        span: Span,
    },
    /// Everything after this statement becomes the body of `join`; `cont`
    /// is the code that runs now (and jumps to `join`).
    Join {
        join: JoinId,
        params: Vec<VarId>,
        cont: Expr,
    },
}

fn fold(stmts: Vec<Stmt>, term: Expr) -> Expr {
    stmts.into_iter().rev().fold(term, |body, stmt| match stmt {
        Stmt::Let { var, rhs, span } => Expr::Let {
            var,
            rhs,
            span,
            unwind: vec![],
            body: Box::new(body),
        },
        Stmt::Join { join, params, cont } => Expr::LetJoin {
            join,
            params,
            body: Box::new(body),
            cont: Box::new(cont),
        },
    })
}

/// A `letfn*` group as seen from inside one of its members.
struct Group<'a> {
    captures: Rc<[LocalId]>,
    /// The other members: their locals and lambdas.
    siblings: &'a [(LocalId, LambdaId)],
    /// The locals that name the member itself (its `letfn*` binding and the
    /// name written after `fn*`).
    self_names: Vec<LocalId>,
}

/// Lowers one arity: variables, join points and the block being built.
struct ArityBuilder<'m> {
    m: &'m mut ModuleBuilder,
    next_var: u32,
    next_join: u32,
    locals: HashMap<LocalId, Binding>,
    loops: HashMap<LoopId, JoinId>,
    stmts: Vec<Stmt>,
    borrowed: Vec<VarId>,
}

impl<'m> ArityBuilder<'m> {
    fn new(m: &'m mut ModuleBuilder) -> ArityBuilder<'m> {
        ArityBuilder {
            m,
            next_var: 0,
            next_join: 0,
            locals: HashMap::new(),
            loops: HashMap::new(),
            stmts: vec![],
            borrowed: vec![],
        }
    }

    fn finish(&mut self, params: Vec<VarId>, rest: Option<VarId>, term: Expr) -> Arity {
        let body = fold(std::mem::take(&mut self.stmts), term);
        Arity {
            params,
            rest,
            borrowed: std::mem::take(&mut self.borrowed),
            nvars: self.next_var,
            njoins: self.next_join,
            body,
        }
    }

    fn fresh_var(&mut self) -> VarId {
        self.next_var += 1;
        VarId(self.next_var - 1)
    }

    fn fresh_join(&mut self) -> JoinId {
        self.next_join += 1;
        JoinId(self.next_join - 1)
    }

    fn emit(&mut self, rhs: Rhs, span: &Span) -> VarId {
        let var = self.fresh_var();
        self.stmts.push(Stmt::Let {
            var,
            rhs,
            span: span.clone(),
        });
        var
    }

    fn constant(&mut self, form: Form, span: &Span) -> VarId {
        let c = self.m.constant(form);
        self.emit(Rhs::Const(c), span)
    }

    fn nil(&mut self, span: &Span) -> VarId {
        self.constant(Form::new(FormKind::Nil, span.clone()), span)
    }

    /// Builds a nested block (a branch, a join body) and returns it closed.
    fn block(&mut self, build: impl FnOnce(&mut Self) -> Expr) -> Expr {
        let outer = std::mem::take(&mut self.stmts);
        let term = build(self);
        let inner = std::mem::replace(&mut self.stmts, outer);
        fold(inner, term)
    }

    fn finish_value(&self, v: VarId, ctx: Ctx) -> Expr {
        match ctx {
            Ctx::Return => Expr::Return(v),
            Ctx::Jump(join) => Expr::Jump {
                join,
                args: vec![v],
            },
        }
    }

    fn bind(&mut self, local: LocalId, var: VarId) {
        self.locals.insert(local, Binding::Var(var));
    }

    fn local(&mut self, id: LocalId, span: &Span) -> VarId {
        match self.locals.get(&id).cloned() {
            Some(Binding::Var(v)) => v,
            Some(Binding::Sibling(lambda, captures)) => {
                let args = captures.iter().map(|c| self.local(*c, span)).collect();
                self.emit(
                    Rhs::Alloc {
                        kind: AllocKind::Closure(lambda),
                        args,
                        reuse: None,
                    },
                    span,
                )
            }
            None => self.nil(span),
        }
    }

    /// Lowers the scope-introducing prefix of `e` (`do` statements, `let*`
    /// and `letfn*` bindings) into the current block and returns the
    /// expression that produces the value. A loop, not recursion, so long
    /// `do`s and deeply nested `let`s cost no stack.
    fn scope_prefix<'e>(&mut self, mut e: &'e hir::Expr) -> &'e hir::Expr {
        loop {
            e = match &e.kind {
                ExprKind::Do { stmts, ret } => {
                    for s in stmts {
                        self.value(s);
                    }
                    ret
                }
                ExprKind::Let { bindings, body } => {
                    self.let_bindings(bindings);
                    body
                }
                ExprKind::LetFn { bindings, body } => {
                    self.letfn(bindings, &e.span);
                    body
                }
                _ => return e,
            }
        }
    }

    /// Lowers `e` in tail position of the current block: its value goes to
    /// `ctx`. Returns the block's terminator.
    fn tail(&mut self, e: &hir::Expr, ctx: Ctx) -> Expr {
        let e = self.scope_prefix(e);
        match &e.kind {
            ExprKind::If { test, then, else_ } => {
                let cond = self.value(test);
                let then = self.block(|b| b.tail(then, ctx));
                let else_ = self.block(|b| b.tail(else_, ctx));
                Expr::If {
                    cond,
                    then: Box::new(then),
                    else_: Box::new(else_),
                }
            }
            ExprKind::Loop { id, bindings, body } => self.lower_loop(*id, bindings, body, ctx),
            ExprKind::Recur { target, args } => self.recur(*target, args, &e.span),
            ExprKind::Throw(x) => {
                let exn = self.value(x);
                Expr::Throw {
                    exn,
                    span: e.span.clone(),
                    unwind: vec![],
                }
            }
            ExprKind::Case {
                expr,
                clauses,
                default,
            } => self.case(expr, clauses, default, ctx),
            ExprKind::Try {
                body,
                catches,
                finally,
            } => match (finally, ctx) {
                (None, Ctx::Jump(k)) => self.lower_try(body, catches, None, k, &e.span),
                _ => {
                    let v = self.value(e);
                    self.finish_value(v, ctx)
                }
            },
            ExprKind::Invoke { f, args } if ctx == Ctx::Return => {
                match self.invoke(f, args, &e.span) {
                    Callee::Inline(v) => Expr::Return(v),
                    Callee::Call(f, args) => Expr::TailCall {
                        f,
                        args,
                        span: e.span.clone(),
                        unwind: vec![],
                    },
                }
            }
            _ => {
                let v = self.value(e);
                self.finish_value(v, ctx)
            }
        }
    }

    /// Lowers `e` for its value, appending to the current block.
    fn value(&mut self, e: &hir::Expr) -> VarId {
        let e = self.scope_prefix(e);
        let span = &e.span;
        match &e.kind {
            ExprKind::Const(form) => self.constant(form.clone(), span),
            ExprKind::Local(id) => self.local(*id, span),
            ExprKind::Var(name) => self.emit(Rhs::Global(name.clone()), span),
            ExprKind::TheVar(name) => self.emit(Rhs::VarObj(name.clone()), span),
            ExprKind::Def { var, init, meta } => {
                let init = init.as_ref().map(|x| self.value(x));
                let meta = meta.as_ref().map(|x| self.value(x));
                self.emit(
                    Rhs::Def {
                        var: var.clone(),
                        init,
                        meta,
                    },
                    span,
                )
            }
            ExprKind::SetVar { var, value } => {
                let value = self.value(value);
                self.emit(
                    Rhs::SetVar {
                        var: var.clone(),
                        value,
                    },
                    span,
                )
            }
            ExprKind::Do { stmts, ret } => {
                for s in stmts {
                    self.value(s);
                }
                self.value(ret)
            }
            ExprKind::Let { bindings, body } => {
                self.let_bindings(bindings);
                self.value(body)
            }
            ExprKind::LetFn { bindings, body } => {
                self.letfn(bindings, span);
                self.value(body)
            }
            ExprKind::Fn(f) => self.closure(f),
            ExprKind::Invoke { f, args } => match self.invoke(f, args, span) {
                Callee::Inline(v) => v,
                Callee::Call(f, args) => self.emit(Rhs::Call { f, args }, span),
            },
            ExprKind::Vector(xs) => self.alloc(AllocKind::Vector(xs.len() as u32), xs, span),
            ExprKind::Map(xs) => self.alloc(AllocKind::Map(xs.len() as u32 / 2), xs, span),
            ExprKind::Set(xs) => self.alloc(AllocKind::Set(xs.len() as u32), xs, span),
            ExprKind::WithMeta { expr, meta } => {
                let x = self.value(expr);
                let m = self.value(meta);
                self.emit(
                    Rhs::Prim {
                        op: PrimOp::WithMeta,
                        args: vec![x, m],
                    },
                    span,
                )
            }
            ExprKind::Try { finally, .. } => {
                let r = self.via_join(e);
                if let Some(finally) = finally {
                    self.value(finally);
                }
                r
            }
            ExprKind::If { .. }
            | ExprKind::Loop { .. }
            | ExprKind::Recur { .. }
            | ExprKind::Throw(_)
            | ExprKind::Case { .. } => self.via_join(e),
        }
    }

    /// Lowers a control construct whose value is needed: the rest of the
    /// block becomes the body of a fresh join `k(r)`, and `e` runs now,
    /// jumping to `k` with its value. Returns `r`.
    ///
    /// A `try` is special-cased: its normal exits jump to `k` directly (the
    /// caller then lowers its `finally` at the start of `k`'s body).
    fn via_join(&mut self, e: &hir::Expr) -> VarId {
        let k = self.fresh_join();
        let r = self.fresh_var();
        let cont = self.block(|b| match &e.kind {
            ExprKind::Try {
                body,
                catches,
                finally,
            } => b.lower_try(body, catches, finally.as_deref(), k, &e.span),
            _ => b.tail(e, Ctx::Jump(k)),
        });
        self.stmts.push(Stmt::Join {
            join: k,
            params: vec![r],
            cont,
        });
        r
    }

    fn let_bindings(&mut self, bindings: &[(LocalId, hir::Expr)]) {
        for (local, init) in bindings {
            let v = self.value(init);
            self.bind(*local, v);
        }
    }

    fn alloc(&mut self, kind: AllocKind, elems: &[hir::Expr], span: &Span) -> VarId {
        let args = elems.iter().map(|x| self.value(x)).collect();
        self.emit(
            Rhs::Alloc {
                kind,
                args,
                reuse: None,
            },
            span,
        )
    }

    /// Evaluates the callee and arguments of `(f args)` in order, or the
    /// inline operation a core function stands for.
    fn invoke(&mut self, f: &hir::Expr, args: &[hir::Expr], span: &Span) -> Callee {
        // `(:k m)` is `(get m :k)` (Clojure's Keyword.invoke is RT.get): an
        // intrinsic every backend inlines, and a lookup drop-reuse sees.
        if let (ExprKind::Const(k), [m]) = (&f.kind, args) {
            if matches!(k.kind, genera_reader::FormKind::Keyword { .. }) {
                let m = self.value(m);
                let k = self.value(f);
                let op = PrimOp::Get;
                return Callee::Inline(self.emit(
                    Rhs::Prim {
                        op,
                        args: vec![m, k],
                    },
                    span,
                ));
            }
        }
        if let ExprKind::Var(name) = &f.kind {
            if name.ns.as_deref() == Some("clojure.core") {
                if let Some(op) = PrimOp::lookup(&name.name, args.len()) {
                    let args = args.iter().map(|a| self.value(a)).collect();
                    return Callee::Inline(self.emit(Rhs::Prim { op, args }, span));
                }
                if name.name == "cons" && args.len() == 2 {
                    return Callee::Inline(self.alloc(AllocKind::Cons, args, span));
                }
                if name.name == "%new" && !args.is_empty() {
                    let kind = AllocKind::Instance(args.len() as u32 - 1);
                    return Callee::Inline(self.alloc(kind, args, span));
                }
            }
        }
        let f = self.value(f);
        let args = args.iter().map(|a| self.value(a)).collect();
        Callee::Call(f, args)
    }

    fn lower_loop(
        &mut self,
        id: LoopId,
        bindings: &[(LocalId, hir::Expr)],
        body: &hir::Expr,
        ctx: Ctx,
    ) -> Expr {
        let mut inits = Vec::with_capacity(bindings.len());
        for (local, init) in bindings {
            let v = self.value(init);
            self.bind(*local, v);
            inits.push(v);
        }
        let join = self.fresh_join();
        let params: Vec<VarId> = bindings.iter().map(|_| self.fresh_var()).collect();
        for ((local, _), p) in bindings.iter().zip(&params) {
            self.bind(*local, *p);
        }
        self.loops.insert(id, join);
        let body = self.block(|b| b.tail(body, ctx));
        Expr::LetJoin {
            join,
            params,
            body: Box::new(body),
            cont: Box::new(Expr::Jump { join, args: inits }),
        }
    }

    fn recur(&mut self, target: LoopId, args: &[hir::Expr], span: &Span) -> Expr {
        let args: Vec<VarId> = args.iter().map(|a| self.value(a)).collect();
        match self.loops.get(&target) {
            Some(&join) => Expr::Jump { join, args },
            None => Expr::Return(self.nil(span)),
        }
    }

    fn case(
        &mut self,
        scrut: &hir::Expr,
        clauses: &[(Vec<Form>, hir::Expr)],
        default: &hir::Expr,
        ctx: Ctx,
    ) -> Expr {
        let scrut = self.value(scrut);
        let arms = clauses
            .iter()
            .map(|(forms, body)| {
                let consts = forms.iter().map(|f| self.m.constant(f.clone())).collect();
                (consts, self.block(|b| b.tail(body, ctx)))
            })
            .collect();
        let default = self.block(|b| b.tail(default, ctx));
        Expr::Case {
            scrut,
            arms,
            default: Box::new(default),
            unwind: vec![],
        }
    }

    /// The `try` whose normal exits jump to `k`; see the module doc.
    fn lower_try(
        &mut self,
        body: &hir::Expr,
        catches: &[hir::Catch],
        finally: Option<&hir::Expr>,
        k: JoinId,
        span: &Span,
    ) -> Expr {
        let body = self.block(|b| b.tail(body, Ctx::Jump(k)));
        let caught = if catches.is_empty() {
            body
        } else {
            let exn = self.fresh_var();
            let handler = self.block(|b| b.dispatch(catches, exn, k, span));
            Expr::Try {
                body: Box::new(body),
                exn,
                handler: Box::new(handler),
            }
        };
        let Some(finally) = finally else {
            return caught;
        };
        let exn = self.fresh_var();
        let handler = self.block(|b| {
            b.value(finally);
            Expr::Throw {
                exn,
                span: span.clone(),
                unwind: vec![],
            }
        });
        Expr::Try {
            body: Box::new(caught),
            exn,
            handler: Box::new(handler),
        }
    }

    /// Tests `exn` against the catch clauses in order; rethrows if none
    /// matches.
    fn dispatch(&mut self, catches: &[hir::Catch], exn: VarId, k: JoinId, span: &Span) -> Expr {
        let Some((c, rest)) = catches.split_first() else {
            return Expr::Throw {
                exn,
                span: span.clone(),
                unwind: vec![],
            };
        };
        self.bind(c.local, exn);
        if c.class == "Throwable" {
            return self.tail(&c.body, Ctx::Jump(k));
        }
        let class = self.constant(
            Form::new(FormKind::Str(c.class.clone()), span.clone()),
            span,
        );
        let test = self.emit(
            Rhs::Prim {
                op: PrimOp::ExceptionIs,
                args: vec![exn, class],
            },
            span,
        );
        let then = self.block(|b| b.tail(&c.body, Ctx::Jump(k)));
        let else_ = self.block(|b| b.dispatch(rest, exn, k, span));
        Expr::If {
            cond: test,
            then: Box::new(then),
            else_: Box::new(else_),
        }
    }

    fn closure(&mut self, f: &FnExpr) -> VarId {
        let captures: Rc<[LocalId]> = fn_free_locals(f).into_iter().collect();
        let id = self.m.reserve(&f.span);
        let self_names = f.name.iter().map(|(l, _)| *l).collect();
        let group = Group {
            captures: captures.clone(),
            siblings: &[],
            self_names,
        };
        let lambda = lower_fn(self.m, f, &group);
        self.m.lambdas[id.0 as usize] = lambda;
        let args = captures.iter().map(|c| self.local(*c, &f.span)).collect();
        self.emit(
            Rhs::Alloc {
                kind: AllocKind::Closure(id),
                args,
                reuse: None,
            },
            &f.span,
        )
    }

    /// Lowers a `letfn*` group (see the module doc) and binds each name to
    /// a closure allocated here.
    fn letfn(&mut self, bindings: &[(LocalId, FnExpr)], span: &Span) {
        let mut free = crate::locals::Locals::new();
        for (_, f) in bindings {
            free.extend(fn_free_locals(f));
        }
        for (l, _) in bindings {
            free.remove(l);
        }
        let captures: Rc<[LocalId]> = free.into_iter().collect();
        let members: Vec<(LocalId, LambdaId)> = bindings
            .iter()
            .map(|(l, f)| (*l, self.m.reserve(&f.span)))
            .collect();
        for (i, (local, f)) in bindings.iter().enumerate() {
            let siblings: Vec<(LocalId, LambdaId)> = members
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, m)| *m)
                .collect();
            let mut self_names = vec![*local];
            self_names.extend(f.name.iter().map(|(l, _)| *l));
            let group = Group {
                captures: captures.clone(),
                siblings: &siblings,
                self_names,
            };
            let lambda = lower_fn(self.m, f, &group);
            self.m.lambdas[members[i].1 .0 as usize] = lambda;
        }
        for (local, lambda) in members {
            let args = captures.iter().map(|c| self.local(*c, span)).collect();
            let v = self.emit(
                Rhs::Alloc {
                    kind: AllocKind::Closure(lambda),
                    args,
                    reuse: None,
                },
                span,
            );
            self.bind(local, v);
        }
    }
}

enum Callee {
    /// A primitive or allocation already bound to this variable.
    Inline(VarId),
    Call(VarId, Vec<VarId>),
}

fn lower_fn(m: &mut ModuleBuilder, f: &FnExpr, group: &Group) -> Lambda {
    let mut arities: Vec<&hir::FnArity> = f.arities.iter().collect();
    arities.sort_by_key(|a| (a.params.len(), a.rest.is_some()));
    let arities = arities
        .into_iter()
        .map(|a| lower_arity(m, f, a, group))
        .collect();
    Lambda {
        name: f.display_name.clone(),
        span: f.span.clone(),
        ncaptures: group.captures.len() as u32,
        arities,
    }
}

fn lower_arity(m: &mut ModuleBuilder, f: &FnExpr, arity: &hir::FnArity, group: &Group) -> Arity {
    let mut b = ArityBuilder::new(m);
    let params: Vec<VarId> = arity.params.iter().map(|_| b.fresh_var()).collect();
    let rest = arity.rest.map(|_| b.fresh_var());
    bind_entry(&mut b, f, arity, group);
    let outer: Vec<VarId> = params.iter().chain(rest.iter()).copied().collect();
    let locals: Vec<LocalId> = arity
        .params
        .iter()
        .chain(arity.rest.iter())
        .copied()
        .collect();
    let term = if has_recur(&arity.body, arity.loop_id) {
        let join = b.fresh_join();
        let inner: Vec<VarId> = outer.iter().map(|_| b.fresh_var()).collect();
        for (l, v) in locals.iter().zip(&inner) {
            b.bind(*l, *v);
        }
        b.loops.insert(arity.loop_id, join);
        let body = b.block(|b| b.tail(&arity.body, Ctx::Return));
        Expr::LetJoin {
            join,
            params: inner,
            body: Box::new(body),
            cont: Box::new(Expr::Jump { join, args: outer }),
        }
    } else {
        for (l, v) in locals.iter().zip(&outer) {
            b.bind(*l, *v);
        }
        b.tail(&arity.body, Ctx::Return)
    };
    b.finish(params, rest, term)
}

/// Binds at arity entry the captures the arity uses (all of them if it
/// refers to a sibling, whose closure is built from them), its own closure,
/// and the siblings.
fn bind_entry(b: &mut ArityBuilder, f: &FnExpr, arity: &hir::FnArity, group: &Group) {
    let free = arity_free_locals(arity);
    let uses_sibling = group.siblings.iter().any(|(l, _)| free.contains(l));
    for (i, c) in group.captures.iter().enumerate() {
        if uses_sibling || free.contains(c) {
            let v = b.emit(Rhs::Capture(i as u32), &f.span);
            b.borrowed.push(v);
            b.bind(*c, v);
        }
    }
    if group.self_names.iter().any(|l| free.contains(l)) {
        let v = b.emit(Rhs::SelfClosure, &f.span);
        b.borrowed.push(v);
        for l in &group.self_names {
            b.bind(*l, v);
        }
    }
    for (l, lambda) in group.siblings {
        b.locals
            .insert(*l, Binding::Sibling(*lambda, group.captures.clone()));
    }
}
