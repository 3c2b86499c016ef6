//! Every resource limit of vblint, in one place.
//!
//! vblint reads files that arrive by e-mail and runs unattended, so no input may make it hang or
//! exhaust memory. Each limit is set far above what real plans need (a Kế hoạch is a few to a few
//! dozen pages; the largest file in the project's corpus of real documents is under 60 KB) and
//! low enough that a run stays within about 200 MB of memory. Exceeding a limit is always an
//! error that names the limit ([`crate::extract::ExtractError`]); nothing is silently cut short.
//!
//! User rules are the other untrusted input: their regular expressions are compiled by the
//! `regex` crate, whose matching time is linear in the text (no backtracking), so a
//! pathological pattern cannot hang a run; the size limits below bound what compiling one may
//! allocate.

/// The largest input file read at all, in bytes (checked before reading it). A `.docx` holds
/// images, so it may be far larger than its text; 64 MiB still fits in memory comfortably.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The largest `.txt` file, in bytes, refused before decoding. 4 MiB is about 2,000 pages of
/// Vietnamese text, a hundred times a long plan; checking it takes seconds, while a 50 MB text
/// would take minutes and print megabytes of findings.
pub const MAX_TEXT_FILE_BYTES: u64 = 4 << 20;

/// The largest extracted text of any input, in bytes (UTF-8): the same bound as
/// [`MAX_TEXT_FILE_BYTES`], applied to the text a `.docx` yields.
pub const MAX_TEXT_BYTES: usize = 4 << 20;

/// Most paragraphs (lines) a `.docx` may yield. A long plan has a few hundred; 100,000 is some
/// 2,000 pages. Checked while reading, so a part of a million empty paragraphs is refused
/// before its per-line facts fill memory.
pub const MAX_PARAGRAPHS: usize = 100_000;

/// Largest inflated size of one `.docx` part. A plan's `document.xml` is well under 1 MiB; the
/// markup of the 2,000-page [`MAX_TEXT_BYTES`] text would still fit.
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// Largest inflated size of all parts read from one package (the main part, styles,
/// numbering, notes, headers and footers together).
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// Most entries a zip package may have; Word writes a few dozen, more with many images.
pub const MAX_ENTRIES: usize = 10_000;

/// Parts inflating to less than this are never judged by their compression ratio: small parts
/// cannot hurt, and short repetitive XML compresses very well.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// Highest inflated/compressed ratio accepted for parts above [`RATIO_FLOOR`]; real
/// WordprocessingML stays below 50:1, zip bombs reach 1,000:1.
pub const MAX_RATIO: u64 = 200;

/// Deepest XML element nesting accepted. Word nests tables in tables, text boxes and content
/// controls, but real parts stay below 50 levels.
pub const MAX_XML_DEPTH: usize = 256;

/// Deepest complex-field nesting tracked (`w:fldChar` begin … end). Real documents nest two or
/// three (a PAGE inside an IF); deeper `begin`s are treated as text so nothing is hidden.
pub const MAX_FIELD_NESTING: usize = 64;

/// Most Word comments read from one document. A reviewed plan carries a few dozen; the bound
/// keeps a part of a million empty comment anchors from filling memory (later ones are
/// ignored: a comment is a suppression at most, never text the rules read).
pub const MAX_COMMENTS: usize = 10_000;

/// Longest style inheritance chain followed (`w:basedOn`); Word itself stops at about ten. The
/// bound also breaks cycles.
pub const MAX_STYLE_CHAIN: usize = 32;

/// Most numbering-style links followed (`w:numStyleLink` → `w:styleLink`); real files use one.
/// The bound also breaks cycles.
pub const MAX_NUMBERING_LINKS: usize = 4;

/// Compiled-program size limit for a rule's regular expression, in bytes. The built-in rules,
/// long alternations of Vietnamese words included, all compile within it.
pub const MAX_REGEX_BYTES: usize = 1 << 20;

/// Lazy-DFA cache limit for a rule's regular expression, in bytes; the cache is reused, so this
/// bounds memory per pattern without limiting the text it can match.
pub const MAX_REGEX_DFA_BYTES: usize = 4 << 20;

// `vblint serve`: a local page and API. Its clients are browsers on the same computer (or, when
// asked for, the office network), so every limit below is generous for a reviewer uploading a
// few plans and small enough that a stuck or hostile client cannot hold the server.

/// Requests checked at once (each holds its uploads and documents in memory). Four keeps a
/// burst of uploads from several reviewers moving on a two-core office computer, and bounds
/// memory to four times [`SERVE_BODY_BYTES`] plus the documents.
pub const SERVE_WORKERS: usize = 4;

/// Connections open at once, each on its own small thread while its request is read. Far more
/// than one browser opens (six per host), so slow or idle clients (slowloris) exhaust these
/// before they can delay a real request; beyond it a new connection gets 503 at once.
pub const SERVE_CONNECTIONS: usize = 64;

/// Largest request line and headers, in bytes. Browsers send well under 2 KiB; 16 KiB is what
/// common servers accept, and no header is kept beyond it.
pub const SERVE_HEAD_BYTES: usize = 16 << 10;

/// Most header lines in a request; browsers send about fifteen.
pub const SERVE_HEADERS: usize = 64;

/// Largest part headers inside a multipart body (`Content-Disposition`, `Content-Type`); a
/// browser writes about 150 bytes, and a longer block is malformed, not a plan.
pub const SERVE_PART_HEAD_BYTES: usize = 8 << 10;

/// Largest request body (all files and the multipart framing), refused from `Content-Length`
/// before a byte of it is read. 50 files of [`SERVE_FILE_BYTES`] would exceed it: such a batch
/// is split by the page's user, not held in memory at once.
pub const SERVE_BODY_BYTES: usize = 100 << 20;

/// Largest uploaded file. Real plans are under 1 MB; a `.docx` with scanned images can reach a
/// few megabytes.
pub const SERVE_FILE_BYTES: usize = 20 << 20;

/// Most files in one request (the page says so).
pub const SERVE_FILES: usize = 50;

/// Time to receive a request's line and headers. A browser sends them in one packet; ten
/// seconds leaves room for a slow network and frees an idle connection's thread soon.
pub const SERVE_HEAD_SECS: u64 = 10;

/// Longest wait for the next bytes of a body, and for the client to take the answer. A client
/// that stalls this long has gone or is hostile.
pub const SERVE_IDLE_SECS: u64 = 10;

/// Time to receive a whole request, body included: 100 MB at about 1.5 MB/s, slower than any
/// office network, so only a deliberately slow client is cut off.
pub const SERVE_BODY_SECS: u64 = 60;

/// Time to check one request once received; the answer is 503 past it (checking a plan takes
/// well under a second).
pub const SERVE_WORK_SECS: u64 = 60;
