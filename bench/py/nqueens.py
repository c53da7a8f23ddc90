# N-queens with cons lists (bench/nqueens.clj): a list is None or (head, tail).


def safe(queen, diag, xs):
    while xs is not None:
        q, xs = xs
        if queen == q or queen == q + diag or queen == q - diag:
            return False
        diag += 1
    return True


def append_safe(queen, xs, xss):
    while queen > 0:
        if safe(queen, 1, xs):
            xss = ((queen, xs), xss)
        queen -= 1
    return xss


def find_solutions(n, queen):
    if queen == 0:
        return (None, None)
    acc, xss = None, find_solutions(n, queen - 1)
    while xss is not None:
        xs, xss = xss
        acc = append_safe(n, xs, acc)
    return acc


def length(xs):
    n = 0
    while xs is not None:
        n, xs = n + 1, xs[1]
    return n


for n in range(8, 12):
    print(n, "queens:", length(find_solutions(n, n)))
