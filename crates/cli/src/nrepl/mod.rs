//! `genera nrepl`: an nREPL server (the protocol of nrepl/nrepl, which
//! CIDER, Calva, Conjure and vim-fireplace speak): bencode messages over
//! TCP, one dictionary per request, each answered by one or more
//! dictionaries carrying the request's `id` and `session`, the last with a
//! `status` containing `done`.
//!
//! Threads: genera's objects are not thread-safe and its namespaces, vars
//! and output buffer are per interpreter, so ALL evaluation (and every op
//! that touches runtime objects) runs on the one interpreter thread, the
//! caller of `run`, which takes requests from a channel in arrival order.
//! One reader thread per connection only decodes bencode and forwards
//! requests; it answers `interrupt` itself, by setting the process-wide
//! interrupt flag that the VM polls (`genera_runtime::interrupt`), since
//! the interpreter thread is busy with the evaluation to interrupt.
//! Replies are written by whichever thread makes them, under the
//! connection's writer lock.
//!
//! A malformed message gets an error reply and the connection is closed
//! (the byte stream is out of step); a client that disconnects has its
//! running evaluation interrupted and its queued requests dropped, so the
//! server and the other sessions go on.

mod bencode;
mod ops;
mod session;

use bencode::{Bencode, DecodeError};
use genera_driver::Session;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Where `genera nrepl` listens.
pub struct Options {
    /// 0: any free port.
    pub port: u16,
    /// The address to bind (loopback unless the user says otherwise).
    pub bind: String,
}

/// The file editors read the port from, in the current directory.
const PORT_FILE: &str = ".nrepl-port";

/// One client connection: the writing half of its socket.
pub struct Conn {
    id: u64,
    writer: Mutex<TcpStream>,
    closed: AtomicBool,
}

impl Conn {
    /// Sends one message; a failed write marks the connection closed (the
    /// client went away: its replies are dropped).
    pub fn send(&self, msg: &Bencode) {
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        let bytes = msg.encode();
        let mut w = lock(&self.writer);
        if w.write_all(&bytes).and_then(|_| w.flush()).is_err() {
            self.closed.store(true, Ordering::SeqCst);
        }
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }
}

/// A request on its way to the interpreter thread.
pub struct Request {
    pub conn: Arc<Conn>,
    pub msg: Bencode,
}

impl Request {
    /// A reply to this request: `pairs` plus its `id` and `session`.
    pub fn reply(&self, pairs: Vec<(&str, Bencode)>) {
        self.conn.send(&response(&self.msg, pairs));
    }

    pub fn str(&self, key: &str) -> Option<String> {
        self.msg.get_str(key)
    }
}

/// `pairs` with the `id` and `session` of `msg` added.
pub fn response(msg: &Bencode, mut pairs: Vec<(&str, Bencode)>) -> Bencode {
    for key in ["id", "session"] {
        if let Some(v) = msg.get(key) {
            if !pairs.iter().any(|(k, _)| *k == key) {
                pairs.push((key, v.clone()));
            }
        }
    }
    Bencode::dict(pairs)
}

/// A `status` entry.
pub fn status(flags: &[&str]) -> (&'static str, Bencode) {
    ("status", Bencode::strs(flags))
}

/// What the reader threads and the interpreter thread share.
#[derive(Default)]
pub struct Shared {
    /// The evaluation running now: (session, message id, connection).
    running: Mutex<Option<(String, String, u64)>>,
    /// The ids of the live sessions.
    sessions: Mutex<Vec<String>>,
}

impl Shared {
    /// Marks an evaluation as running (or none), withdrawing any stale
    /// interrupt request under the same lock an `interrupt` takes, so an
    /// interrupt only ever reaches the evaluation it was meant for.
    pub fn set_running(&self, now: Option<(String, String, u64)>) {
        let mut r = lock(&self.running);
        genera_runtime::interrupt::clear();
        *r = now;
    }

    pub fn set_sessions(&self, ids: Vec<String>) {
        *lock(&self.sessions) = ids;
    }
}

/// Locks `m`, going on after a panic elsewhere (the data is still usable:
/// every critical section here is a plain read or write).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs the server until SIGINT or SIGTERM; returns the exit code.
pub fn run(session: &mut Session, options: &Options) -> u8 {
    let listener = match TcpListener::bind((options.bind.as_str(), options.port)) {
        Ok(l) => l,
        Err(e) => {
            say_err!(
                "genera: could not listen on {}:{}: {e}",
                options.bind,
                options.port
            );
            return 1;
        }
    };
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Stopping also interrupts a running evaluation, so the loop sees it.
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
        let _ = signal_hook::flag::register(sig, genera_runtime::interrupt::flag());
    }
    let wrote_port_file = std::fs::write(PORT_FILE, port.to_string()).is_ok();
    say_out!(
        "nREPL server started on port {port} on host {host} - nrepl://{host}:{port}",
        host = options.bind
    );
    let shared = Arc::new(Shared::default());
    let (tx, rx) = channel();
    {
        let shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("nrepl-accept".into())
            .spawn(move || accept_loop(listener, tx, shared));
        if let Err(e) = spawned {
            say_err!("genera: could not start the nREPL server: {e}");
            return 1;
        }
    }
    serve(session, &rx, &shared, &stop);
    if wrote_port_file {
        let _ = std::fs::remove_file(PORT_FILE);
    }
    0
}

/// The interpreter thread's loop: handles requests in order until `stop`.
fn serve(session: &mut Session, rx: &Receiver<Request>, shared: &Shared, stop: &AtomicBool) {
    let mut sessions = session::Sessions::new();
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(req) if req.conn.is_closed() => {}
            Ok(req) => sessions.handle(session, &req, shared),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    sessions.close_all();
}

fn accept_loop(listener: TcpListener, tx: Sender<Request>, shared: Arc<Shared>) {
    static NEXT_CONN: AtomicU64 = AtomicU64::new(1);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let Ok(writer) = stream.try_clone() else {
            continue;
        };
        let conn = Arc::new(Conn {
            id: NEXT_CONN.fetch_add(1, Ordering::SeqCst),
            writer: Mutex::new(writer),
            closed: AtomicBool::new(false),
        });
        let (tx, shared) = (tx.clone(), Arc::clone(&shared));
        let _ = std::thread::Builder::new()
            .name("nrepl-conn".into())
            .spawn(move || read_loop(stream, conn, tx, shared));
    }
}

/// Decodes one connection's requests and forwards them; answers
/// `interrupt` itself. Ends when the client disconnects or sends garbage.
fn read_loop(stream: TcpStream, conn: Arc<Conn>, tx: Sender<Request>, shared: Arc<Shared>) {
    let mut reader = BufReader::new(stream);
    loop {
        match bencode::read(&mut reader) {
            Ok(Some(msg @ Bencode::Dict(_))) => {
                if msg.get_str("op").as_deref() == Some("interrupt") {
                    interrupt(&conn, &msg, &shared);
                } else if tx
                    .send(Request {
                        conn: Arc::clone(&conn),
                        msg,
                    })
                    .is_err()
                {
                    break;
                }
            }
            Ok(Some(_)) => {
                conn.send(&error_reply("a request must be a bencode dictionary"));
                break;
            }
            Ok(None) | Err(DecodeError::Eof) | Err(DecodeError::Io(_)) => break,
            Err(e) => {
                conn.send(&error_reply(&e.to_string()));
                break;
            }
        }
    }
    conn.closed.store(true, Ordering::SeqCst);
    if let Ok(w) = lock(&conn.writer).try_clone() {
        let _ = w.shutdown(std::net::Shutdown::Both);
    }
    // The client is gone: stop its evaluation so the other sessions go on.
    let running = lock(&shared.running);
    if matches!(&*running, Some((_, _, c)) if *c == conn.id) {
        genera_runtime::interrupt::request();
    }
}

fn error_reply(text: &str) -> Bencode {
    Bencode::dict([
        ("err", Bencode::str(&format!("{text}\n"))),
        status(&["error", "done"]),
    ])
}

/// The `interrupt` op: interrupts the session's running evaluation (if
/// `interrupt-id` is given, only that one). The interrupted `eval` itself
/// answers with status `interrupted`.
fn interrupt(conn: &Conn, msg: &Bencode, shared: &Shared) {
    let reply = |flags: &[&str]| conn.send(&response(msg, vec![status(flags)]));
    let Some(session) = msg.get_str("session") else {
        return reply(&["error", "session-ephemeral", "done"]);
    };
    if !lock(&shared.sessions).contains(&session) {
        return reply(&["error", "unknown-session", "done"]);
    }
    let running = lock(&shared.running);
    match &*running {
        Some((s, id, _)) if *s == session => {
            if msg.get_str("interrupt-id").is_some_and(|want| want != *id) {
                drop(running);
                return reply(&["error", "interrupt-id-mismatch", "done"]);
            }
            genera_runtime::interrupt::request();
            drop(running);
            reply(&["done"]);
        }
        // The order nrepl.cmdline's client compares with.
        _ => {
            drop(running);
            reply(&["done", "session-idle"])
        }
    }
}
