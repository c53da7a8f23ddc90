# Symbolic differentiation (bench/deriv.clj) with tagged tuples:
# ("val", n) ("var", "x") ("add", f, g) ("mul", f, g) ("pow", f, g) ("ln", f)


def pown(a, n):
    if n == 0:
        return 1
    if n == 1:
        return a
    b = pown(a, n // 2)
    return b * b if n % 2 == 0 else b * b * a


def is_val(e):
    return e[0] == "val"


def val_is(e, n):
    return e[0] == "val" and e[1] == n


def add(x, y):
    if is_val(x) and is_val(y):
        return ("val", x[1] + y[1])
    if val_is(x, 0):
        return y
    if val_is(y, 0):
        return x
    if is_val(y):
        return add(y, x)
    if is_val(x) and y[0] == "add" and is_val(y[1]):
        return add(("val", x[1] + y[1][1]), y[2])
    if y[0] == "add" and is_val(y[1]):
        return add(y[1], add(x, y[2]))
    if x[0] == "add":
        return add(x[1], add(x[2], y))
    return ("add", x, y)


def mul(x, y):
    if is_val(x) and is_val(y):
        return ("val", x[1] * y[1])
    if val_is(x, 0) or val_is(y, 0):
        return ("val", 0)
    if val_is(x, 1):
        return y
    if val_is(y, 1):
        return x
    if is_val(y):
        return mul(y, x)
    if is_val(x) and y[0] == "mul" and is_val(y[1]):
        return mul(("val", x[1] * y[1][1]), y[2])
    if y[0] == "mul" and is_val(y[1]):
        return mul(y[1], mul(x, y[2]))
    if x[0] == "mul":
        return mul(x[1], mul(x[2], y))
    return ("mul", x, y)


def pow_(x, y):
    if is_val(x) and is_val(y):
        return ("val", pown(x[1], y[1]))
    if val_is(y, 0):
        return ("val", 1)
    if val_is(y, 1):
        return x
    if val_is(x, 0):
        return ("val", 0)
    return ("pow", x, y)


def ln(x):
    return ("val", 0) if val_is(x, 1) else ("ln", x)


def d(x, e):
    tag = e[0]
    if tag == "val":
        return ("val", 0)
    if tag == "var":
        return ("val", 1) if e[1] == x else ("val", 0)
    if tag == "add":
        return add(d(x, e[1]), d(x, e[2]))
    if tag == "mul":
        f, g = e[1], e[2]
        return add(mul(f, d(x, g)), mul(g, d(x, f)))
    if tag == "pow":
        f, g = e[1], e[2]
        return mul(pow_(f, g),
                   add(mul(mul(g, d(x, f)), pow_(f, ("val", -1))),
                       mul(ln(f), d(x, g))))
    f = e[1]
    return mul(d(x, f), pow_(f, ("val", -1)))


def count(e):
    tag = e[0]
    if tag in ("val", "var"):
        return 1
    if tag == "ln":
        return count(e[1])
    return count(e[1]) + count(e[2])


f = pow_(("var", "x"), ("var", "x"))
for i in range(1, 10):
    f = d("x", f)
    print(i, "count:", count(f))
