//! `genera nrepl`, driven over TCP as an editor would: starts the server on
//! a free port, speaks bencode (a small codec of its own, so the test checks
//! the wire format rather than sharing the server's) and checks eval,
//! printed output, errors, sessions, interrupt, load-file, lookup and
//! malformed input. Needs no network beyond loopback and no other programs;
//! every read has a timeout and the server is killed at the end, so the
//! test always stops by itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, PartialEq)]
enum B {
    I(i64),
    S(String),
    L(Vec<B>),
    D(BTreeMap<String, B>),
}

impl B {
    fn get(&self, k: &str) -> Option<&B> {
        match self {
            B::D(d) => d.get(k),
            _ => None,
        }
    }
    fn str(&self, k: &str) -> Option<&str> {
        match self.get(k) {
            Some(B::S(s)) => Some(s),
            _ => None,
        }
    }
    fn statuses(&self) -> Vec<String> {
        match self.get("status") {
            Some(B::L(items)) => items
                .iter()
                .filter_map(|s| match s {
                    B::S(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn encode(b: &B, out: &mut Vec<u8>) {
    match b {
        B::I(n) => out.extend(format!("i{n}e").bytes()),
        B::S(s) => {
            out.extend(format!("{}:", s.len()).bytes());
            out.extend(s.bytes());
        }
        B::L(items) => {
            out.push(b'l');
            items.iter().for_each(|i| encode(i, out));
            out.push(b'e');
        }
        B::D(d) => {
            out.push(b'd');
            for (k, v) in d {
                encode(&B::S(k.clone()), out);
                encode(v, out);
            }
            out.push(b'e');
        }
    }
}

fn byte(r: &mut impl BufRead) -> u8 {
    let mut b = [0u8];
    r.read_exact(&mut b).expect("read from the server");
    b[0]
}

fn until(r: &mut impl BufRead, end: u8) -> String {
    let mut buf = Vec::new();
    r.read_until(end, &mut buf).expect("read from the server");
    buf.pop();
    String::from_utf8(buf).expect("digits")
}

fn decode(r: &mut impl BufRead) -> B {
    match byte(r) {
        b'i' => B::I(until(r, b'e').parse().expect("integer")),
        b'l' => {
            let mut items = Vec::new();
            loop {
                if r.fill_buf().expect("read")[0] == b'e' {
                    r.consume(1);
                    return B::L(items);
                }
                items.push(decode(r));
            }
        }
        b'd' => {
            let mut d = BTreeMap::new();
            loop {
                if r.fill_buf().expect("read")[0] == b'e' {
                    r.consume(1);
                    return B::D(d);
                }
                let B::S(k) = decode(r) else { panic!("key") };
                d.insert(k, decode(r));
            }
        }
        c @ b'0'..=b'9' => {
            let rest = until(r, b':');
            let n: usize = format!("{}{rest}", c as char).parse().expect("length");
            let mut buf = vec![0u8; n];
            r.read_exact(&mut buf).expect("string");
            B::S(String::from_utf8_lossy(&buf).into_owned())
        }
        c => panic!("bad bencode from the server: {:?}", c as char),
    }
}

fn msg(pairs: &[(&str, &str)]) -> B {
    B::D(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), B::S(v.to_string())))
            .collect(),
    )
}

struct Client {
    r: BufReader<TcpStream>,
    w: TcpStream,
    next: u32,
    /// Replies read while waiting for another request's.
    backlog: Vec<B>,
}

impl Client {
    fn connect(port: u16) -> Client {
        let w = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        w.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        Client {
            r: BufReader::new(w.try_clone().unwrap()),
            w,
            next: 0,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, pairs: &[(&str, &str)]) -> String {
        self.next += 1;
        let id = format!("m{}", self.next);
        let mut m = msg(pairs);
        if let B::D(d) = &mut m {
            d.insert("id".into(), B::S(id.clone()));
        }
        let mut bytes = Vec::new();
        encode(&m, &mut bytes);
        self.w.write_all(&bytes).unwrap();
        id
    }

    /// Every reply to `id` up to the one whose status has "done".
    fn replies(&mut self, id: &str) -> Vec<B> {
        let mut out = Vec::new();
        loop {
            let m = match self.backlog.iter().position(|m| m.str("id") == Some(id)) {
                Some(i) => self.backlog.remove(i),
                None => decode(&mut self.r),
            };
            if m.str("id") != Some(id) {
                self.backlog.push(m);
                continue;
            }
            let done = m.statuses().iter().any(|s| s == "done");
            out.push(m);
            if done {
                return out;
            }
        }
    }

    /// The first reply to `id` that satisfies `want` (the others before it
    /// are dropped).
    fn replies_until(&mut self, id: &str, want: impl Fn(&B) -> bool) -> B {
        loop {
            let m = decode(&mut self.r);
            if m.str("id") == Some(id) && want(&m) {
                return m;
            }
            if m.str("id") != Some(id) {
                self.backlog.push(m);
            }
        }
    }

    fn call(&mut self, pairs: &[(&str, &str)]) -> Vec<B> {
        let id = self.send(pairs);
        self.replies(&id)
    }

    fn clone_session(&mut self) -> String {
        let r = self.call(&[("op", "clone")]);
        r[0].str("new-session").expect("new-session").to_string()
    }

    fn eval(&mut self, session: &str, code: &str) -> Vec<B> {
        self.call(&[("op", "eval"), ("session", session), ("code", code)])
    }
}

fn values(rs: &[B]) -> Vec<&str> {
    rs.iter().filter_map(|m| m.str("value")).collect()
}

fn joined(rs: &[B], key: &str) -> String {
    rs.iter().filter_map(|m| m.str(key)).collect()
}

/// The server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start() -> Server {
    let dir = std::env::temp_dir().join(format!("genera-nrepl-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_genera"))
        .args(["nrepl", "--port", "0"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start genera nrepl");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split_whitespace()
        .nth(5)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert!(
        line.ends_with(&format!("nrepl://127.0.0.1:{port}\n")),
        "{line:?}"
    );
    Server { child, port, dir }
}

#[test]
fn nrepl_server() {
    let deadline = Instant::now();
    let server = start();
    let written = std::fs::read_to_string(server.dir.join(".nrepl-port")).unwrap();
    assert_eq!(written, server.port.to_string());
    let mut c = Client::connect(server.port);

    // describe lists the ops.
    let d = c.call(&[("op", "describe")]);
    let ops = d[0].get("ops").expect("ops");
    for op in [
        "eval",
        "clone",
        "interrupt",
        "load-file",
        "completions",
        "lookup",
    ] {
        assert!(ops.get(op).is_some(), "describe lacks {op}: {ops:?}");
    }

    // eval: a value per form, with ns; output streamed as out.
    let s1 = c.clone_session();
    let r = c.eval(&s1, "(+ 1 2) (println \"hello\") :k");
    assert_eq!(values(&r), ["3", "nil", ":k"]);
    assert_eq!(joined(&r, "out"), "hello\n");
    assert!(r.iter().any(|m| m.str("ns") == Some("user")));
    assert_eq!(r.last().unwrap().statuses(), ["done"]);

    // Output comes before the value of the form that printed it, also
    // without a newline (the interrupt test below checks that it streams
    // while the evaluation runs).
    let r = c.eval(&s1, "(print \"no newline\") 5");
    let order: Vec<&str> = r
        .iter()
        .filter_map(|m| m.str("out").or_else(|| m.str("value")))
        .collect();
    assert_eq!(order, ["no newline", "nil", "5"]);

    // errors: err text, ex and root-ex, then the next form still runs.
    let r = c.eval(&s1, "(/ 1 0) (+ 2 2)");
    assert!(joined(&r, "err").contains("Divide by zero"), "{r:?}");
    let ex = r.iter().find(|m| m.get("ex").is_some()).expect("ex");
    assert_eq!(ex.str("ex"), Some("class java.lang.ArithmeticException"));
    assert_eq!(
        ex.str("root-ex"),
        Some("class java.lang.ArithmeticException")
    );
    assert!(ex.statuses().contains(&"eval-error".to_string()));
    assert_eq!(values(&r), ["4"]);
    let r = c.eval(&s1, "(ex-message *e)");
    assert_eq!(values(&r), ["\"Divide by zero\""]);

    // Sessions keep their own *ns*, *1 and dynamic bindings.
    let s2 = c.clone_session();
    c.eval(&s1, "(ns other.place) (def x 41)");
    c.eval(&s1, "(set! *print-length* 2)");
    c.eval(&s2, "(+ 100 1)");
    assert_eq!(values(&c.eval(&s1, "(inc x)")), ["42"]);
    assert_eq!(values(&c.eval(&s1, "(str *ns*)")), ["\"other.place\""]);
    assert_eq!(values(&c.eval(&s2, "(str *ns*)")), ["\"user\""]);
    assert_eq!(values(&c.eval(&s2, "*2")), ["101"]);
    assert_eq!(values(&c.eval(&s1, "*print-length*")), ["2"]);
    assert_eq!(values(&c.eval(&s2, "*print-length*")), ["nil"]);
    let ls = c.call(&[("op", "ls-sessions")]);
    let Some(B::L(ids)) = ls[0].get("sessions") else {
        panic!("{ls:?}")
    };
    assert!(ids.contains(&B::S(s1.clone())) && ids.contains(&B::S(s2.clone())));

    // eval with an explicit ns, line and column.
    let r = c.call(&[
        ("op", "eval"),
        ("session", &s2),
        ("ns", "other.place"),
        ("code", "(str *ns* \" \" x)"),
    ]);
    assert_eq!(values(&r), ["\"other.place 41\""]);
    assert_eq!(values(&c.eval(&s2, "(str *ns*)")), ["\"user\""]);
    let r = c.call(&[
        ("op", "eval"),
        ("session", &s2),
        ("code", "(defn located [] 1)\n(:line (meta #'located))"),
        ("line", "10"),
        ("column", "3"),
    ]);
    assert_eq!(values(&r), ["#'user/located", "10"]);
    let r = c.call(&[
        ("op", "eval"),
        ("session", &s2),
        ("ns", "no.such.ns"),
        ("code", "1"),
    ]);
    assert!(r[0].statuses().contains(&"namespace-not-found".to_string()));

    // load-file.
    let r = c.call(&[
        ("op", "load-file"),
        ("session", &s2),
        (
            "file",
            "(ns loaded.file)\n(defn twice [x] (* 2 x))\n(twice 21)\n",
        ),
        ("file-path", "loaded/file.clj"),
        ("file-name", "file.clj"),
    ]);
    assert_eq!(values(&r), ["42"]);
    assert_eq!(values(&c.eval(&s2, "(loaded.file/twice 5)")), ["10"]);

    // completions, lookup, eldoc.
    let r = c.call(&[("op", "completions"), ("session", &s2), ("prefix", "redu")]);
    let Some(B::L(cands)) = r[0].get("completions") else {
        panic!("{r:?}")
    };
    assert!(cands
        .iter()
        .any(|m| m.str("candidate") == Some("reduce") && m.str("type") == Some("function")));
    let r = c.call(&[
        ("op", "lookup"),
        ("session", &s2),
        ("sym", "loaded.file/twice"),
    ]);
    let info = r[0].get("info").expect("info");
    assert_eq!(info.str("name"), Some("twice"));
    assert_eq!(info.str("ns"), Some("loaded.file"));
    assert_eq!(info.str("arglists-str"), Some("([x])"));
    let r = c.call(&[
        ("op", "eldoc"),
        ("session", &s2),
        ("sym", "loaded.file/twice"),
    ]);
    assert_eq!(
        r[0].get("eldoc"),
        Some(&B::L(vec![B::L(vec![B::S("x".into())])]))
    );

    // Unknown op.
    let r = c.call(&[("op", "no-such-op")]);
    assert_eq!(r[0].statuses(), ["error", "unknown-op", "done"]);

    // Interrupt an infinite loop; the session goes on.
    let id = c.send(&[
        ("op", "eval"),
        ("session", &s1),
        ("code", "(print \"looping\") (loop [] (recur))"),
    ]);
    // What it printed (without a newline) before the loop arrives while it
    // runs: streamed, not sent at the end.
    let first = c.replies_until(&id, |m| m.get("out").is_some());
    assert_eq!(first.str("out"), Some("looping"));
    let ir = c.send(&[("op", "interrupt"), ("session", &s1), ("interrupt-id", &id)]);
    let r = c.replies(&id);
    assert!(
        r.last()
            .unwrap()
            .statuses()
            .contains(&"interrupted".to_string()),
        "{r:?}"
    );
    assert_eq!(c.replies(&ir).last().unwrap().statuses(), ["done"]);
    assert_eq!(values(&c.eval(&s1, "(inc x)")), ["42"]);
    let r = c.call(&[("op", "interrupt"), ("session", &s1)]);
    assert!(r[0].statuses().contains(&"session-idle".to_string()));

    // A client that disconnects mid-evaluation: its loop is stopped and the
    // server goes on.
    let mut gone = Client::connect(server.port);
    let sg = gone.clone_session();
    gone.send(&[
        ("op", "eval"),
        ("session", &sg),
        ("code", "(loop [] (recur))"),
    ]);
    std::thread::sleep(Duration::from_millis(200));
    drop(gone);
    assert_eq!(values(&c.eval(&s2, "(+ 1 1)")), ["2"]);

    // Malformed bencode: the connection gets an error and is closed; the
    // server and the other connections go on.
    let mut bad = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    bad.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    bad.write_all(b"d2:op4:evalx").unwrap();
    let mut rest = Vec::new();
    let _ = bad.read_to_end(&mut rest);
    assert!(
        String::from_utf8_lossy(&rest).contains("malformed bencode"),
        "{:?}",
        String::from_utf8_lossy(&rest)
    );
    assert_eq!(values(&c.eval(&s1, "(+ x 1)")), ["42"]);

    // close.
    let r = c.call(&[("op", "close"), ("session", &s2)]);
    assert!(r[0].statuses().contains(&"session-closed".to_string()));
    let r = c.eval(&s2, "1");
    assert!(r[0].statuses().contains(&"unknown-session".to_string()));
    assert!(deadline.elapsed() < Duration::from_secs(60));
}
