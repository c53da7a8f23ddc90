# Constant folding (bench/cfold.clj) with tagged tuples:
# ("var", n) ("val", n) ("add", l, r) ("mul", l, r)
import operator
import sys

sys.setrecursionlimit(100000)


def mk_expr(n, v):
    if n == 0:
        return ("var", 1) if v == 0 else ("val", v)
    return ("add", mk_expr(n - 1, v + 1), mk_expr(n - 1, max(v - 1, 0)))


def append_op(op, e1, e2):
    if e1[0] == op:
        return (op, e1[1], append_op(op, e1[2], e2))
    return (op, e1, e2)


def reassoc(e):
    if e[0] in ("add", "mul"):
        return append_op(e[0], reassoc(e[1]), reassoc(e[2]))
    return e


def fold_op(op, f, a, b):
    if a[0] == "val" and b[0] == "val":
        return ("val", f(a[1], b[1]))
    if a[0] == "val" and b[0] == op and b[1][0] == "val":
        return (op, ("val", f(a[1], b[1][1])), b[2])
    if a[0] == "val" and b[0] == op and b[2][0] == "val":
        return (op, ("val", f(a[1], b[2][1])), b[1])
    return (op, a, b)


def cfold(e):
    if e[0] == "add":
        return fold_op("add", operator.add, cfold(e[1]), cfold(e[2]))
    if e[0] == "mul":
        return fold_op("mul", operator.mul, cfold(e[1]), cfold(e[2]))
    return e


def evaluate(e):
    tag = e[0]
    if tag == "var":
        return 0
    if tag == "val":
        return e[1]
    if tag == "add":
        return evaluate(e[1]) + evaluate(e[2])
    return evaluate(e[1]) * evaluate(e[2])


before = after = 0
for v in range(400):
    e = mk_expr(10, v)
    before += evaluate(e)
    after += evaluate(cfold(reassoc(e)))
print(before, after)
