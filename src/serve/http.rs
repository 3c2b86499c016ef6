//! The HTTP/1.1 that `vblint serve` needs, on `std::net`: one request per connection, read under
//! a deadline and size limits, answered with `Connection: close`.
//!
//! tiny_http gives no read timeout, so a client that connects and sends nothing held a worker
//! for ever. Here every read has a deadline: the request head must arrive within
//! [`Limits::head_time`](super::Limits), each later read within the idle time, and the whole body
//! within the body time. Sizes are checked before anything is kept: the head against its byte
//! and line limits, the body against `Content-Length` before a byte of it is read.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::Limits;

/// A request line and its headers.
#[derive(Debug, Clone)]
pub struct Head {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of a header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be read: the status to answer with and a one-line reason (`None`
/// when the client went away and there is no one to answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The client closed the connection or it broke.
    Gone,
    /// Answer with this status; the words say what was wrong.
    Status(u16, Problem),
}

/// What was wrong with a request, for the message in the client's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The head did not arrive within the deadline.
    HeadTimeout,
    /// The head is larger than the limit, or has too many lines.
    HeadTooLarge,
    /// The request line or a header is not HTTP.
    BadHead,
    /// A POST without `Content-Length` (chunked bodies are not read).
    NoLength,
    /// `Content-Length` is not a number.
    BadLength,
    /// `Content-Length` is above the body limit.
    BodyTooLarge,
    /// The body did not arrive within the deadline.
    BodyTimeout,
    /// The connection ended before `Content-Length` bytes.
    BodyShort {
        /// Bytes received.
        got: usize,
        /// Bytes announced.
        announced: usize,
    },
}

/// A connection with the bytes read past the head.
pub struct Connection {
    stream: TcpStream,
    started: Instant,
    limits: Limits,
    leftover: Vec<u8>,
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl Connection {
    /// Wraps an accepted stream; the deadlines count from now.
    pub fn new(stream: TcpStream, limits: Limits) -> Connection {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(limits.idle_time.max(Duration::from_millis(1))));
        Connection {
            stream,
            started: Instant::now(),
            limits,
            leftover: Vec::new(),
        }
    }

    /// Reads into `buf` with a timeout of the idle time, shortened to what is left before
    /// `deadline`. `Ok(None)` means the deadline passed.
    fn read_some(&mut self, buf: &mut [u8], deadline: Duration) -> io::Result<Option<usize>> {
        let left = deadline.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            return Ok(None);
        }
        self.stream.set_read_timeout(Some(
            left.min(self.limits.idle_time)
                .max(Duration::from_millis(1)),
        ))?;
        loop {
            match self.stream.read(buf) {
                Ok(n) => return Ok(Some(n)),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads the request line and headers.
    pub fn read_head(&mut self) -> Result<Head, Failure> {
        let max = self.limits.head_bytes;
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
        let mut chunk = [0u8; 4096];
        let end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i;
            }
            if buf.len() > max {
                return Err(Failure::Status(431, Problem::HeadTooLarge));
            }
            let n = match self.read_some(&mut chunk, self.limits.head_time) {
                Ok(Some(0)) | Err(_) => return Err(Failure::Gone),
                Ok(Some(n)) => n,
                Ok(None) if buf.is_empty() => {
                    // Connected and said nothing: no request to answer.
                    return Err(Failure::Status(408, Problem::HeadTimeout));
                }
                Ok(None) => return Err(Failure::Status(408, Problem::HeadTimeout)),
            };
            buf.extend_from_slice(&chunk[..n]);
        };
        if end > max {
            return Err(Failure::Status(431, Problem::HeadTooLarge));
        }
        self.leftover = buf.split_off(end + 4);
        buf.truncate(end);
        parse_head(&buf, self.limits.headers)
    }

    /// Reads a body of the announced length: refused before reading when over the limit,
    /// under the body deadline.
    pub fn read_body(&mut self, head: &Head) -> Result<Vec<u8>, Failure> {
        if head.header("transfer-encoding").is_some() {
            return Err(Failure::Status(411, Problem::NoLength));
        }
        let Some(length) = head.header("content-length") else {
            return Err(Failure::Status(411, Problem::NoLength));
        };
        let announced: usize = match length.trim().parse::<u64>() {
            Ok(n) if n > self.limits.body_bytes as u64 => {
                return Err(Failure::Status(413, Problem::BodyTooLarge))
            }
            Ok(n) => n as usize,
            Err(_) => return Err(Failure::Status(400, Problem::BadLength)),
        };
        let mut body = std::mem::take(&mut self.leftover);
        body.truncate(announced);
        body.reserve_exact(announced - body.len());
        let mut chunk = vec![0u8; 64 << 10];
        while body.len() < announced {
            let want = (announced - body.len()).min(chunk.len());
            match self.read_some(&mut chunk[..want], self.limits.body_time) {
                Ok(Some(0)) => {
                    return Err(Failure::Status(
                        400,
                        Problem::BodyShort {
                            got: body.len(),
                            announced,
                        },
                    ))
                }
                Ok(Some(n)) => body.extend_from_slice(&chunk[..n]),
                Ok(None) => return Err(Failure::Status(408, Problem::BodyTimeout)),
                Err(_) => return Err(Failure::Gone),
            }
        }
        Ok(body)
    }

    /// Writes the answer and closes the connection. What the client still sends (a body that
    /// was refused) is read and dropped for a moment first, so closing does not reset the
    /// connection before the client reads the answer.
    pub fn answer(mut self, status: u16, headers: &[(&str, String)], body: &[u8]) {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            reason(status),
            body.len()
        );
        for (k, v) in headers {
            // Header values come from this server; line breaks would split the head.
            if !v.contains(['\r', '\n']) {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        head.push_str("\r\n");
        let written = self
            .stream
            .write_all(head.as_bytes())
            .and_then(|()| self.stream.write_all(body))
            .and_then(|()| self.stream.flush());
        if written.is_err() {
            return;
        }
        let _ = self.stream.shutdown(Shutdown::Write);
        let linger = Instant::now();
        let mut sink = [0u8; 16 << 10];
        let _ = self.stream.set_read_timeout(Some(LINGER));
        let mut drained = 0usize;
        while linger.elapsed() < LINGER && drained < self.limits.body_bytes {
            match self.stream.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    }
}

/// How long a closing connection keeps reading what the client still sends.
const LINGER: Duration = Duration::from_secs(1);

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(bytes: &[u8], max_headers: usize) -> Result<Head, Failure> {
    let bad = Failure::Status(400, Problem::BadHead);
    let text = std::str::from_utf8(bytes).map_err(|_| bad.clone())?;
    let mut lines = text.split("\r\n");
    let line = lines.next().ok_or(bad.clone())?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad);
    };
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || !target.starts_with('/')
        || !version.starts_with("HTTP/1.")
    {
        return Err(bad);
    }
    let mut headers = Vec::new();
    for l in lines {
        if headers.len() >= max_headers {
            return Err(Failure::Status(431, Problem::HeadTooLarge));
        }
        let (k, v) = l.split_once(':').ok_or(bad.clone())?;
        if k.is_empty() || k.contains([' ', '\t']) {
            return Err(bad);
        }
        headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_parse_and_bad_ones_are_400() {
        let h = parse_head(
            b"POST /api/check?lang=en HTTP/1.1\r\nHost: x\r\nContent-Length: 5",
            64,
        )
        .unwrap();
        assert_eq!(h.method, "POST");
        assert_eq!(h.target, "/api/check?lang=en");
        assert_eq!(h.header("content-length"), Some("5"));
        for bad in [
            &b"GET\r\n"[..],
            b"GET / HTTP/1.1 extra",
            b"get / HTTP/1.1",
            b"GET nowhere HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET / \xff HTTP/1.1",
        ] {
            assert_eq!(
                parse_head(bad, 64).unwrap_err(),
                Failure::Status(400, Problem::BadHead),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let many = format!("GET / HTTP/1.1{}", "\r\nX: y".repeat(65));
        assert_eq!(
            parse_head(many.as_bytes(), 64).unwrap_err(),
            Failure::Status(431, Problem::HeadTooLarge)
        );
    }
}
