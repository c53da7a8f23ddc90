//! VM tests over hand-built Core IR (with the reference counting Perceus
//! would insert written out), each checking its result and that the run was
//! garbage-free.

use crate::{disassemble, install, load, reductions};
use genera_ir::{
    AllocKind, Arity, ConstId, Expr, JoinId, Lambda, LambdaId, Module, PrimOp, Rhs, VarId,
};
use genera_reader::{Form, FormKind, Span};
use genera_runtime::tag::Tag;
use genera_runtime::{callable, coll, error, heap, print, Res, Thrown, Value};

// ---- a tiny IR builder ---------------------------------------------------------

fn span(line: u32) -> Span {
    Span {
        file: "test.clj".into(),
        line,
        col: 1,
        start: 0,
        end: 0,
    }
}

/// Fresh variables and joins for one arity.
#[derive(Default)]
struct Fb {
    nvars: u32,
    njoins: u32,
}

impl Fb {
    fn var(&mut self) -> VarId {
        self.nvars += 1;
        VarId(self.nvars - 1)
    }
    fn vars<const N: usize>(&mut self) -> [VarId; N] {
        std::array::from_fn(|_| self.var())
    }
    fn join(&mut self) -> JoinId {
        self.njoins += 1;
        JoinId(self.njoins - 1)
    }
    fn arity(
        &self,
        params: &[VarId],
        rest: Option<VarId>,
        borrowed: &[VarId],
        body: Expr,
    ) -> Arity {
        Arity {
            params: params.to_vec(),
            rest,
            borrowed: borrowed.to_vec(),
            nvars: self.nvars,
            njoins: self.njoins,
            body,
        }
    }
}

/// A straight-line statement.
enum S {
    /// `let v = rhs` at source line, with its unwind list.
    Let(VarId, Rhs, u32, Vec<VarId>),
    Dup(VarId),
    Drop(VarId),
}

fn let_(v: VarId, rhs: Rhs) -> S {
    S::Let(v, rhs, 1, vec![])
}

fn let_u(v: VarId, rhs: Rhs, line: u32, unwind: &[VarId]) -> S {
    S::Let(v, rhs, line, unwind.to_vec())
}

fn seq(stmts: Vec<S>, tail: Expr) -> Expr {
    stmts.into_iter().rev().fold(tail, |body, s| match s {
        S::Let(var, rhs, line, unwind) => Expr::Let {
            var,
            rhs,
            span: span(line),
            unwind,
            body: Box::new(body),
        },
        S::Dup(var) => Expr::Dup {
            var,
            body: Box::new(body),
        },
        S::Drop(var) => Expr::Drop {
            var,
            body: Box::new(body),
        },
    })
}

fn prim(op: PrimOp, args: &[VarId]) -> Rhs {
    Rhs::Prim {
        op,
        args: args.to_vec(),
    }
}

fn call(f: VarId, args: &[VarId]) -> Rhs {
    Rhs::Call {
        f,
        args: args.to_vec(),
    }
}

fn closure(id: u32, caps: &[VarId]) -> Rhs {
    Rhs::Alloc {
        kind: AllocKind::Closure(LambdaId(id)),
        args: caps.to_vec(),
        reuse: None,
    }
}

fn if_(cond: VarId, then: Expr, else_: Expr) -> Expr {
    Expr::If {
        cond,
        then: Box::new(then),
        else_: Box::new(else_),
    }
}

fn tail(f: VarId, args: &[VarId]) -> Expr {
    Expr::TailCall {
        f,
        args: args.to_vec(),
        span: span(1),
        unwind: vec![],
    }
}

fn lambda(name: &str, ncaptures: u32, arities: Vec<Arity>) -> Lambda {
    Lambda {
        name: name.to_string(),
        span: span(1),
        ncaptures,
        arities,
    }
}

/// Module constants: integers (`ConstId(i)` is `ints[i]`).
fn module(lambdas: Vec<Lambda>, ints: &[i64]) -> Module {
    let consts = ints
        .iter()
        .map(|n| Form::new(FormKind::Int(*n), span(1)))
        .collect();
    Module {
        lambdas,
        consts,
        entry: LambdaId(0),
    }
}

fn k(i: u32) -> Rhs {
    Rhs::Const(ConstId(i))
}

/// Loads and runs `m`, returning the result; checks that dropping the entry
/// closure and the result leaves no garbage, and hands the result to
/// `inspect` first.
fn run_with(m: &Module, inspect: impl FnOnce(&Res)) {
    install();
    let before = heap::leaked_objects();
    let entry = load(m).unwrap_or_else(|e| panic!("load failed: {e}"));
    let result = callable::invoke(entry, &[]);
    inspect(&result);
    match result {
        Ok(v) | Err(Thrown(v)) => heap::drop(v),
    }
    heap::drop(entry);
    assert_eq!(heap::leaked_objects(), before, "the run leaked objects");
}

fn run_int(m: &Module) -> i64 {
    let mut out = None;
    run_with(m, |r| match r {
        Ok(v) if v.is_fixnum() => out = Some(v.as_fixnum()),
        other => panic!("expected a fixnum, got {other:?}"),
    });
    out.unwrap()
}

fn is_tag(v: Value, tag: Tag) -> bool {
    callable::tag_of(v) == Some(tag)
}

// ---- programs ----------------------------------------------------------------

/// `(fn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))`, lambda `id`.
fn fib_lambda() -> Lambda {
    let mut fb = Fb::default();
    let [n, s, two, c, one, a, r1, b, r2, r] = fb.vars();
    let body = seq(
        vec![
            let_(s, Rhs::SelfClosure),
            let_(two, k(1)),
            let_(c, prim(PrimOp::Lt, &[n, two])),
        ],
        if_(
            c,
            Expr::Return(n),
            seq(
                vec![
                    let_(one, k(2)),
                    let_(a, prim(PrimOp::Sub, &[n, one])),
                    S::Dup(s),
                    let_u(r1, call(s, &[a]), 3, &[n]),
                    let_(b, prim(PrimOp::Sub, &[n, two])),
                    S::Drop(n),
                    S::Dup(s),
                    let_u(r2, call(s, &[b]), 3, &[r1]),
                    let_(r, prim(PrimOp::Add, &[r1, r2])),
                ],
                Expr::Return(r),
            ),
        ),
    );
    lambda("user/fib", 0, vec![fb.arity(&[n], None, &[s], body)])
}

/// An entry that calls lambda 1 with constant 0 as its argument.
fn entry_calling_1_with_const0() -> Lambda {
    let mut fb = Fb::default();
    let [f, n, r] = fb.vars();
    let body = seq(
        vec![
            let_(f, closure(1, &[])),
            let_(n, k(0)),
            let_(r, call(f, &[n])),
        ],
        Expr::Return(r),
    );
    lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)])
}

#[test]
fn constant() {
    let mut fb = Fb::default();
    let v = fb.var();
    let entry = lambda(
        "e",
        0,
        vec![fb.arity(&[], None, &[], seq(vec![let_(v, k(0))], Expr::Return(v)))],
    );
    assert_eq!(run_int(&module(vec![entry], &[42])), 42);
}

#[test]
fn fib_recursion() {
    let m = module(
        vec![entry_calling_1_with_const0(), fib_lambda()],
        &[20, 2, 1],
    );
    let before = reductions();
    assert_eq!(run_int(&m), 6765);
    // fib(20) makes 21891 calls, plus the entry's.
    assert!(reductions() - before >= 21891);
}

/// `(loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc i)) acc))`.
fn sum_loop(n: i64) -> Module {
    let mut fb = Fb::default();
    let [i0, acc0, i, acc, limit, c, i2, acc2] = fb.vars();
    let j = fb.join();
    let body = seq(
        vec![let_(i0, k(1)), let_(acc0, k(1))],
        Expr::LetJoin {
            join: j,
            params: vec![i, acc],
            body: Box::new(seq(
                vec![
                    let_(limit, k(0)),
                    let_(c, prim(PrimOp::Lt, &[i, limit])),
                    S::Drop(limit),
                ],
                if_(
                    c,
                    seq(
                        vec![
                            let_(i2, prim(PrimOp::Inc, &[i])),
                            let_(acc2, prim(PrimOp::Add, &[acc, i])),
                            S::Drop(i),
                            S::Drop(acc),
                        ],
                        Expr::Jump {
                            join: j,
                            args: vec![i2, acc2],
                        },
                    ),
                    seq(vec![S::Drop(i)], Expr::Return(acc)),
                ),
            )),
            cont: Box::new(Expr::Jump {
                join: j,
                args: vec![i0, acc0],
            }),
        },
    );
    module(
        vec![lambda("user/loop", 0, vec![fb.arity(&[], None, &[], body)])],
        &[n, 0],
    )
}

#[test]
fn million_iteration_loop_runs_in_constant_stack() {
    let before = reductions();
    assert_eq!(run_int(&sum_loop(1_000_000)), 499_999_500_000);
    assert!(
        reductions() - before >= 1_000_000,
        "every back-edge counts a reduction"
    );
}

#[test]
fn fixnum_overflow_goes_to_the_runtime() {
    // (+ FIXNUM_MAX 1) cannot stay a fixnum; whatever the runtime does
    // (box or throw), the VM must not wrap.
    let mut fb = Fb::default();
    let [a, b, r] = fb.vars();
    let body = seq(
        vec![
            let_(a, k(0)),
            let_(b, k(1)),
            let_u(r, prim(PrimOp::Add, &[a, b]), 1, &[]),
        ],
        Expr::Return(r),
    );
    let m = module(
        vec![lambda("e", 0, vec![fb.arity(&[], None, &[], body)])],
        &[genera_runtime::value::FIXNUM_MAX, 1],
    );
    run_with(&m, |r| match r {
        // Clojure's + throws on long overflow; a fixnum overflow that is
        // still a long is boxed.
        Ok(v) => assert_eq!(
            genera_runtime::num::as_long(*v),
            Some(genera_runtime::value::FIXNUM_MAX + 1)
        ),
        Err(Thrown(v)) => panic!("unexpected {}", print::pr_str(*v)),
    });
}

/// `((fn [k] (fn [x] (+ x k))) 10)` applied to 5, with the adder as a real
/// heap closure capturing a heap closure too.
#[test]
fn closures_capture_values() {
    // Lambda 2: (fn [x] (+ x k)), captures k and an unused closure.
    let mut fb = Fb::default();
    let [x, kk, s] = fb.vars();
    let adder = lambda(
        "user/adder",
        2,
        vec![fb.arity(
            &[x],
            None,
            &[kk],
            seq(
                vec![
                    let_(kk, Rhs::Capture(0)),
                    let_(s, prim(PrimOp::Add, &[x, kk])),
                    S::Drop(x),
                ],
                Expr::Return(s),
            ),
        )],
    );
    // Lambda 1: (fn [] nil), only to be captured.
    let mut fb1 = Fb::default();
    let n = fb1.var();
    let unit = lambda(
        "user/unit",
        0,
        vec![fb1.arity(&[], None, &[], seq(vec![let_(n, k(2))], Expr::Return(n)))],
    );
    let mut fb0 = Fb::default();
    let [ten, u, add, five, r] = fb0.vars();
    let body = seq(
        vec![
            let_(ten, k(0)),
            let_(u, closure(1, &[])),
            let_(add, closure(2, &[ten, u])),
            let_(five, k(1)),
            let_(r, call(add, &[five])),
        ],
        Expr::Return(r),
    );
    let entry = lambda("user/entry", 0, vec![fb0.arity(&[], None, &[], body)]);
    assert_eq!(run_int(&module(vec![entry, unit, adder], &[10, 5, 0])), 15);
}

/// A closure returned as the result is a live heap object owned by the
/// caller; dropping it frees it and its code.
#[test]
fn returned_closure_is_owned_by_the_caller() {
    let mut fb1 = Fb::default();
    let n = fb1.var();
    let unit = lambda(
        "user/unit",
        0,
        vec![fb1.arity(&[], None, &[], seq(vec![let_(n, k(0))], Expr::Return(n)))],
    );
    let mut fb0 = Fb::default();
    let u = fb0.var();
    let entry = lambda(
        "user/entry",
        0,
        vec![fb0.arity(
            &[],
            None,
            &[],
            seq(vec![let_(u, closure(1, &[]))], Expr::Return(u)),
        )],
    );
    run_with(&module(vec![entry, unit], &[7]), |r| {
        let f = *r.as_ref().expect("ok");
        assert!(is_tag(f, Tag::Closure));
        let v = callable::invoke(f, &[]).expect("call");
        assert_eq!(v.as_fixnum(), 7);
    });
}

/// even?/odd? passing each other along, 1,000,000 mutual tail calls deep.
#[test]
fn mutual_tail_calls_run_in_constant_stack() {
    // Lambda 1 (even?) and 2 (odd?): (fn [n self other] (if (zero? n) true/false (other (dec n) other self)))
    let parity = |name: &str, on_zero: u32| {
        let mut fb = Fb::default();
        let [n, me, other, z, r, m] = fb.vars();
        let body = seq(
            vec![let_(z, prim(PrimOp::IsZero, &[n]))],
            if_(
                z,
                seq(
                    vec![S::Drop(n), S::Drop(me), S::Drop(other), let_(r, k(on_zero))],
                    Expr::Return(r),
                ),
                seq(
                    vec![let_(m, prim(PrimOp::Dec, &[n])), S::Drop(n), S::Dup(other)],
                    tail(other, &[m, other, me]),
                ),
            ),
        );
        lambda(name, 0, vec![fb.arity(&[n, me, other], None, &[], body)])
    };
    let mut fb = Fb::default();
    let [e, o, n, r] = fb.vars();
    let body = seq(
        vec![
            let_(e, closure(1, &[])),
            let_(o, closure(2, &[])),
            let_(n, k(0)),
            S::Dup(e),
            let_(r, call(e, &[n, e, o])),
        ],
        Expr::Return(r),
    );
    let entry = lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)]);
    // Constants: 0 = n, 1 = 1 (true), 2 = 0 (false).
    let m = module(
        vec![entry, parity("user/even?", 1), parity("user/odd?", 2)],
        &[1_000_000, 1, 0],
    );
    assert_eq!(run_int(&m), 1);
    let m = module(
        vec![
            {
                let mut fb = Fb::default();
                let [e, o, n, r] = fb.vars();
                let body = seq(
                    vec![
                        let_(e, closure(1, &[])),
                        let_(o, closure(2, &[])),
                        let_(n, k(0)),
                        S::Dup(e),
                        let_(r, call(e, &[n, e, o])),
                    ],
                    Expr::Return(r),
                );
                lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)])
            },
            parity("user/even?", 1),
            parity("user/odd?", 2),
        ],
        &[999_999, 1, 0],
    );
    assert_eq!(run_int(&m), 0);
}

/// `(fn f [n] (inc (f n)))`: unbounded non-tail recursion throws
/// StackOverflowError and unwinds every frame.
#[test]
fn deep_recursion_throws_stack_overflow() {
    let mut fb = Fb::default();
    let [n, s, r, r2, junk] = fb.vars();
    // Each frame holds a live heap value (a closure) that unwinding must drop.
    let body = seq(
        vec![
            let_(s, Rhs::SelfClosure),
            let_(junk, closure(2, &[])),
            S::Dup(s),
            let_u(r, call(s, &[n]), 2, &[junk]),
            S::Drop(junk),
            let_(r2, prim(PrimOp::Inc, &[r])),
        ],
        Expr::Return(r2),
    );
    let f = lambda("user/f", 0, vec![fb.arity(&[n], None, &[s], body)]);
    let mut fb2 = Fb::default();
    let x = fb2.var();
    let unit = lambda(
        "user/unit",
        0,
        vec![fb2.arity(&[], None, &[], seq(vec![let_(x, k(0))], Expr::Return(x)))],
    );
    let m = module(vec![entry_calling_1_with_const0(), f, unit], &[0]);
    run_with(&m, |r| match r {
        Err(Thrown(v)) => {
            assert_eq!(exception_class(*v), "StackOverflowError");
            assert!(!trace_lines(*v).is_empty());
        }
        Ok(v) => panic!("expected StackOverflowError, got {v:?}"),
    });
}

/// Wrong argument count: the callee and the arguments are released.
#[test]
fn wrong_arity_throws() {
    let mut fb = Fb::default();
    let [f, a, b, r] = fb.vars();
    let body = seq(
        vec![
            let_(f, closure(1, &[])),
            let_(a, closure(2, &[])),
            let_(b, k(0)),
            let_u(r, call(f, &[a, b]), 1, &[]),
        ],
        Expr::Return(r),
    );
    let entry = lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)]);
    let m = module(vec![entry, fib_lambda(), fib_lambda()], &[1, 2, 1]);
    run_with(&m, |r| match r {
        Err(Thrown(v)) => {
            assert_eq!(
                error::exception_message(*v).as_deref(),
                Some("Wrong number of args (2) passed to: user/fib")
            );
        }
        Ok(v) => panic!("expected an arity error, got {v:?}"),
    });
}

/// A lambda `(fn [] 0)` used as a heap value to keep alive or drop.
fn unit_lambda(name: &str) -> Lambda {
    let mut fb = Fb::default();
    let v = fb.var();
    lambda(
        name,
        0,
        vec![fb.arity(&[], None, &[], seq(vec![let_(v, k(0))], Expr::Return(v)))],
    )
}

fn exception_class(v: Value) -> String {
    assert!(
        error::is_exception(v),
        "not an exception: {}",
        print::pr_str(v)
    );
    error::kind_of(v).to_string()
}

fn trace_lines(v: Value) -> Vec<String> {
    let t = error::trace_of(v);
    if t.is_nil() {
        return vec![];
    }
    coll::vector_items(t)
        .iter()
        .map(|f| print::pr_str(*f))
        .collect()
}

/// `(/ 1 0)` two frames down, with owned heap values live in every frame,
/// caught by a handler in the entry that returns the exception.
#[test]
fn try_catch_unwinds_owned_values() {
    // Lambda 1: (fn [] (let [junk (fn ...)] (/ 1 0) ...)).
    let mut fb1 = Fb::default();
    let [junk, one, zero, q] = fb1.vars();
    let thrower = lambda(
        "user/thrower",
        0,
        vec![fb1.arity(
            &[],
            None,
            &[],
            seq(
                vec![
                    let_(junk, closure(3, &[])),
                    let_(one, k(1)),
                    let_(zero, k(0)),
                    let_u(q, prim(PrimOp::Div, &[one, zero]), 7, &[junk]),
                    S::Drop(junk),
                ],
                Expr::Return(q),
            ),
        )],
    );
    // Lambda 2: (fn [] (let [junk2 ...] (+ 1 (thrower)))): a frame in between.
    let mut fb2 = Fb::default();
    let [junk2, t, r, one, s] = fb2.vars();
    let middle = lambda(
        "user/middle",
        0,
        vec![fb2.arity(
            &[],
            None,
            &[],
            seq(
                vec![
                    let_(junk2, closure(3, &[])),
                    let_(t, closure(1, &[])),
                    let_u(r, call(t, &[]), 5, &[junk2]),
                    S::Drop(junk2),
                    let_(one, k(1)),
                    let_(s, prim(PrimOp::Add, &[r, one])),
                ],
                Expr::Return(s),
            ),
        )],
    );
    // Entry: (let [keep (fn ...)] (try (let [x (fn ...)] (middle)) (catch e (drop keep) e)))
    let mut fb0 = Fb::default();
    let [keep, x, m, r0, exn] = fb0.vars();
    let body = seq(
        vec![let_(keep, closure(3, &[]))],
        Expr::Try {
            body: Box::new(seq(
                vec![
                    let_(x, closure(3, &[])),
                    let_(m, closure(2, &[])),
                    let_u(r0, call(m, &[]), 9, &[x]),
                ],
                seq(vec![S::Drop(x), S::Drop(keep)], Expr::Return(r0)),
            )),
            exn,
            handler: Box::new(seq(vec![S::Drop(keep)], Expr::Return(exn))),
        },
    );
    let entry = lambda("user/entry", 0, vec![fb0.arity(&[], None, &[], body)]);
    let m = module(
        vec![entry, thrower, middle, unit_lambda("user/unit")],
        &[0, 1],
    );
    run_with(&m, |r| {
        let v = *r.as_ref().expect("the handler returns the exception");
        assert_eq!(exception_class(v), "ArithmeticException");
        let trace = trace_lines(v);
        assert_eq!(
            trace,
            vec![
                r#"["user/thrower" "test.clj" 7]"#,
                r#"["user/middle" "test.clj" 5]"#,
                r#"["user/entry" "test.clj" 9]"#
            ]
        );
    });
}

/// Throwing something that is not an exception throws ClassCastException;
/// nobody catches it, so it comes out of `invoke` as `Err`.
#[test]
fn uncaught_throw_is_an_error() {
    let mut fb = Fb::default();
    let [keep, e] = fb.vars();
    let body = seq(
        vec![let_(keep, closure(1, &[])), let_(e, closure(1, &[]))],
        Expr::Throw {
            exn: e,
            span: span(3),
            unwind: vec![keep],
        },
    );
    let entry = lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)]);
    run_with(
        &module(vec![entry, unit_lambda("user/unit")], &[0]),
        |r| match r {
            Err(Thrown(v)) => {
                assert_eq!(exception_class(*v), "ClassCastException");
                assert_eq!(trace_lines(*v), vec![r#"["user/entry" "test.clj" 3]"#]);
            }
            Ok(v) => panic!("expected a throw, got {v:?}"),
        },
    );
}

/// A handler that rethrows: the exception leaves through the outer frame,
/// which records a second trace frame.
#[test]
fn rethrow_from_handler() {
    let mut fb = Fb::default();
    let [one, zero, q, exn] = fb.vars();
    let body = seq(
        vec![let_(one, k(1)), let_(zero, k(0))],
        Expr::Try {
            body: Box::new(seq(
                vec![let_u(q, prim(PrimOp::Quot, &[one, zero]), 2, &[])],
                Expr::Return(q),
            )),
            exn,
            handler: Box::new(Expr::Throw {
                exn,
                span: span(4),
                unwind: vec![],
            }),
        },
    );
    let entry = lambda("user/entry", 0, vec![fb.arity(&[], None, &[], body)]);
    run_with(&module(vec![entry], &[0, 1]), |r| match r {
        Err(Thrown(v)) => {
            assert_eq!(exception_class(*v), "ArithmeticException");
            assert_eq!(trace_lines(*v).len(), 2);
        }
        Ok(v) => panic!("expected a throw, got {v:?}"),
    });
}

/// `(loop [a 1 b 2 i 0] (if (< i 5) (recur b a (inc i)) (- (* 10 a) b)))`:
/// the swap needs the scratch register.
#[test]
fn jumps_move_arguments_in_parallel() {
    let mut fb = Fb::default();
    let [a0, b0, i0, a, b, i, lim, c, i2, ten, t, r] = fb.vars();
    let j = fb.join();
    let body = seq(
        vec![let_(a0, k(0)), let_(b0, k(1)), let_(i0, k(2))],
        Expr::LetJoin {
            join: j,
            params: vec![a, b, i],
            body: Box::new(seq(
                vec![let_(lim, k(3)), let_(c, prim(PrimOp::Lt, &[i, lim]))],
                if_(
                    c,
                    seq(
                        vec![let_(i2, prim(PrimOp::Inc, &[i]))],
                        Expr::Jump {
                            join: j,
                            args: vec![b, a, i2],
                        },
                    ),
                    seq(
                        vec![
                            let_(ten, k(4)),
                            let_(t, prim(PrimOp::Mul, &[ten, a])),
                            let_(r, prim(PrimOp::Sub, &[t, b])),
                        ],
                        Expr::Return(r),
                    ),
                ),
            )),
            cont: Box::new(Expr::Jump {
                join: j,
                args: vec![a0, b0, i0],
            }),
        },
    );
    let m = module(
        vec![lambda("e", 0, vec![fb.arity(&[], None, &[], body)])],
        &[1, 2, 0, 5, 10],
    );
    // After 5 swaps: a = 2, b = 1.
    assert_eq!(run_int(&m), 19);
}

/// `(case x 1 :a 2 :b :c)` over fixnums, through the hash table.
#[test]
fn case_dispatches_on_constants() {
    for (x, want) in [(1, 100), (2, 200), (3, 200), (4, 300), (-9, 300)] {
        let mut fb = Fb::default();
        let [s, r1, r2, r3] = fb.vars();
        let body = seq(
            vec![let_(s, k(0))],
            Expr::Case {
                scrut: s,
                arms: vec![
                    (
                        vec![ConstId(1)],
                        seq(vec![S::Drop(s), let_(r1, k(4))], Expr::Return(r1)),
                    ),
                    (
                        vec![ConstId(2), ConstId(3)],
                        seq(vec![S::Drop(s), let_(r2, k(5))], Expr::Return(r2)),
                    ),
                ],
                default: Box::new(seq(vec![S::Drop(s), let_(r3, k(6))], Expr::Return(r3))),
                unwind: vec![s],
            },
        );
        let m = module(
            vec![lambda("e", 0, vec![fb.arity(&[], None, &[], body)])],
            &[x, 1, 2, 3, 100, 200, 300],
        );
        assert_eq!(run_int(&m), want, "case {x}");
    }
}

/// Two arities and a variadic one: `(fn ([] 0) ([a] a) ([a b & more] (+ a b)))`.
#[test]
fn arity_dispatch_and_rest_args() {
    let mut fb = Fb::default();
    let z = fb.var();
    let a0 = fb.arity(&[], None, &[], seq(vec![let_(z, k(1))], Expr::Return(z)));
    let mut fb = Fb::default();
    let a = fb.var();
    let a1 = fb.arity(&[a], None, &[], Expr::Return(a));
    let mut fb = Fb::default();
    let [a, b, more, s] = fb.vars();
    let a2 = fb.arity(
        &[a, b],
        Some(more),
        &[],
        seq(
            vec![S::Drop(more), let_(s, prim(PrimOp::Add, &[a, b]))],
            Expr::Return(s),
        ),
    );
    let f = lambda("user/multi", 0, vec![a0, a1, a2]);
    for nargs in 0..5usize {
        let mut fb = Fb::default();
        let fv = fb.var();
        let args: Vec<VarId> = (0..nargs).map(|_| fb.var()).collect();
        let r = fb.var();
        let mut stmts = vec![let_(fv, closure(1, &[]))];
        for (i, v) in args.iter().enumerate() {
            stmts.push(let_(*v, k(i as u32 + 2)));
        }
        stmts.push(let_(r, call(fv, &args)));
        let entry = lambda(
            "user/entry",
            0,
            vec![fb.arity(&[], None, &[], seq(stmts, Expr::Return(r)))],
        );
        let m = module(vec![entry, f.clone()], &[0, 0, 10, 20, 30, 40]);
        let want = match nargs {
            0 => 0,
            1 => 10,
            _ => 30,
        };
        assert_eq!(run_int(&m), want, "{nargs} args");
    }
}

// ---- re-entrancy through natives ---------------------------------------------

/// A native that calls its first argument with the rest (through invoke).
fn native_apply(args: &[Value]) -> Res {
    callable::invoke(args[0], &args[1..])
}

/// A native that calls its argument with itself, forever: re-entrant
/// recursion with no genera frame in between to bound it.
fn native_self_apply(args: &[Value]) -> Res {
    callable::invoke(args[0], &[args[0]])
}

#[test]
fn natives_call_back_into_closures() {
    install();
    let before = heap::leaked_objects();
    // Lambda 1: (fn [x] (+ x 1)).
    let mut fb = Fb::default();
    let [x, one, r] = fb.vars();
    let inc = lambda(
        "user/inc",
        0,
        vec![fb.arity(
            &[x],
            None,
            &[],
            seq(
                vec![let_(one, k(1)), let_(r, prim(PrimOp::Add, &[x, one]))],
                Expr::Return(r),
            ),
        )],
    );
    // Entry: (fn [] inc-closure) - then apply it from Rust through a native.
    let mut fb = Fb::default();
    let f = fb.var();
    let entry = lambda(
        "e",
        0,
        vec![fb.arity(
            &[],
            None,
            &[],
            seq(vec![let_(f, closure(1, &[]))], Expr::Return(f)),
        )],
    );
    let m = module(vec![entry, inc], &[0, 1]);
    let e = load(&m).unwrap();
    let inc_closure = callable::invoke(e, &[]).unwrap();
    let apply = callable::make_native_fn("apply", native_apply);
    let v = callable::invoke(apply, &[inc_closure, Value::fixnum(41)]).unwrap();
    assert_eq!(v.as_fixnum(), 42);
    heap::drop(inc_closure);
    heap::drop(e);
    heap::drop(apply);
    assert_eq!(heap::leaked_objects(), before);
}

/// Genera code calling a native that calls genera code, unboundedly: the
/// nesting guard throws instead of overflowing the Rust stack.
#[test]
fn reentrant_recursion_is_bounded() {
    // On a thread of known stack size; object counts are per thread, so the
    // whole test runs there.
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(reentrant_recursion_body)
        .unwrap()
        .join()
        .unwrap();
}

fn reentrant_recursion_body() {
    install();
    crate::set_native_stack_budget(4 << 20);
    let before = heap::leaked_objects();
    // Lambda 1: (fn [self] (nat self)) where `nat` is captured.
    let mut fb = Fb::default();
    let [me, nat, r] = fb.vars();
    let body = seq(
        vec![
            let_(nat, Rhs::Capture(0)),
            S::Dup(nat),
            let_u(r, call(nat, &[me]), 4, &[]),
        ],
        Expr::Return(r),
    );
    let f = lambda(
        "user/loop-through-native",
        1,
        vec![fb.arity(&[me], None, &[nat], body)],
    );
    // The entry returns a closure of lambda 1 over a placeholder; the test
    // rebuilds it over the native with the same code.
    let mut fb = Fb::default();
    let [nat0, c] = fb.vars();
    let entry = lambda(
        "e",
        0,
        vec![fb.arity(
            &[],
            None,
            &[],
            seq(
                vec![let_(nat0, k(0)), let_(c, closure(1, &[nat0]))],
                Expr::Return(c),
            ),
        )],
    );
    let m = module(vec![entry, f], &[0]);
    let e = load(&m).unwrap();
    let c0 = callable::invoke(e, &[]).unwrap();
    let code = callable::closure_code(c0);
    heap::dup(code);
    let native = callable::make_native_fn("self-apply", native_self_apply);
    let c = callable::make_closure(code, &[native]);
    heap::drop(c0);
    let r = callable::invoke(c, &[c]);
    assert!(r.is_err(), "expected StackOverflowError");
    if let Err(Thrown(v)) = r {
        heap::drop(v);
    }
    heap::drop(c);
    heap::drop(e);
    assert_eq!(heap::leaked_objects(), before);
}

#[test]
fn disassembly_names_instructions_and_lines() {
    install();
    let m = module(
        vec![entry_calling_1_with_const0(), fib_lambda()],
        &[20, 2, 1],
    );
    let e = load(&m).unwrap();
    let text = disassemble(e);
    for needle in [
        "fn user/entry",
        "fn user/fib",
        "closure",
        "call",
        "jump-if-!<",
        "sub",
        "add",
        "return",
        "unwind [r0]",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }
    heap::drop(e);
}

/// `cargo test -p genera-vm --release -- --ignored --nocapture bench`
#[test]
#[ignore]
fn bench_fib_30() {
    install();
    let m = module(
        vec![entry_calling_1_with_const0(), fib_lambda()],
        &[30, 2, 1],
    );
    let e = load(&m).unwrap();
    let t = std::time::Instant::now();
    let r = callable::invoke(e, &[]).unwrap();
    println!("fib(30) = {} in {:?}", r.as_fixnum(), t.elapsed());
    heap::drop(e);
    let t = std::time::Instant::now();
    assert_eq!(run_int(&sum_loop(100_000_000)), 4_999_999_950_000_000);
    println!("100M-iteration loop in {:?}", t.elapsed());
}

/// A small fixed workload for instruction counting under valgrind.
#[test]
#[ignore]
fn bench_small() {
    install();
    let which = std::env::var("GENERA_BENCH").unwrap_or_default();
    if which != "loop" && which != "none" {
        let m = module(
            vec![entry_calling_1_with_const0(), fib_lambda()],
            &[22, 2, 1],
        );
        assert_eq!(run_int(&m), 17711);
    }
    if which != "fib" && which != "none" {
        assert_eq!(run_int(&sum_loop(1_000_000)), 499_999_500_000);
    }
}
