//! `vblint serve`: a local web page where a reviewer drops plans and reads the HTML report, and
//! the small API behind it (`POST /api/check`, `/api/report`, `/api/annotate`).
//!
//! A synchronous server (tiny_http) with a fixed pool of workers: each request is read into
//! memory under size limits, checked by the same code as `vblint check`, answered, and dropped.
//! Nothing is written to disk.

pub mod multipart;

use std::io::Read;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response};

use crate::check::CheckOptions;
use crate::driver::{self, Driver, Input, Target};
use crate::report::{self, FileReport};

/// Limits on what one request may carry and take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uploaded file, in bytes.
    pub file_bytes: usize,
    /// Most files in one request.
    pub files: usize,
    /// Largest request body, in bytes (all files and the multipart framing).
    pub body_bytes: usize,
    /// Longest time to read and answer one request.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 20 << 20,
            files: 50,
            body_bytes: 100 << 20,
            time: Duration::from_secs(60),
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
    /// Worker threads; at most this many requests are held in memory at once.
    pub workers: usize,
}

/// The settings as the workers share them.
struct Shared {
    driver: Mutex<Driver>,
    english: bool,
    limits: Limits,
    workers: usize,
}

/// A bound server, ready to [`run`](Server::run).
pub struct Server {
    http: Arc<tiny_http::Server>,
    settings: Arc<Shared>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port). A bad configuration is reported here, before
    /// any request.
    pub fn bind(addr: SocketAddr, settings: Settings) -> Result<Server, String> {
        let mut driver = settings.driver;
        driver.validate()?;
        let http = tiny_http::Server::http(addr).map_err(|e| e.to_string())?;
        Ok(Server {
            http: Arc::new(http),
            settings: Arc::new(Shared {
                english: driver.english(),
                driver: Mutex::new(driver),
                limits: settings.limits,
                workers: settings.workers,
            }),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.http.server_addr().to_ip()
    }

    /// A handle that stops [`run`](Server::run) from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.http.clone())
    }

    /// Serves until stopped. Each worker answers one request at a time.
    pub fn run(self) {
        let workers: Vec<_> = (0..self.settings.workers.max(1))
            .map(|_| {
                let http = self.http.clone();
                let settings = self.settings.clone();
                std::thread::spawn(move || {
                    while let Ok(request) = http.recv() {
                        handle(request, &settings);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// Stops a running [`Server`].
#[derive(Clone)]
pub struct Stopper(Arc<tiny_http::Server>);

impl Stopper {
    /// Unblocks the workers; they finish the request in hand and return.
    pub fn stop(&self) {
        for _ in 0..64 {
            self.0.unblock();
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

fn handle(mut request: Request, settings: &Arc<Shared>) {
    let started = Instant::now();
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let english = match query.split('&').find_map(|kv| kv.strip_prefix("lang=")) {
        Some("en") => true,
        Some(_) => false,
        None => settings.english,
    };
    let answer = match (request.method(), path) {
        (Method::Get, "/") | (Method::Get, "/index.html") => Answer {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page(english).into_bytes(),
            download: None,
        },
        (Method::Post, "/api/check") => {
            api(&mut request, settings, Endpoint::Check, english, started)
        }
        (Method::Post, "/api/report") => {
            api(&mut request, settings, Endpoint::Report, english, started)
        }
        (Method::Post, "/api/annotate") => {
            api(&mut request, settings, Endpoint::Annotate, english, started)
        }
        (_, "/" | "/index.html" | "/api/check" | "/api/report" | "/api/annotate") => {
            Answer::problem(405, words(english).method.into())
        }
        _ => Answer::problem(404, words(english).not_found.into()),
    };
    respond(request, answer);
}

fn respond(request: Request, answer: Answer) {
    let mut response = Response::from_data(answer.body).with_status_code(answer.status);
    let mut headers = vec![
        ("Content-Type", answer.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Cache-Control", "no-store".into()),
        ("Referrer-Policy", "no-referrer".into()),
    ];
    if let Some(name) = answer.download {
        headers.push((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                ascii_name(&name),
                percent_encode(&name)
            ),
        ));
    }
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            response.add_header(h);
        }
    }
    // The client may have gone; nothing to do about it.
    let _ = request.respond(response);
}

fn api(
    request: &mut Request,
    settings: &Arc<Shared>,
    endpoint: Endpoint,
    english: bool,
    started: Instant,
) -> Answer {
    let w = words(english);
    let limits = settings.limits;
    let boundary = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Content-Type"))
        .and_then(|h| multipart::boundary(h.value.as_str()));
    let Some(boundary) = boundary else {
        return Answer::problem(400, w.not_multipart.into());
    };
    if request.body_length().is_some_and(|n| n > limits.body_bytes) {
        return Answer::problem(413, fill(w.body_too_large, limits.body_bytes));
    }
    let body = match read_body(request.as_reader(), limits, started) {
        Ok(b) => b,
        Err(ReadError::TooLarge) => {
            return Answer::problem(413, fill(w.body_too_large, limits.body_bytes))
        }
        Err(ReadError::TooSlow) => return Answer::problem(408, w.too_slow.into()),
        Err(ReadError::Io(e)) => return Answer::problem(400, format!("{}: {e}", w.bad_body)),
    };
    let uploads = match multipart::files(&body, &boundary, "file") {
        Ok(u) => u,
        Err(e) => return Answer::problem(400, format!("{}: {e}", w.bad_body)),
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
    // The work runs on its own thread so the answer can be given when the time limit passes;
    // the pipeline's own limits bound how long the abandoned work can take.
    let (tx, rx) = mpsc::sync_channel(1);
    let job = Job {
        uploads,
        settings: settings.clone(),
        english,
        endpoint,
    };
    std::thread::spawn(move || {
        let _ = tx.send(job.run());
    });
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

enum ReadError {
    TooLarge,
    TooSlow,
    Io(std::io::Error),
}

fn read_body(
    reader: &mut dyn Read,
    limits: Limits,
    started: Instant,
) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        if started.elapsed() > limits.time {
            return Err(ReadError::TooSlow);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(body),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        if body.len() + n > limits.body_bytes {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk[..n]);
    }
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
