# In-process (fib 30), seven times, median (bench/fib_inproc.clj).
import statistics
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def time_ms(f):
    start = time.perf_counter_ns()
    f()
    return (time.perf_counter_ns() - start) / 1e6


runs = [time_ms(lambda: fib(30)) for _ in range(7)]
print("fib 30:", fib(30))
print("median-ms", statistics.median(runs))
