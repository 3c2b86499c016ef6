//! The ways in for reviewers who never read compiler output: the HTML report (`--format html`),
//! annotated Word copies (`vblint annotate`) and the local web page (`vblint serve`).

use std::path::PathBuf;
use std::process::{Command, Output};

fn vblint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("vblint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[allow(dead_code)]
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-reviewer-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn html_report_for_a_folder_has_an_index_and_a_verdict_per_document() {
    let o = vblint(&[
        "check",
        "--format",
        "html",
        "examples/ke-hoach-mau.txt",
        "fixtures/plans",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(page.contains("class=\"index\""));
    // Every plan under fixtures/plans is clean: one section each, plus the sample plan.
    let clean = std::fs::read_dir("fixtures/plans")
        .expect("fixtures/plans")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file()))
        .count();
    assert_eq!(page.matches("<section class=\"doc\"").count(), clean + 1);
    assert_eq!(
        page.matches("class=\"verdict pass\">đạt<").count(),
        2 * clean
    );
    assert!(page.contains("class=\"verdict fix\">cần sửa<"));
    // Every finding of the JSON report is on the page, grouped under a part heading.
    let json = stdout(&vblint(&[
        "check",
        "--format",
        "json",
        "examples/ke-hoach-mau.txt",
    ]));
    let n = json.matches("\"rule\":").count();
    assert!(n > 0);
    assert_eq!(page.matches("<li class=\"finding").count(), n);
    assert!(page.contains("<h3>Nơi nhận</h3>"));
    assert!(page.contains("id=\"rule-recipients-archive\""));
    assert!(page.contains("@media print"));
    // Self-contained: no external resource of any kind.
    for external in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!page.contains(external), "{external}");
    }
}

#[test]
fn html_report_in_english() {
    let o = vblint(&[
        "check",
        "--format",
        "html",
        "--lang",
        "en",
        "fixtures/plans/clean-state.txt",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains(">passes<"));
    assert!(
        !page.contains("class=\"index\""),
        "one document needs no index"
    );
}

mod serve {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};

    use vblint::driver::{ConfigChoice, Driver, Request};
    use vblint::serve::{Limits, Server, Settings, Stopper};

    struct Running {
        addr: SocketAddr,
        stopper: Stopper,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    impl Drop for Running {
        fn drop(&mut self) {
            self.stopper.stop();
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }

    fn start(limits: Limits) -> Running {
        let driver = Driver::new(Request {
            config: ConfigChoice::Isolated,
            ..Request::default()
        })
        .expect("driver");
        let settings = Settings {
            driver,
            limits,
            workers: 2,
        };
        let server = Server::bind("127.0.0.1:0".parse().unwrap(), settings).expect("bind");
        let addr = server.local_addr().expect("address");
        let stopper = server.stopper();
        let thread = Some(std::thread::spawn(move || server.run()));
        Running {
            addr,
            stopper,
            thread,
        }
    }

    /// Sends one request and returns (status, headers, body).
    fn request(
        addr: SocketAddr,
        method: &str,
        path: &str,
        ctype: &str,
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(addr).expect("connect");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        let _ = s.write_all(body);
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("response head");
        let head = String::from_utf8_lossy(&out[..split]).to_string();
        let status = head[9..12].parse().unwrap();
        let mut body = out[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        (status, head, body)
    }

    fn dechunk(mut b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let line = b.windows(2).position(|w| w == b"\r\n").unwrap();
            let n =
                usize::from_str_radix(std::str::from_utf8(&b[..line]).unwrap().trim(), 16).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&b[line + 2..line + 2 + n]);
            b = &b[line + 4 + n..];
        }
    }

    fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
        let mut b = Vec::new();
        for (name, bytes) in files {
            b.extend_from_slice(b"--vblintTEST\r\n");
            b.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
                )
                .as_bytes(),
            );
            b.extend_from_slice(bytes);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--vblintTEST--\r\n");
        ("multipart/form-data; boundary=vblintTEST".into(), b)
    }

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    #[test]
    fn api_check_gives_the_same_json_as_the_command_line() {
        let server = start(Limits::default());
        let plan = fixture("examples/ke-hoach-mau.txt");
        let (ctype, body) = multipart(&[("ke-hoach-mau.txt", &plan)]);
        let (status, head, got) = request(server.addr, "POST", "/api/check", &ctype, &body);
        assert_eq!(status, 200, "{head}");
        let cli = super::vblint(&["check", "--format", "json", "examples/ke-hoach-mau.txt"]);
        let got = String::from_utf8(got).unwrap();
        let want = super::stdout(&cli).replace("examples/ke-hoach-mau.txt", "ke-hoach-mau.txt");
        assert_eq!(got, want);
    }

    #[test]
    fn api_report_and_the_page() {
        let server = start(Limits::default());
        let docx = fixture("fixtures/docx/ke-hoach-chuyen-doi-so.docx");
        let (ctype, body) = multipart(&[("a.docx", &docx), ("b.txt", b"<script>x</script>")]);
        let (status, head, page) =
            request(server.addr, "POST", "/api/report?lang=en", &ctype, &body);
        assert_eq!(status, 200);
        assert!(head.contains("text/html"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("a.docx") && page.contains("class=\"index\""));
        assert!(!page.contains("<script>x"));
        let (status, _, index) = request(server.addr, "GET", "/", "text/plain", b"");
        assert_eq!(status, 200);
        let index = String::from_utf8(index).unwrap();
        assert!(index.contains("api/report") && index.contains("type=\"file\""));
    }

    #[test]
    fn api_annotate_returns_the_annotated_copy() {
        let server = start(Limits::default());
        let docx = fixture("fixtures/docx/ke-hoach-van-ban-thuong.docx");
        let (ctype, body) = multipart(&[("kế hoạch.docx", &docx)]);
        let (status, head, copy) = request(server.addr, "POST", "/api/annotate", &ctype, &body);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&copy));
        assert!(head.contains("wordprocessingml.document"));
        assert!(
            head.contains("filename*=UTF-8''k%E1%BA%BF%20ho%E1%BA%A1ch.vblint.docx"),
            "{head}"
        );
        let extracted = vblint::extract::extract(&copy, "docx").expect("the copy reads");
        assert!(!extracted.text.is_empty());
        // Two files: a zip of both copies.
        let (ctype, body) = multipart(&[("a.docx", &docx), ("b.txt", b"KE HOACH\n")]);
        let (status, head, zipped) = request(server.addr, "POST", "/api/annotate", &ctype, &body);
        assert_eq!(status, 200);
        assert!(head.contains("application/zip"));
        let z = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        let names: Vec<String> = z
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| n.to_string())
            .collect();
        assert!(
            names.iter().any(|n| n == "a.vblint.docx") && names.iter().any(|n| n == "b.vblint.txt"),
            "{names:?}"
        );
        // A file that is not a plan: a clear message naming it.
        let (ctype, body) = multipart(&[("anh.docx", b"PK\x03\x04broken")]);
        let (status, _, got) = request(server.addr, "POST", "/api/annotate", &ctype, &body);
        assert_eq!(status, 422);
        assert!(String::from_utf8_lossy(&got).contains("anh.docx"));
    }

    #[test]
    fn requests_over_the_time_limit_get_a_message() {
        let server = start(Limits {
            time: std::time::Duration::ZERO,
            ..Limits::default()
        });
        let plan = fixture("examples/ke-hoach-mau.txt");
        let (ctype, body) = multipart(&[("a.txt", &plan)]);
        let (status, _, got) = request(server.addr, "POST", "/api/check", &ctype, &body);
        assert!(status == 408 || status == 503, "{status}");
        assert!(String::from_utf8_lossy(&got).contains("quá thời gian"));
    }

    #[test]
    fn bad_uploads_get_clear_messages_and_the_server_keeps_going() {
        let server = start(Limits {
            file_bytes: 1000,
            files: 2,
            body_bytes: 10_000,
            ..Limits::default()
        });
        let plan = fixture("fixtures/plans/clean-state.txt");
        let cases: Vec<(String, Vec<u8>, u16, &str)> = vec![
            ("application/json".into(), b"{}".to_vec(), 400, "multipart"),
            (multipart(&[]).0, multipart(&[]).1, 400, "`file`"),
            {
                let (c, b) = multipart(&[("a.txt", b"x"), ("b.txt", b"y"), ("c.txt", b"z")]);
                (c, b, 413, "tối đa 2")
            },
            {
                let (c, b) = multipart(&[("big.txt", &[b'a'; 2000])]);
                (c, b, 413, "big.txt")
            },
            {
                let (c, b) = multipart(&[("huge.txt", &vec![b'a'; 20_000])]);
                (c, b, 413, "MB")
            },
            {
                let (c, mut b) = multipart(&[("cut.txt", &plan)]);
                b.truncate(b.len() / 2);
                (c, b, 400, "hỏng")
            },
        ];
        for (ctype, body, want, words) in cases {
            let (status, _, got) = request(server.addr, "POST", "/api/check", &ctype, &body);
            let got = String::from_utf8_lossy(&got).to_string();
            assert_eq!(status, want, "{got}");
            assert!(got.contains("\"error\"") && got.contains(words), "{got}");
        }
        // A file that is not a plan is reported as unreadable, in the JSON, with its name.
        let (ctype, body) = multipart(&[("anh.docx", b"\x89PNG\r\n\x1a\n....")]);
        let (status, _, got) = request(server.addr, "POST", "/api/check", &ctype, &body);
        assert_eq!(status, 200);
        let got = String::from_utf8(got).unwrap();
        assert!(
            got.contains("anh.docx") && got.contains("\"unreadable\": 1"),
            "{got}"
        );
        let (status, _, _) = request(server.addr, "GET", "/nowhere", "text/plain", b"");
        assert_eq!(status, 404);
        let (status, _, _) = request(server.addr, "GET", "/api/check", "text/plain", b"");
        assert_eq!(status, 405);
        // Still serving.
        let (ctype, body) = multipart(&[("ok.txt", &plan[..900.min(plan.len())])]);
        assert_eq!(
            request(server.addr, "POST", "/api/check", &ctype, &body).0,
            200
        );
    }
}
