//! A tiny HIR builder for the tests, the corpus of programs the tests
//! compile, and the pipeline they run (lower, verify, Perceus, verify).
#![allow(dead_code)]

use genera_hir::*;
use genera_ir::{lower, perceus, print, verify, Expr as IrExpr, Module, VarId};

pub fn sp() -> Span {
    Span::synthetic("test.clj")
}

pub fn ex(kind: ExprKind) -> Expr {
    Expr { kind, span: sp() }
}

pub fn form(kind: FormKind) -> Form {
    Form::new(kind, sp())
}

pub fn int(n: i64) -> Expr {
    ex(ExprKind::Const(form(FormKind::Int(n))))
}
pub fn nil() -> Expr {
    ex(ExprKind::Const(form(FormKind::Nil)))
}
pub fn kw(s: &str) -> Expr {
    ex(ExprKind::Const(form(FormKind::Keyword {
        name: Name::simple(s),
        auto: false,
    })))
}
pub fn string(s: &str) -> Expr {
    ex(ExprKind::Const(form(FormKind::Str(s.to_string()))))
}
pub fn loc(id: LocalId) -> Expr {
    ex(ExprKind::Local(id))
}
/// `clojure.core/name`.
pub fn core(name: &str) -> Expr {
    ex(ExprKind::Var(Name::qualified("clojure.core", name)))
}
/// `user/name`.
pub fn user(name: &str) -> Expr {
    ex(ExprKind::Var(Name::qualified("user", name)))
}
pub fn call(f: Expr, args: Vec<Expr>) -> Expr {
    ex(ExprKind::Invoke {
        f: Box::new(f),
        args,
    })
}
pub fn if_(c: Expr, t: Expr, f: Expr) -> Expr {
    ex(ExprKind::If {
        test: Box::new(c),
        then: Box::new(t),
        else_: Box::new(f),
    })
}
pub fn let_(bindings: Vec<(LocalId, Expr)>, body: Expr) -> Expr {
    ex(ExprKind::Let {
        bindings,
        body: Box::new(body),
    })
}
pub fn do_(stmts: Vec<Expr>, ret: Expr) -> Expr {
    ex(ExprKind::Do {
        stmts,
        ret: Box::new(ret),
    })
}
pub fn loop_(id: LoopId, bindings: Vec<(LocalId, Expr)>, body: Expr) -> Expr {
    ex(ExprKind::Loop {
        id,
        bindings,
        body: Box::new(body),
    })
}
pub fn recur(target: LoopId, args: Vec<Expr>) -> Expr {
    ex(ExprKind::Recur { target, args })
}
pub fn throw(x: Expr) -> Expr {
    ex(ExprKind::Throw(Box::new(x)))
}
pub fn vector(xs: Vec<Expr>) -> Expr {
    ex(ExprKind::Vector(xs))
}
pub fn map(xs: Vec<Expr>) -> Expr {
    ex(ExprKind::Map(xs))
}
pub fn set(xs: Vec<Expr>) -> Expr {
    ex(ExprKind::Set(xs))
}
pub fn case(x: Expr, clauses: Vec<(Vec<i64>, Expr)>, default: Expr) -> Expr {
    let clauses = clauses
        .into_iter()
        .map(|(ks, body)| {
            (
                ks.into_iter().map(|k| form(FormKind::Int(k))).collect(),
                body,
            )
        })
        .collect();
    ex(ExprKind::Case {
        expr: Box::new(x),
        clauses,
        default: Box::new(default),
    })
}
pub fn try_(body: Expr, catches: Vec<(&str, LocalId, Expr)>, finally: Option<Expr>) -> Expr {
    let catches = catches
        .into_iter()
        .map(|(class, local, body)| Catch {
            class: class.to_string(),
            local,
            body,
        })
        .collect();
    ex(ExprKind::Try {
        body: Box::new(body),
        catches,
        finally: finally.map(Box::new),
    })
}
pub fn def(name: &str, init: Option<Expr>, meta: Option<Expr>) -> Expr {
    ex(ExprKind::Def {
        var: Name::qualified("user", name),
        init: init.map(Box::new),
        meta: meta.map(Box::new),
    })
}
pub fn arity(params: Vec<LocalId>, rest: Option<LocalId>, loop_id: LoopId, body: Expr) -> FnArity {
    FnArity {
        params,
        rest,
        loop_id,
        body,
    }
}
pub fn fn_expr(name: Option<(LocalId, &str)>, display: &str, arities: Vec<FnArity>) -> FnExpr {
    FnExpr {
        name: name.map(|(l, n)| (l, n.to_string())),
        display_name: display.to_string(),
        arities,
        span: sp(),
    }
}
pub fn fn_(name: Option<(LocalId, &str)>, display: &str, arities: Vec<FnArity>) -> Expr {
    ex(ExprKind::Fn(fn_expr(name, display, arities)))
}
pub fn letfn(bindings: Vec<(LocalId, FnExpr)>, body: Expr) -> Expr {
    ex(ExprKind::LetFn {
        bindings,
        body: Box::new(body),
    })
}

/// Fresh local and loop ids.
#[derive(Default)]
pub struct Ids {
    locals: u32,
    loops: u32,
}

impl Ids {
    pub fn local(&mut self) -> LocalId {
        self.locals += 1;
        LocalId(self.locals - 1)
    }
    pub fn locals<const N: usize>(&mut self) -> [LocalId; N] {
        std::array::from_fn(|_| self.local())
    }
    pub fn loop_id(&mut self) -> LoopId {
        self.loops += 1;
        LoopId(self.loops - 1)
    }
}

/// Lowers and runs Perceus, verifying after each pass; returns the printed
/// IR after each pass.
pub fn compile(e: &Expr) -> (String, String, Module) {
    let mut m = lower::lower(e);
    let lowered = print::print_module(&m);
    if let Err(errors) = verify::verify(&m, false) {
        panic!(
            "lowered IR fails verification:\n{}\n{lowered}",
            errors.join("\n")
        );
    }
    perceus::run(&mut m);
    let rc = print::print_module(&m);
    if let Err(errors) = verify::verify(&m, true) {
        panic!(
            "IR after Perceus fails verification:\n{}\n{rc}",
            errors.join("\n")
        );
    }
    (lowered, rc, m)
}

/// Small programs covering every construct, by name.
pub fn corpus() -> Vec<(&'static str, Expr)> {
    vec![
        ("fib", fib()),
        ("loop_sum", loop_sum()),
        ("loop_free_vars", loop_free_vars()),
        ("reverse_reuse", reverse_reuse()),
        ("map_reuse", map_reuse()),
        ("node_update_reuse", node_update_reuse()),
        ("closure_capture", closure_capture()),
        ("nested_if_value", nested_if_value()),
        ("try_catch_finally", try_catch_finally()),
        ("try_in_loop", try_in_loop()),
        ("letfn_even_odd", letfn_even_odd()),
        ("case_dispatch", case_dispatch()),
        ("case_in_try", case_in_try()),
        ("variadic_recur", variadic_recur()),
        ("def_and_literals", def_and_literals()),
        ("throw_in_value", throw_in_value()),
        ("do_statements", do_statements()),
    ]
}

/// `(def fib (fn* fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))`
pub fn fib() -> Expr {
    let mut ids = Ids::default();
    let [fib, n] = ids.locals();
    let body = if_(
        call(core("<"), vec![loc(n), int(2)]),
        loc(n),
        call(
            core("+"),
            vec![
                call(loc(fib), vec![call(core("-"), vec![loc(n), int(1)])]),
                call(loc(fib), vec![call(core("-"), vec![loc(n), int(2)])]),
            ],
        ),
    );
    let f = fn_(
        Some((fib, "fib")),
        "user/fib",
        vec![arity(vec![n], None, ids.loop_id(), body)],
    );
    def("fib", Some(f), None)
}

/// `(fn* [xs] (loop [s xs acc 0] (if (seq s) (recur (next s) (+ acc (first s))) acc)))`
pub fn loop_sum() -> Expr {
    let mut ids = Ids::default();
    let [xs, s, acc] = ids.locals();
    let (fl, l) = (ids.loop_id(), ids.loop_id());
    let body = loop_(
        l,
        vec![(s, loc(xs)), (acc, int(0))],
        if_(
            call(core("seq"), vec![loc(s)]),
            recur(
                l,
                vec![
                    call(core("next"), vec![loc(s)]),
                    call(core("+"), vec![loc(acc), call(core("first"), vec![loc(s)])]),
                ],
            ),
            loc(acc),
        ),
    );
    fn_(None, "user/sum", vec![arity(vec![xs], None, fl, body)])
}

/// `(fn* [f n] (loop [i 0 acc []] (if (< i n) (recur (inc i) (conj acc (f i))) acc)))`
pub fn loop_free_vars() -> Expr {
    let mut ids = Ids::default();
    let [f, n, i, acc] = ids.locals();
    let (fl, l) = (ids.loop_id(), ids.loop_id());
    let body = loop_(
        l,
        vec![
            (i, int(0)),
            (acc, ex(ExprKind::Const(form(FormKind::Vector(vec![]))))),
        ],
        if_(
            call(core("<"), vec![loc(i), loc(n)]),
            recur(
                l,
                vec![
                    call(core("inc"), vec![loc(i)]),
                    call(core("conj"), vec![loc(acc), call(loc(f), vec![loc(i)])]),
                ],
            ),
            loc(acc),
        ),
    );
    fn_(
        None,
        "user/mapv-range",
        vec![arity(vec![f, n], None, fl, body)],
    )
}

/// `(fn* [xs] (loop [xs xs acc nil] (if (seq xs) (recur (next xs) (cons (first xs) acc)) acc)))`
pub fn reverse_reuse() -> Expr {
    let mut ids = Ids::default();
    let [xs0, xs, acc] = ids.locals();
    let (fl, l) = (ids.loop_id(), ids.loop_id());
    let body = loop_(
        l,
        vec![(xs, loc(xs0)), (acc, nil())],
        if_(
            call(core("seq"), vec![loc(xs)]),
            recur(
                l,
                vec![
                    call(core("next"), vec![loc(xs)]),
                    call(
                        core("cons"),
                        vec![call(core("first"), vec![loc(xs)]), loc(acc)],
                    ),
                ],
            ),
            loc(acc),
        ),
    );
    fn_(None, "user/rev", vec![arity(vec![xs0], None, fl, body)])
}

/// `(fn* my-map [f xs] (if (seq xs) (cons (f (first xs)) (my-map f (rest xs))) nil))`:
/// the cons cell of a unique `xs` is reused across the recursive call.
pub fn map_reuse() -> Expr {
    let mut ids = Ids::default();
    let [me, f, xs] = ids.locals();
    let body = if_(
        call(core("seq"), vec![loc(xs)]),
        call(
            core("cons"),
            vec![
                call(loc(f), vec![call(core("first"), vec![loc(xs)])]),
                call(loc(me), vec![loc(f), call(core("rest"), vec![loc(xs)])]),
            ],
        ),
        nil(),
    );
    fn_(
        Some((me, "my-map")),
        "user/my-map",
        vec![arity(vec![f, xs], None, ids.loop_id(), body)],
    )
}

/// A functional update of a destructured node, as in a red-black tree's
/// `ins`: `(fn* ins [t k] (let [c (nth t 0 nil) l (nth t 1 nil) y (nth t 2 nil)
/// r (nth t 3 nil)] (if (< k y) [c (ins l k) y r] [c l y (t 3)])))`. The last
/// lookup of `t` (calling it) keeps it alive just long enough to reuse it.
pub fn node_update_reuse() -> Expr {
    let mut ids = Ids::default();
    let [me, t, k, c, l, y, r] = ids.locals();
    let nth = |i: i64| call(core("nth"), vec![loc(t), int(i), nil()]);
    let body = let_(
        vec![(c, nth(0)), (l, nth(1)), (y, nth(2)), (r, nth(3))],
        if_(
            call(core("<"), vec![loc(k), loc(y)]),
            vector(vec![
                loc(c),
                call(loc(me), vec![loc(l), loc(k)]),
                loc(y),
                loc(r),
            ]),
            vector(vec![loc(c), loc(l), loc(y), call(loc(t), vec![int(3)])]),
        ),
    );
    fn_(
        Some((me, "ins")),
        "user/ins",
        vec![arity(vec![t, k], None, ids.loop_id(), body)],
    )
}

/// `(fn* [x] (fn* [y] [x y x]))`
pub fn closure_capture() -> Expr {
    let mut ids = Ids::default();
    let [x, y] = ids.locals();
    let inner = fn_(
        None,
        "user/adder/fn--1",
        vec![arity(
            vec![y],
            None,
            ids.loop_id(),
            vector(vec![loc(x), loc(y), loc(x)]),
        )],
    );
    fn_(
        None,
        "user/adder",
        vec![arity(vec![x], None, ids.loop_id(), inner)],
    )
}

/// `(fn* [a b] (let [c (if a (if b 1 2) 3)] (f c (if b a 0))))`
pub fn nested_if_value() -> Expr {
    let mut ids = Ids::default();
    let [a, b, c] = ids.locals();
    let body = let_(
        vec![(c, if_(loc(a), if_(loc(b), int(1), int(2)), int(3)))],
        call(user("f"), vec![loc(c), if_(loc(b), loc(a), int(0))]),
    );
    fn_(
        None,
        "user/nested",
        vec![arity(vec![a, b], None, ids.loop_id(), body)],
    )
}

/// ```clojure
/// (fn* [f x] (let [v [x]]
///   (try (f v)
///     (catch ExceptionInfo e (ex-data e))
///     (catch Exception e v)
///     (finally (println x)))))
/// ```
pub fn try_catch_finally() -> Expr {
    let mut ids = Ids::default();
    let [f, x, v, e1, e2] = ids.locals();
    let body = let_(
        vec![(v, vector(vec![loc(x)]))],
        try_(
            call(loc(f), vec![loc(v)]),
            vec![
                ("ExceptionInfo", e1, call(core("ex-data"), vec![loc(e1)])),
                ("Exception", e2, loc(v)),
            ],
            Some(call(core("println"), vec![loc(x)])),
        ),
    );
    fn_(
        None,
        "user/guarded",
        vec![arity(vec![f, x], None, ids.loop_id(), body)],
    )
}

/// `(fn* [g xs] (loop [xs xs] (if xs (do (try (g (first xs)) (catch Throwable e nil)) (recur (next xs))) :done)))`
pub fn try_in_loop() -> Expr {
    let mut ids = Ids::default();
    let [g, xs0, xs, e] = ids.locals();
    let (fl, l) = (ids.loop_id(), ids.loop_id());
    let body = loop_(
        l,
        vec![(xs, loc(xs0))],
        if_(
            loc(xs),
            do_(
                vec![try_(
                    call(loc(g), vec![call(core("first"), vec![loc(xs)])]),
                    vec![("Throwable", e, nil())],
                    None,
                )],
                recur(l, vec![call(core("next"), vec![loc(xs)])]),
            ),
            kw("done"),
        ),
    );
    fn_(None, "user/each", vec![arity(vec![g, xs0], None, fl, body)])
}

/// ```clojure
/// (fn* [k] (letfn* [ev? (fn* ev? [n] (if (zero? n) k (od? (dec n))))
///                   od? (fn* od? [n] (if (zero? n) false (ev? (dec n))))]
///   (ev? 10)))
/// ```
pub fn letfn_even_odd() -> Expr {
    let mut ids = Ids::default();
    let [k, ev, od, n1, n2] = ids.locals();
    let ev_fn = fn_expr(
        None,
        "user/f/ev?",
        vec![arity(
            vec![n1],
            None,
            ids.loop_id(),
            if_(
                call(core("zero?"), vec![loc(n1)]),
                loc(k),
                call(loc(od), vec![call(core("dec"), vec![loc(n1)])]),
            ),
        )],
    );
    let od_fn = fn_expr(
        None,
        "user/f/od?",
        vec![arity(
            vec![n2],
            None,
            ids.loop_id(),
            if_(
                call(core("zero?"), vec![loc(n2)]),
                ex(ExprKind::Const(form(FormKind::Bool(false)))),
                call(loc(ev), vec![call(core("dec"), vec![loc(n2)])]),
            ),
        )],
    );
    let body = letfn(vec![(ev, ev_fn), (od, od_fn)], call(loc(ev), vec![int(10)]));
    fn_(
        None,
        "user/f",
        vec![arity(vec![k], None, ids.loop_id(), body)],
    )
}

/// `(fn* [x y] (case* x [[1 2] :small [3] y] (str x)))`
pub fn case_dispatch() -> Expr {
    let mut ids = Ids::default();
    let [x, y] = ids.locals();
    let body = case(
        loc(x),
        vec![(vec![1, 2], kw("small")), (vec![3], loc(y))],
        call(core("str"), vec![loc(x)]),
    );
    fn_(
        None,
        "user/classify",
        vec![arity(vec![x, y], None, ids.loop_id(), body)],
    )
}

/// `(fn* [x y z] (let* [v [y]] (try (case x 1 (count v) 2 z :none) (catch Exception e v))))`:
/// the case may throw (hashing a lazy seq), so it unwinds `x` and `z` and
/// leaves `v` to the handler.
pub fn case_in_try() -> Expr {
    let mut ids = Ids::default();
    let [x, y, z, v, e] = ids.locals();
    let body = let_(
        vec![(v, vector(vec![loc(y)]))],
        try_(
            case(
                loc(x),
                vec![
                    (vec![1], call(core("count"), vec![loc(v)])),
                    (vec![2], loc(z)),
                ],
                kw("none"),
            ),
            vec![("Exception", e, loc(v))],
            None,
        ),
    );
    fn_(
        None,
        "user/case-in-try",
        vec![arity(vec![x, y, z], None, ids.loop_id(), body)],
    )
}

/// `(fn* f ([x] (f x 0)) ([x y & more] (if more (recur (+ x y) (first more) (next more)) (+ x y))))`
pub fn variadic_recur() -> Expr {
    let mut ids = Ids::default();
    let [f, x1, x, y, more] = ids.locals();
    let (l1, l2) = (ids.loop_id(), ids.loop_id());
    let a1 = arity(vec![x1], None, l1, call(loc(f), vec![loc(x1), int(0)]));
    let a2 = arity(
        vec![x, y],
        Some(more),
        l2,
        if_(
            loc(more),
            recur(
                l2,
                vec![
                    call(core("+"), vec![loc(x), loc(y)]),
                    call(core("first"), vec![loc(more)]),
                    call(core("next"), vec![loc(more)]),
                ],
            ),
            call(core("+"), vec![loc(x), loc(y)]),
        ),
    );
    fn_(Some((f, "f")), "user/plus", vec![a2, a1])
}

/// `(do (def ^:dynamic *x* 1) (set! *x* [*x* #{2 *x*} {:a *x*}]) (with-meta-literal) #'user/*x*)`
pub fn def_and_literals() -> Expr {
    let meta = ex(ExprKind::Const(form(FormKind::Map(vec![
        form(FormKind::Keyword {
            name: Name::simple("dynamic"),
            auto: false,
        }),
        form(FormKind::Bool(true)),
    ]))));
    let x = || user("*x*");
    let value = vector(vec![x(), set(vec![int(2), x()]), map(vec![kw("a"), x()])]);
    let with_meta = ex(ExprKind::WithMeta {
        expr: Box::new(vector(vec![x()])),
        meta: Box::new(map(vec![kw("k"), x()])),
    });
    do_(
        vec![
            def("*x*", Some(int(1)), Some(meta)),
            ex(ExprKind::SetVar {
                var: Name::qualified("user", "*x*"),
                value: Box::new(value),
            }),
            with_meta,
        ],
        ex(ExprKind::TheVar(Name::qualified("user", "*x*"))),
    )
}

/// `(fn* [x] (+ 1 (if x (throw (ex-info "a" {})) 2)))`
pub fn throw_in_value() -> Expr {
    let mut ids = Ids::default();
    let [x] = ids.locals();
    let body = call(
        core("+"),
        vec![
            int(1),
            if_(
                loc(x),
                throw(call(core("ex-info"), vec![string("a"), map(vec![])])),
                int(2),
            ),
        ],
    );
    fn_(
        None,
        "user/t",
        vec![arity(vec![x], None, ids.loop_id(), body)],
    )
}

/// `(do (println 1) (let [a (f)] (g a a) a))`
pub fn do_statements() -> Expr {
    let mut ids = Ids::default();
    let [a] = ids.locals();
    do_(
        vec![call(core("println"), vec![int(1)])],
        let_(
            vec![(a, call(user("f"), vec![]))],
            do_(vec![call(user("g"), vec![loc(a), loc(a)])], loc(a)),
        ),
    )
}

/// Applies `f` to every expression node of every arity, in a fixed order,
/// until it returns true.
pub fn find_mut(m: &mut Module, f: &mut dyn FnMut(&mut IrExpr) -> bool) -> bool {
    fn go(e: &mut IrExpr, f: &mut dyn FnMut(&mut IrExpr) -> bool) -> bool {
        if f(e) {
            return true;
        }
        match e {
            IrExpr::Let { body, .. }
            | IrExpr::Dup { body, .. }
            | IrExpr::Drop { body, .. }
            | IrExpr::DropReuse { body, .. }
            | IrExpr::FreeReuse { body, .. } => go(body, f),
            IrExpr::If { then, else_, .. } => go(then, f) || go(else_, f),
            IrExpr::Case { arms, default, .. } => {
                arms.iter_mut().any(|(_, a)| go(a, f)) || go(default, f)
            }
            IrExpr::LetJoin { body, cont, .. } => go(body, f) || go(cont, f),
            IrExpr::Try { body, handler, .. } => go(body, f) || go(handler, f),
            IrExpr::Jump { .. }
            | IrExpr::Return(_)
            | IrExpr::TailCall { .. }
            | IrExpr::Throw { .. } => false,
        }
    }
    m.lambdas
        .iter_mut()
        .flat_map(|l| l.arities.iter_mut())
        .any(|a| go(&mut a.body, f))
}

/// Removes the `n`th dup or drop; false if there are not that many.
pub fn remove_nth_rc(m: &mut Module, n: usize) -> bool {
    let mut seen = 0;
    find_mut(m, &mut |e| {
        let (IrExpr::Dup { body, .. } | IrExpr::Drop { body, .. }) = e else {
            return false;
        };
        seen += 1;
        if seen <= n {
            return false;
        }
        let body = std::mem::replace(&mut **body, IrExpr::Return(VarId(0)));
        *e = body;
        true
    })
}

/// Removes the `n`th unwind entry; false if there are not that many.
pub fn remove_nth_unwind(m: &mut Module, n: usize) -> bool {
    let mut seen = 0;
    find_mut(m, &mut |e| {
        let (IrExpr::Let { unwind, .. }
        | IrExpr::Case { unwind, .. }
        | IrExpr::TailCall { unwind, .. }
        | IrExpr::Throw { unwind, .. }) = e
        else {
            return false;
        };
        if seen + unwind.len() <= n {
            seen += unwind.len();
            return false;
        }
        unwind.remove(n - seen);
        true
    })
}

pub fn assert_every_rc_op_needed(name: &str, m: &Module) {
    for n in 0.. {
        let mut broken = m.clone();
        if !remove_nth_rc(&mut broken, n) {
            break;
        }
        assert!(
            verify::verify(&broken, true).is_err(),
            "{name}: dup/drop #{n} is not needed"
        );
    }
    for n in 0.. {
        let mut broken = m.clone();
        if !remove_nth_unwind(&mut broken, n) {
            break;
        }
        assert!(
            verify::verify(&broken, true).is_err(),
            "{name}: unwind entry #{n} is not needed"
        );
    }
}
