//! `vblint serve` against hostile and careless clients, on loopback with the standard library
//! only: connections that send nothing or send slowly (slowloris) while real requests are still
//! answered, every class of malformed request, uploads over the limit refused before their body
//! is read, and 1,000 requests in a loop against the real binary with its memory read from
//! `/proc/<pid>/status`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use vblint::driver::{ConfigChoice, Driver, Request};
use vblint::serve::{Limits, Server, Settings, Stopper};

struct Running {
    addr: SocketAddr,
    stopper: Stopper,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stopper.stop();
    }
}

fn start(limits: Limits, workers: usize) -> Running {
    let driver = Driver::new(Request {
        config: ConfigChoice::Isolated,
        ..Request::default()
    })
    .expect("driver");
    let server = Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        Settings {
            driver,
            limits,
            workers,
        },
    )
    .expect("bind");
    let addr = server.local_addr().expect("address");
    let stopper = server.stopper();
    std::thread::spawn(move || server.run());
    Running { addr, stopper }
}

/// Short deadlines, so the tests wait seconds, not minutes.
fn quick() -> Limits {
    Limits {
        head_time: Duration::from_secs(2),
        idle_time: Duration::from_secs(1),
        body_time: Duration::from_secs(3),
        ..Limits::default()
    }
}

fn plan() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/plans/clean-state.txt"
    ))
    .expect("fixture")
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let mut b = format!(
        "--B0UNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(bytes);
    b.extend_from_slice(b"\r\n--B0UNDARY--\r\n");
    ("multipart/form-data; boundary=B0UNDARY".into(), b)
}

/// Sends raw bytes, then reads the answer: (status, body). `close_write` tells the server the
/// client has nothing more to send.
fn raw(addr: SocketAddr, bytes: &[u8], close_write: bool) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(bytes);
    if close_write {
        let _ = s.shutdown(Shutdown::Write);
    }
    read_answer(&mut s)
}

fn read_answer(s: &mut TcpStream) -> (u16, String) {
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn post(addr: SocketAddr, path: &str, ctype: &str, body: &[u8]) -> (u16, String) {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    raw(addr, &req, false)
}

/// A one-line JSON error naming the problem.
fn assert_error(got: &(u16, String), status: u16, words: &str) {
    assert_eq!(got.0, status, "{}", got.1);
    let v: serde_json::Value = serde_json::from_str(&got.1).expect("JSON error");
    let message = v["error"].as_str().expect("error message");
    assert!(!message.contains('\n'), "{message}");
    assert!(message.contains(words), "{message}");
}

#[test]
fn slow_and_silent_clients_do_not_hold_the_server() {
    let workers = 2;
    let server = start(quick(), workers);
    let addr = server.addr;
    let stop = Arc::new(AtomicBool::new(false));
    let mut slow = Vec::new();
    // Four times the worker count: silent, dripping a head, dripping a body.
    for i in 0..(workers * 4) {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut writer = s.try_clone().unwrap();
        let stop = stop.clone();
        let kind = i % 3;
        std::thread::spawn(move || {
            let (head, drip): (&[u8], &[u8]) = match kind {
                0 => (b"", b""),
                1 => (b"POST /api/check HTTP/1.1\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                _ => (
                    b"POST /api/check HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 1000\r\n\r\n",
                    &[b'x'; 100],
                ),
            };
            let _ = writer.write_all(head);
            for b in drip {
                if stop.load(Ordering::SeqCst) || writer.write_all(&[*b]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        });
        slow.push((kind, s));
    }
    std::thread::sleep(Duration::from_millis(200));
    // Real requests are answered at once, long before the slow ones' deadlines.
    let (ctype, body) = multipart("kh.txt", &plan());
    for _ in 0..5 {
        let t = Instant::now();
        let got = post(addr, "/api/check", &ctype, &body);
        assert_eq!(got.0, 200, "{}", got.1);
        assert!(
            t.elapsed() < quick().head_time,
            "a real request waited {:?} behind slow clients",
            t.elapsed()
        );
    }
    // Every slow connection is answered 408 and closed at its deadline.
    let t = Instant::now();
    for (kind, mut s) in slow {
        let (status, body) = read_answer(&mut s);
        assert_eq!(status, 408, "kind {kind}: {body}");
        assert!(body.contains("chậm"), "{body}");
    }
    stop.store(true, Ordering::SeqCst);
    let waited = t.elapsed();
    assert!(
        waited < quick().body_time + Duration::from_secs(3),
        "slow connections were held {waited:?}"
    );
    eprintln!(
        "slowloris: {} slow connections against {workers} workers; real requests answered; all slow ones cut off with 408 within {waited:?}",
        workers * 4
    );
}

#[test]
fn connections_over_the_limit_get_503_at_once() {
    let limits = Limits {
        connections: 4,
        ..quick()
    };
    let server = start(limits, 1);
    let silent: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(server.addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let got = raw(server.addr, b"GET / HTTP/1.1\r\n\r\n", false);
    assert_error(&got, 503, "bận");
    assert!(t.elapsed() < Duration::from_secs(2));
    // Once the silent ones are cut off, the server serves again.
    std::thread::sleep(limits.head_time + Duration::from_millis(500));
    let got = raw(server.addr, b"GET / HTTP/1.1\r\n\r\n", false);
    assert_eq!(got.0, 200);
    drop(silent);
}

#[test]
fn malformed_requests_get_a_clear_4xx_and_the_server_keeps_going() {
    let limits = Limits {
        body_bytes: 100_000,
        ..quick()
    };
    let server = start(limits, 2);
    let a = server.addr;
    let plan = plan();
    let (ctype, body) = multipart("kh.txt", &plan);
    // No boundary in the content type.
    assert_error(
        &post(a, "/api/check", "multipart/form-data", &body),
        400,
        "multipart",
    );
    // The boundary never closes.
    let unclosed = &body[..body.len() - 16];
    assert_error(
        &post(a, "/api/check", &ctype, unclosed),
        400,
        "ranh giới đóng",
    );
    // Huge part headers.
    let mut huge = b"--B0UNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nX-Pad: "
        .to_vec();
    huge.extend(std::iter::repeat_n(b'a', 20_000));
    huge.extend_from_slice(b"\r\n\r\nabc\r\n--B0UNDARY--\r\n");
    assert_error(&post(a, "/api/check", &ctype, &huge), 400, "dài quá");
    // A file part without a file name.
    let nameless = b"--B0UNDARY\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--B0UNDARY--\r\n";
    assert_error(&post(a, "/api/check", &ctype, nameless), 400, "filename");
    // A body cut short: Content-Length promises more than arrives.
    let mut cut = format!(
        "POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    cut.extend_from_slice(&body[..body.len() / 2]);
    assert_error(&raw(a, &cut, true), 400, "ngắn hơn Content-Length");
    // The same, with the client still connected: cut off at the idle deadline.
    assert_error(&raw(a, &cut, false), 408, "chậm");
    // Content-Length smaller than the body: the multipart body is read short and is unclosed.
    let mut short = format!(
        "POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len() - 30
    )
    .into_bytes();
    short.extend_from_slice(&body);
    assert_error(&raw(a, &short, false), 400, "ranh giới đóng");
    // Content-Length that is not a number, or missing, or a chunked body.
    let bad_length = format!(
        "POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: lots\r\n\r\n"
    );
    assert_error(&raw(a, bad_length.as_bytes(), false), 400, "Content-Length");
    let no_length = format!("POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\n\r\n");
    assert_error(&raw(a, no_length.as_bytes(), false), 411, "Content-Length");
    let chunked = format!(
        "POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    );
    assert_error(&raw(a, chunked.as_bytes(), false), 411, "Content-Length");
    // An oversized upload is refused from its Content-Length, before any of the body is sent.
    let t = Instant::now();
    let oversized = format!(
        "POST /api/check HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: 1000000000\r\n\r\n"
    );
    assert_error(&raw(a, oversized.as_bytes(), false), 413, "MB");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // A head over the limit, a garbage request line.
    let big_head = format!("GET / HTTP/1.1\r\nX-Pad: {}\r\n\r\n", "a".repeat(40_000));
    assert_error(&raw(a, big_head.as_bytes(), false), 431, "KB");
    assert_error(&raw(a, b"\x16\x03\x01 hello\r\n\r\n", false), 400, "HTTP");
    // Still serving.
    assert_eq!(post(a, "/api/check", &ctype, &body).0, 200);
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_thousand_requests_in_a_loop_keep_memory_bounded() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc on this system");
        return;
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(["serve", "--port", "0", "--isolated"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("vblint serve starts");
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("address line");
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("address");
    let pid = child.id();
    let plan = plan();
    let (ctype, body) = multipart("kh.txt", &plan);
    let (_, docx) = multipart(
        "kh.docx",
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/docx/ke-hoach-van-ban-thuong.docx"
        ))
        .unwrap(),
    );
    let one = |i: usize| -> u16 {
        match i % 5 {
            0 => post(addr, "/api/check", &ctype, &body).0,
            1 => post(addr, "/api/annotate", &ctype, &docx).0,
            2 => raw(addr, b"GET / HTTP/1.1\r\n\r\n", false).0,
            3 => post(addr, "/api/check", &ctype, &body[..body.len() / 2]).0,
            _ => post(addr, "/api/report", &ctype, &body).0,
        }
    };
    // Warm up: rules compile on first use.
    for i in 0..10 {
        one(i);
    }
    let before = rss_kib(pid);
    let t = Instant::now();
    let clients = 4;
    let one = &one;
    let statuses: Vec<(usize, u16)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..clients)
            .map(|c| {
                scope.spawn(move || {
                    (0..1000 / clients)
                        .map(|i| i * clients + c)
                        .map(|n| (n, one(n)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("client"))
            .collect()
    });
    let elapsed = t.elapsed();
    let after = rss_kib(pid);
    let alive = child.try_wait().expect("wait").is_none();
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "1,000 requests from {clients} clients in {elapsed:.1?}; server RSS {} MiB before, {} MiB after",
        before / 1024,
        after / 1024
    );
    assert!(alive, "the server died");
    assert_eq!(statuses.len(), 1000);
    for (i, s) in statuses {
        let want = if i % 5 == 3 { 400 } else { 200 };
        assert_eq!(s, want, "request {i}");
    }
    assert!(before > 0 && after > 0);
    assert!(
        after.saturating_sub(before) < 50 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
}
