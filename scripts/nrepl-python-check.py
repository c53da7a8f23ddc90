#!/usr/bin/env python3
"""Drives `genera nrepl` with the nREPL client from PyPI
(nrepl-python-client's `nrepl.connect`, its bencode transport).

Usage: nrepl-python-check.py PORT WORKDIR  (scripts/nrepl-clients-check runs it)
Checks eval, printed output, errors, interrupt of an infinite loop, two
sessions with separate state, load-file, completions and lookup; exits 1 on
the first failure.
"""
import itertools
import os
import sys
import threading
import time

import nrepl

port, workdir = sys.argv[1], sys.argv[2]
conn = nrepl.connect(f"nrepl://127.0.0.1:{port}")
ids = itertools.count(1)
inbox = []
lock = threading.Condition()


def reader():
    for msg in conn:
        with lock:
            inbox.append(msg)
            lock.notify_all()


threading.Thread(target=reader, daemon=True).start()


def send(**msg):
    msg["id"] = str(next(ids))
    conn.write(msg)
    return msg["id"]


def replies(mid, timeout=30):
    """Every reply to message `mid`, up to the one with status done."""
    out = []
    deadline = time.time() + timeout
    with lock:
        while True:
            mine = [m for m in inbox if m.get("id") == mid]
            for m in mine:
                inbox.remove(m)
            out.extend(mine)
            if any("done" in m.get("status", []) for m in out):
                return out
            left = deadline - time.time()
            if left <= 0:
                fail(f"no done reply to {mid}: {out}")
            lock.wait(left)


def call(**msg):
    return replies(send(**msg))


def values(rs):
    return [m["value"] for m in rs if "value" in m]


def joined(rs, key):
    return "".join(m.get(key, "") for m in rs)


def fail(why):
    print(f"FAIL (python client): {why}", file=sys.stderr)
    sys.exit(1)


def check(what, got, want):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")
    print(f"ok: {what}")


# Not `describe`: this client's decoder ends a list at any falsy element,
# so the integer 0 in describe's versions (nREPL 1.0.0) derails it, against
# nREPL's own server too. The Rust test checks describe.

s1 = call(op="clone")[0]["new-session"]
s2 = call(op="clone")[0]["new-session"]

r = call(op="eval", session=s1, code='(+ 1 2) (println "printed" (* 6 7))')
check("eval values", values(r), ["3", "nil"])
check("printed output as out", joined(r, "out"), "printed 42\n")

r = call(op="eval", session=s1, code="(/ 1 0)")
check("error ex", [m.get("ex") for m in r if "ex" in m], ["class java.lang.ArithmeticException"])
check("error text in err", "Divide by zero" in joined(r, "err"), True)

call(op="eval", session=s1, code="(ns py.one) (def state :one)")
call(op="eval", session=s2, code="(def state :two)")
check("session 1 keeps its ns and state",
      values(call(op="eval", session=s1, code="[(str *ns*) state]")), ['["py.one" :one]'])
check("session 2 keeps its own",
      values(call(op="eval", session=s2, code="[(str *ns*) state]")), ['["user" :two]'])
check("*1 is per session", values(call(op="eval", session=s2, code="*1")), ['["user" :two]'])

loop_id = send(op="eval", session=s1, code="(loop [] (recur))")
time.sleep(1)
ir = call(op="interrupt", session=s1, **{"interrupt-id": loop_id})
r = replies(loop_id)
check("interrupted loop status", "interrupted" in r[-1].get("status", []), True)
check("interrupt reply", ir[-1].get("status"), ["done"])
check("session usable after interrupt",
      values(call(op="eval", session=s1, code="state")), [":one"])

path = os.path.join(workdir, "py_loaded.clj")
src = "(ns py.loaded)\n(defn triple [x] (* 3 x))\n(triple 5)\n"
with open(path, "w") as f:
    f.write(src)
r = call(op="load-file", session=s2, file=src, **{"file-path": path, "file-name": "py_loaded.clj"})
check("load-file value", values(r), ["15"])
check("loaded fn callable", values(call(op="eval", session=s2, code="(py.loaded/triple 7)")), ["21"])

r = call(op="completions", session=s2, prefix="py.loaded/tr")
check("completions", [c["candidate"] for c in r[0]["completions"]], ["py.loaded/triple"])
info = call(op="lookup", session=s2, sym="py.loaded/triple")[0]["info"]
check("lookup", (info.get("name"), info.get("arglists-str"), info.get("file")),
      ("triple", "([x])", path))

r = call(op="bogus")
check("unknown op", r[0]["status"], ["error", "unknown-op", "done"])
print("ok: nrepl-python-client checks passed")
