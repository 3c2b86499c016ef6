//! `vblint serve`: a local web page where a reviewer drops plans and reads the HTML report, and
//! the small API behind it (`POST /api/check`, `/api/report`, `/api/annotate`).
//!
//! A synchronous server on `std::net` ([`http`]): each connection gets its own small thread
//! (at most [`Limits::connections`] at once) that reads one request under deadlines and size
//! limits, so a slow or silent client only ever holds that thread, and only until its deadline.
//! Checking runs on at most [`Settings::workers`] threads at once, by the same driver as
//! `vblint check`. Nothing is written to disk.

mod http;
pub mod multipart;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::check::CheckOptions;
use crate::driver::{self, Driver, Input, Target};
use crate::limits;
use crate::report::{self, FileReport};
use http::{Connection, Failure, Head, Problem};

/// Limits on what one request may carry and take. The defaults are the `SERVE_*` constants of
/// [`crate::limits`], where each value is explained.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uploaded file, in bytes.
    pub file_bytes: usize,
    /// Most files in one request.
    pub files: usize,
    /// Largest request body, in bytes (all files and the multipart framing).
    pub body_bytes: usize,
    /// Longest time to check one request once received.
    pub time: Duration,
    /// Largest request line and headers, in bytes.
    pub head_bytes: usize,
    /// Most header lines.
    pub headers: usize,
    /// Time for the request line and headers to arrive.
    pub head_time: Duration,
    /// Longest wait for the next bytes of a body, or for the client to take the answer.
    pub idle_time: Duration,
    /// Time for the whole request, body included, to arrive.
    pub body_time: Duration,
    /// Connections open at once; more get 503 at once.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: limits::SERVE_FILE_BYTES,
            files: limits::SERVE_FILES,
            body_bytes: limits::SERVE_BODY_BYTES,
            time: Duration::from_secs(limits::SERVE_WORK_SECS),
            head_bytes: limits::SERVE_HEAD_BYTES,
            headers: limits::SERVE_HEADERS,
            head_time: Duration::from_secs(limits::SERVE_HEAD_SECS),
            idle_time: Duration::from_secs(limits::SERVE_IDLE_SECS),
            body_time: Duration::from_secs(limits::SERVE_BODY_SECS),
            connections: limits::SERVE_CONNECTIONS,
        }
    }
}

/// What the server checks with: the shared driver, so uploads get the same configuration,
/// `[[overrides]]` (matched on the file name), rules and suppressions as `vblint check`.
pub struct Settings {
    /// The driver (configuration of the current folder, command-line flags).
    pub driver: Driver,
    /// Request limits.
    pub limits: Limits,
    /// Requests checked at once; at most this many requests' documents are in memory.
    pub workers: usize,
}

/// The settings as the connection threads share them.
struct Shared {
    driver: Mutex<Driver>,
    english: bool,
    limits: Limits,
    permits: Arc<Permits>,
}

/// A counting semaphore: the checking slots.
struct Permits {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Permits {
    /// Takes a slot, waiting at most `wait`.
    fn take(self: &Arc<Self>, wait: Duration) -> Option<Permit> {
        let deadline = Instant::now() + wait;
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            free = self
                .freed
                .wait_timeout(free, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *free -= 1;
        Some(Permit(self.clone()))
    }
}

/// A checking slot, given back when dropped (also when the work it guards panics).
struct Permit(Arc<Permits>);

impl Drop for Permit {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// A bound server, ready to [`run`](Server::run).
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port). A bad configuration is reported here, before
    /// any request, as one line.
    pub fn bind(addr: SocketAddr, settings: Settings) -> Result<Server, String> {
        let mut driver = settings.driver;
        driver.validate()?;
        let listener = TcpListener::bind(addr).map_err(|e| format!("{addr}: {e}"))?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                english: driver.english(),
                driver: Mutex::new(driver),
                limits: settings.limits,
                permits: Arc::new(Permits {
                    free: Mutex::new(settings.workers.max(1)),
                    freed: Condvar::new(),
                }),
            }),
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// A handle that stops [`run`](Server::run) from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper {
            stop: self.stop.clone(),
            addr: self.local_addr(),
        }
    }

    /// Serves until stopped: one thread per open connection, at most
    /// [`Limits::connections`]; a connection over that gets 503 and is closed at once.
    pub fn run(self) {
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            if self.stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else {
                // Out of descriptors or a connection reset before accept: wait a moment.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let limits = self.shared.limits;
            if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
                open.fetch_sub(1, Ordering::SeqCst);
                busy(stream, self.shared.english);
                continue;
            }
            let shared = self.shared.clone();
            let guard = Open(open.clone());
            let spawned = std::thread::Builder::new()
                .name("vblint-serve".into())
                .stack_size(256 << 10)
                .spawn(move || {
                    let _guard = guard;
                    handle(Connection::new(stream, shared.limits), &shared);
                });
            if spawned.is_err() {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Counts an open connection until its thread ends.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers 503 to a connection over the limit, without reading its request.
fn busy(stream: TcpStream, english: bool) {
    let limits = Limits {
        idle_time: Duration::from_millis(200),
        body_bytes: 0,
        ..Limits::default()
    };
    let a = Answer::problem(503, words(english).busy.into());
    Connection::new(stream, limits).answer(a.status, &a.headers(), &a.body);
}

/// Stops a running [`Server`].
#[derive(Clone)]
pub struct Stopper {
    stop: Arc<AtomicBool>,
    addr: Option<SocketAddr>,
}

impl Stopper {
    /// Stops accepting connections; requests in hand are finished on their own threads.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept call with a connection of our own.
        if let Some(mut addr) = self.addr {
            if addr.ip().is_unspecified() {
                addr.set_ip(if addr.is_ipv4() {
                    std::net::Ipv4Addr::LOCALHOST.into()
                } else {
                    std::net::Ipv6Addr::LOCALHOST.into()
                });
            }
            let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
        }
    }
}

/// An answer: status, content type, body, and an optional download file name.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    download: Option<String>,
}

impl Answer {
    /// The headers sent with every answer.
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("Content-Type", self.content_type.to_string()),
            ("X-Content-Type-Options", "nosniff".into()),
            ("Cache-Control", "no-store".into()),
            ("Referrer-Policy", "no-referrer".into()),
        ];
        if let Some(name) = &self.download {
            headers.push((
                "Content-Disposition",
                format!(
                    "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                    ascii_name(name),
                    percent_encode(name)
                ),
            ));
        }
        headers
    }

    fn problem(status: u16, message: String) -> Answer {
        Answer {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::json!({ "error": message })
                .to_string()
                .into_bytes(),
            download: None,
        }
    }
}

/// What one request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Check,
    Report,
    Annotate,
}

/// Reads one request from `conn`, answers it and closes the connection.
fn handle(mut conn: Connection, shared: &Arc<Shared>) {
    let head = match conn.read_head() {
        Ok(h) => h,
        Err(Failure::Gone) => return,
        Err(Failure::Status(status, problem)) => {
            let a = Answer::problem(
                status,
                problem_message(problem, shared.english, &shared.limits),
            );
            return conn.answer(a.status, &a.headers(), &a.body);
        }
    };
    let started = Instant::now();
    let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
    let english = match query.split('&').find_map(|kv| kv.strip_prefix("lang=")) {
        Some("en") => true,
        Some(_) => false,
        None => shared.english,
    };
    let w = words(english);
    let endpoint = match path {
        "/api/check" => Some(Endpoint::Check),
        "/api/report" => Some(Endpoint::Report),
        "/api/annotate" => Some(Endpoint::Annotate),
        _ => None,
    };
    let answer = match (head.method.as_str(), path, endpoint) {
        ("GET", "/" | "/index.html", _) => Answer {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page(english).into_bytes(),
            download: None,
        },
        ("POST", _, Some(endpoint)) => api(&mut conn, &head, shared, endpoint, english, started),
        (_, "/" | "/index.html", _) | (_, _, Some(_)) => Answer::problem(405, w.method.into()),
        _ => Answer::problem(404, w.not_found.into()),
    };
    conn.answer(answer.status, &answer.headers(), &answer.body);
}

/// The one-line message for a request that could not be read.
fn problem_message(problem: Problem, english: bool, limits: &Limits) -> String {
    let w = words(english);
    match problem {
        Problem::HeadTimeout | Problem::BodyTimeout => w.too_slow_to_send.into(),
        Problem::HeadTooLarge => fill(w.head_too_large, limits.head_bytes >> 10),
        Problem::BadHead => w.bad_head.into(),
        Problem::NoLength => w.no_length.into(),
        Problem::BadLength => w.bad_length.into(),
        Problem::BodyTooLarge => fill(w.body_too_large, limits.body_bytes),
        Problem::BodyShort { got, announced } => w
            .body_short
            .replace("{got}", &got.to_string())
            .replace("{announced}", &announced.to_string()),
    }
}

fn api(
    conn: &mut Connection,
    head: &Head,
    shared: &Arc<Shared>,
    endpoint: Endpoint,
    english: bool,
    started: Instant,
) -> Answer {
    let w = words(english);
    let limits = shared.limits;
    let Some(boundary) = head.header("content-type").and_then(multipart::boundary) else {
        return Answer::problem(400, w.not_multipart.into());
    };
    let body = match conn.read_body(head) {
        Ok(b) => b,
        Err(Failure::Gone) => return Answer::problem(400, w.bad_body.into()),
        Err(Failure::Status(status, problem)) => {
            return Answer::problem(status, problem_message(problem, english, &limits))
        }
    };
    let uploads = match multipart::files(&body, &boundary, "file") {
        Ok(u) => u,
        Err(e) => return Answer::problem(400, format!("{}: {}", w.bad_body, e.message(english))),
    };
    drop(body);
    if uploads.is_empty() {
        return Answer::problem(400, w.no_files.into());
    }
    if uploads.len() > limits.files {
        return Answer::problem(413, fill(w.too_many, limits.files));
    }
    if let Some(big) = uploads.iter().find(|u| u.bytes.len() > limits.file_bytes) {
        return Answer::problem(
            413,
            format!(
                "{}: {}",
                big.name,
                fill(w.file_too_large, limits.file_bytes)
            ),
        );
    }
    // At most `workers` requests are checked at once; the work runs on its own thread, holding
    // its slot until done, so the answer can be given when the time limit passes while the
    // pipeline's own limits bound how long the abandoned work takes.
    let left = limits.time.saturating_sub(started.elapsed());
    let Some(permit) = shared.permits.take(left) else {
        return Answer::problem(503, w.too_slow.into());
    };
    let (tx, rx) = mpsc::sync_channel(1);
    let job = Job {
        uploads,
        settings: shared.clone(),
        english,
        endpoint,
    };
    let spawned = std::thread::Builder::new()
        .name("vblint-check".into())
        .spawn(move || {
            let _permit = permit;
            let _ = tx.send(job.run());
        });
    if spawned.is_err() {
        return Answer::problem(503, w.busy.into());
    }
    let left = limits.time.saturating_sub(started.elapsed());
    match rx.recv_timeout(left) {
        Ok(answer) => answer,
        Err(_) => Answer::problem(503, w.too_slow.into()),
    }
}

struct Job {
    uploads: Vec<multipart::Upload>,
    settings: Arc<Shared>,
    english: bool,
    endpoint: Endpoint,
}

impl Job {
    fn run(self) -> Answer {
        let english = self.english;
        let s = &self.settings;
        let mut targets = Vec::with_capacity(self.uploads.len());
        for u in self.uploads {
            let made = s
                .driver
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .target_for_bytes(&u.name, u.bytes);
            match made {
                Ok(mut t) => {
                    t.options = Arc::new(CheckOptions {
                        english,
                        ..(*t.options).clone()
                    });
                    targets.push(t);
                }
                Err(e) => return Answer::problem(400, e),
            }
        }
        let mut reports = Vec::with_capacity(targets.len());
        let run = driver::for_each_target(
            &targets,
            |t| {
                let o = driver::check_target(t, english);
                FileReport {
                    path: t.path.clone(),
                    outcome: o.result,
                }
            },
            |_, r| {
                reports.push(r);
                Ok(())
            },
        );
        if let Err(e) = run {
            return Answer::problem(500, e.to_string());
        }
        let rules = targets.first().map(|t| t.rules.clone()).unwrap_or_default();
        match self.endpoint {
            Endpoint::Check => Answer {
                status: 200,
                content_type: "application/json; charset=utf-8",
                body: (report::json(&reports, english) + "\n").into_bytes(),
                download: Some("vblint.json".into()),
            },
            Endpoint::Report => Answer {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: report::html(&reports, &rules, english).into_bytes(),
                download: None,
            },
            Endpoint::Annotate => annotate_answer(&targets, &reports, english),
        }
    }
}

/// The bytes of an upload's target.
fn upload_bytes(t: &Target) -> &[u8] {
    match &t.source {
        Input::Bytes(b) => b,
        _ => &[],
    }
}

/// The annotated copy of one file, or a zip of the copies of several. Files that could not be
/// read are named in a clear error.
fn annotate_answer(targets: &[Target], reports: &[FileReport], english: bool) -> Answer {
    let mut copies = Vec::new();
    for (u, r) in targets.iter().zip(reports) {
        let copy = match &r.outcome {
            Err(e) => Err(e.message(english)),
            Ok((doc, diags)) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::annotate::annotate(upload_bytes(u), doc, diags, &u.rules, english)
            }))
            .map_err(|_| "internal error in vblint while annotating this file".to_string())
            .and_then(|r| r.map_err(|e| e.message(english))),
        };
        match copy {
            Ok(c) => {
                let name = crate::annotate::output_path(std::path::Path::new(&u.path), c.extension)
                    .to_string_lossy()
                    .to_string();
                copies.push((name, c));
            }
            Err(message) => return Answer::problem(422, format!("{}: {message}", u.path)),
        }
    }
    if copies.len() == 1 {
        let (name, copy) = copies.remove(0);
        let content_type = if copy.extension == "docx" {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        } else {
            "text/plain; charset=utf-8"
        };
        return Answer {
            status: 200,
            content_type,
            body: copy.bytes,
            download: Some(name),
        };
    }
    match zip_of(&copies) {
        Ok(bytes) => Answer {
            status: 200,
            content_type: "application/zip",
            body: bytes,
            download: Some("vblint.zip".into()),
        },
        Err(e) => Answer::problem(500, e),
    }
}

/// A zip of annotated copies; names repeated across uploads get a number.
fn zip_of(copies: &[(String, crate::annotate::Annotated)]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut seen = std::collections::HashSet::new();
    for (name, copy) in copies {
        let mut unique = name.clone();
        let mut n = 1;
        while !seen.insert(unique.clone()) {
            n += 1;
            unique = format!("{n}-{name}");
        }
        out.start_file(unique, options).map_err(|e| e.to_string())?;
        out.write_all(&copy.bytes).map_err(|e| e.to_string())?;
    }
    out.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

/// Messages of the API and the page, in one language.
struct Words {
    method: &'static str,
    not_found: &'static str,
    not_multipart: &'static str,
    bad_body: &'static str,
    no_files: &'static str,
    too_many: &'static str,
    file_too_large: &'static str,
    body_too_large: &'static str,
    too_slow: &'static str,
    too_slow_to_send: &'static str,
    head_too_large: &'static str,
    bad_head: &'static str,
    no_length: &'static str,
    bad_length: &'static str,
    body_short: &'static str,
    busy: &'static str,
}

const VI: Words = Words {
    method: "phương thức không được hỗ trợ ở địa chỉ này",
    not_found: "không có trang này",
    not_multipart: "cần gửi tệp dạng multipart/form-data, mỗi tệp trong một trường `file`",
    bad_body: "nội dung tải lên bị hỏng",
    no_files: "không có tệp nào trong trường `file`",
    too_many: "quá nhiều tệp trong một lần gửi (tối đa {})",
    file_too_large: "tệp quá lớn (tối đa {} MB)",
    body_too_large: "dữ liệu gửi lên quá lớn (tối đa {} MB mỗi lần)",
    too_slow: "quá thời gian xử lý; hãy gửi ít tệp hơn mỗi lần",
    too_slow_to_send: "yêu cầu gửi đến quá chậm nên bị ngắt",
    head_too_large: "phần đầu yêu cầu quá lớn (tối đa {} KB)",
    bad_head: "yêu cầu không đúng HTTP",
    no_length: "cần gửi kèm Content-Length (không nhận nội dung chia khúc)",
    bad_length: "Content-Length không phải một số",
    body_short: "nội dung gửi lên ngắn hơn Content-Length (nhận {got} trên {announced} byte)",
    busy: "máy chủ đang bận; hãy thử lại sau",
};

const EN: Words = Words {
    method: "method not allowed here",
    not_found: "no such page",
    not_multipart: "send files as multipart/form-data, each in a `file` field",
    bad_body: "the upload is damaged",
    no_files: "no file in a `file` field",
    too_many: "too many files in one request (at most {})",
    file_too_large: "file too large (at most {} MB)",
    body_too_large: "upload too large (at most {} MB per request)",
    too_slow: "the request took too long; send fewer files at a time",
    too_slow_to_send: "the request arrived too slowly and was cut off",
    head_too_large: "request head too large (at most {} KB)",
    bad_head: "not an HTTP request",
    no_length: "send a Content-Length (chunked bodies are not read)",
    bad_length: "Content-Length is not a number",
    body_short: "the body is shorter than its Content-Length ({got} of {announced} bytes)",
    busy: "the server is busy; try again later",
};

fn words(english: bool) -> &'static Words {
    if english {
        &EN
    } else {
        &VI
    }
}

/// Fills `{}` with a limit: megabytes for byte limits, the count otherwise.
fn fill(template: &str, n: usize) -> String {
    let value = if template.contains("MB") { n >> 20 } else { n };
    template.replace("{}", &value.to_string())
}

/// The page, in Vietnamese or English.
pub fn page(english: bool) -> String {
    let (tagline, drop, limits, docx, json, report, checking, done, failed, none) = if english {
        (
            "Check Vietnamese administrative plans (Kế hoạch). Files stay on this computer.",
            "Drop .docx or .txt plans here, or click to choose",
            "Up to 50 files, 20 MB each. Nothing is stored.",
            "Download annotated .docx",
            "Download JSON",
            "Report",
            "Checking…",
            "Checked {n} file(s).",
            "Could not check",
            "No file chosen",
        )
    } else {
        (
            "Kiểm tra thể thức kế hoạch. Tệp chỉ được xử lý trên máy này.",
            "Thả tệp kế hoạch .docx hoặc .txt vào đây, hoặc bấm để chọn",
            "Tối đa 50 tệp, mỗi tệp 20 MB. Không lưu lại tệp nào.",
            "Tải bản .docx có bình luận",
            "Tải JSON",
            "Báo cáo",
            "Đang kiểm tra…",
            "Đã kiểm tra {n} tệp.",
            "Không kiểm tra được",
            "Chưa chọn tệp",
        )
    };
    include_str!("page.html")
        .replace("{{lang}}", if english { "en" } else { "vi" })
        .replace("{{tagline}}", tagline)
        .replace("{{drop}}", drop)
        .replace("{{limits}}", limits)
        .replace("{{download_docx}}", docx)
        .replace("{{download_json}}", json)
        .replace("{{report}}", report)
        .replace("{{checking}}", checking)
        .replace("{{done}}", done)
        .replace("{{failed}}", failed)
        .replace("{{none}}", none)
}

/// A file name with only printable ASCII, for the plain `filename=` parameter.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
