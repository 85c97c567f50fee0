//! Multi-line entries: a Java stack trace, a Python traceback, a Go or Rust
//! panic or a journal export record arrives as many lines but is one entry.
//! The [`Joiner`] holds the entry being read and decides, line by line,
//! whether a line continues it or starts the next one.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use regex::Regex;

use crate::entry::MAX_MESSAGE_BYTES;
use crate::level::Level;
use crate::understand::text_level::{is_syntax_error_report, EXCEPTION_GROUP};
use crate::understand::{is_journal_field, starts_journal_record};

/// The default `--multiline-max-lines`.
pub const DEFAULT_MAX_LINES: usize = 500;
/// The default `--multiline-timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(200);

const TRACEBACK: &str = "Traceback (most recent call last):";

/// How lines are grouped into entries (`--multiline`).
#[derive(Debug, Clone, Default)]
pub enum MultilineMode {
    /// Continuation lines (indented, `at `, `Caused by:`, tracebacks, panics)
    /// join the entry before them.
    #[default]
    Auto,
    /// Every line is an entry.
    Off,
    /// A line matching the pattern starts an entry; any other line continues one.
    FirstLine(Regex),
}

impl MultilineMode {
    /// Reads `auto`, `off` or a regular expression.
    pub fn parse(text: &str) -> Result<MultilineMode, String> {
        match text {
            "auto" => Ok(MultilineMode::Auto),
            "off" => Ok(MultilineMode::Off),
            pattern => Regex::new(pattern)
                .map(MultilineMode::FirstLine)
                .map_err(|error| error.to_string()),
        }
    }
}

/// The multi-line settings of a run.
#[derive(Debug, Clone)]
pub struct MultilineSettings {
    pub mode: MultilineMode,
    /// An entry holds at most this many lines; the next one starts a new part.
    pub max_lines: usize,
    /// An entry is closed after this long without a new line.
    pub timeout: Duration,
}

impl Default for MultilineSettings {
    fn default() -> Self {
        MultilineSettings {
            mode: MultilineMode::Auto,
            max_lines: DEFAULT_MAX_LINES,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// The lines of one entry, joined with `\n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub text: String,
    /// The length of the first line in `text`.
    pub first_line_len: usize,
    /// When the first line was read.
    pub read_at: DateTime<Utc>,
    /// True for a part split off an entry that outgrew the line or size
    /// limit: it continues the entry before it and takes its level.
    pub continues_previous: bool,
}

impl Record {
    pub fn first_line(&self) -> &str {
        &self.text[..self.first_line_len]
    }

    /// The lines after the first, each after a `\n`; empty for one line.
    pub fn continuation(&self) -> &str {
        &self.text[self.first_line_len..]
    }
}

/// What the lines read so far say about the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Plain,
    /// Inside a Python traceback: every line joins, up to and including the
    /// first one that is not indented (the exception).
    PythonTraceback,
    /// After a Python exception: a chained traceback may follow.
    PythonAfterException,
    /// After `panic:`: goroutine dumps join.
    GoPanic,
    /// After `thread 'x' panicked at file:line:`: the next line is the message.
    RustPanicHeader,
    RustPanic,
    /// A journal export record: `FIELD=value` lines join.
    Journal,
    /// After java.util.logging's first line: the `LEVEL: message` line joins.
    JulHeader,
    /// After Monolog's `[stacktrace]`: `#N …` frames, `[previous exception]`
    /// and the closing `"}` join.
    MonologTrace,
}

impl Context {
    fn of_first_line(line: &str) -> Context {
        if line.starts_with(TRACEBACK) || is_syntax_error_report(line) {
            Context::PythonTraceback
        } else if line.starts_with("panic: ") || line.starts_with("fatal error: ") {
            Context::GoPanic
        } else if super::text_level::is_rust_panic_header(line) {
            if line.ends_with(':') {
                Context::RustPanicHeader
            } else {
                Context::RustPanic
            }
        } else if starts_journal_record(line) {
            Context::Journal
        } else if super::timestamp::is_jul_header(line) {
            Context::JulHeader
        } else {
            Context::Plain
        }
    }

    fn after(self, line: &str) -> Context {
        match self {
            Context::PythonTraceback if !starts_with_space(line) => Context::PythonAfterException,
            Context::PythonAfterException | Context::Plain if line.starts_with(TRACEBACK) => {
                Context::PythonTraceback
            }
            Context::RustPanicHeader => Context::RustPanic,
            Context::JulHeader => Context::Plain,
            _ if line == "[stacktrace]" => Context::MonologTrace,
            other => other,
        }
    }
}

/// True when `line` would continue an entry of plain text before it (it is
/// indented, `at …`, `Caused by: …`, an exception name…): a line that most
/// likely does not start an entry of its own.
pub fn looks_like_continuation(line: &str) -> bool {
    continues(Context::Plain, "", line, |_| None)
}

fn starts_with_space(line: &str) -> bool {
    matches!(line.as_bytes().first(), Some(b' ' | b'\t'))
}

/// `java.lang.IllegalStateException: boom`, `org.x.FooError`: a qualified
/// exception name opening a line.
fn is_exception_header(line: &str) -> bool {
    // One pass for the name and its last dot: this runs for most lines.
    let bytes = line.as_bytes();
    let mut name_len = 0;
    let mut last_dot = None;
    for &byte in bytes {
        match byte {
            b'.' => last_dot = Some(name_len),
            b'_' | b'$' => {}
            _ if byte.is_ascii_alphanumeric() => {}
            _ => break,
        }
        name_len += 1;
    }
    let Some(last_dot) = last_dot else {
        return false;
    };
    if !matches!(bytes.get(name_len), None | Some(b':' | b' ')) {
        return false;
    }
    let last = &line[last_dot + 1..name_len];
    last.ends_with("Exception") || last.ends_with("Error") || last.ends_with("Throwable")
}

/// A line of a Go goroutine dump.
fn is_go_panic_line(line: &str) -> bool {
    if ["goroutine ", "[signal ", "created by ", "exit status "]
        .iter()
        .any(|prefix| line.starts_with(prefix))
    {
        return true;
    }
    // A frame: `main.main()`, `net/http.(*conn).serve(0xc000)`.
    line.ends_with(')')
        && line
            .find('(')
            .is_some_and(|open| open > 0 && !line[..open].contains(' '))
}

struct Pending {
    record: Record,
    lines: usize,
    last_line_at: Instant,
    context: Context,
}

/// Groups lines into entries.
pub struct Joiner {
    settings: MultilineSettings,
    pending: Option<Pending>,
    /// Buffers of records already handled, reused so that joining allocates
    /// nothing per line once warm.
    spare: Vec<String>,
}

impl Joiner {
    pub fn new(settings: MultilineSettings) -> Self {
        Joiner {
            settings,
            pending: None,
            spare: Vec::new(),
        }
    }

    /// Adds a line read at `read_at` (and `now`); returns the entry it closed,
    /// if any. `first_line_level` tells the level of the entry's first line
    /// when a decision needs it (a Python traceback after a logged error).
    /// The batcher takes the same two steps apart, to make the entry of a
    /// line that stands alone at once.
    #[cfg(test)]
    pub fn push(
        &mut self,
        line: &str,
        read_at: DateTime<Utc>,
        now: Instant,
        first_line_level: impl FnOnce(&str) -> Option<Level>,
    ) -> Option<Record> {
        let closed = self.close_unless_continued(line, first_line_level);
        let split = self.hold(line, read_at, now);
        closed.or(split)
    }

    /// Adds `line` to the pending entry, which it continues (the caller has
    /// closed one it does not continue, with
    /// [`Joiner::close_unless_continued`]), or starts an entry with it when
    /// none is pending. Returns the pending entry when the line would make
    /// it outgrow its limits: the line then starts a part that continues it.
    pub fn hold(&mut self, line: &str, read_at: DateTime<Utc>, now: Instant) -> Option<Record> {
        let Some(pending) = self.pending.as_mut() else {
            self.start(line, read_at, now, false, Context::of_first_line(line));
            return None;
        };
        let context = pending.context.after(line);
        let text = &mut pending.record.text;
        if pending.lines < self.settings.max_lines
            && text.len() + 1 + line.len() <= MAX_MESSAGE_BYTES
        {
            text.push('\n');
            text.push_str(line);
            pending.lines += 1;
            pending.last_line_at = now;
            pending.context = context;
            return None;
        }
        let done = self.take();
        self.start(line, read_at, now, true, context);
        done
    }

    /// Closes the pending entry, if `line` does not continue it, and returns
    /// it. The line can then be asked about with [`Joiner::stands_alone`].
    pub fn close_unless_continued(
        &mut self,
        line: &str,
        first_line_level: impl FnOnce(&str) -> Option<Level>,
    ) -> Option<Record> {
        if self.pending.is_none() || self.joins_pending(line, first_line_level) {
            return None;
        }
        self.take()
    }

    /// Whether `line` continues the pending entry.
    fn joins_pending(
        &self,
        line: &str,
        first_line_level: impl FnOnce(&str) -> Option<Level>,
    ) -> bool {
        match &self.pending {
            None => false,
            Some(pending) => match &self.settings.mode {
                MultilineMode::Off => false,
                MultilineMode::FirstLine(pattern) => !pattern.is_match(line),
                MultilineMode::Auto => continues(
                    pending.context,
                    pending.record.first_line(),
                    line,
                    first_line_level,
                ),
            },
        }
    }

    /// True when `line` is an entry by itself: no entry is pending and `next`,
    /// the line after it (already read), does not continue it. Such a line
    /// need not be held (nor copied): the caller makes its entry at once
    /// instead of pushing it.
    pub fn stands_alone(
        &self,
        line: &str,
        next: &str,
        first_line_level: impl FnOnce(&str) -> Option<Level>,
    ) -> bool {
        if self.pending.is_some() {
            return false;
        }
        match &self.settings.mode {
            MultilineMode::Off => true,
            MultilineMode::FirstLine(pattern) => pattern.is_match(next),
            MultilineMode::Auto => {
                !continues(Context::of_first_line(line), line, next, first_line_level)
            }
        }
    }

    /// True while an entry is being joined.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// When the pending entry is to be closed for lack of new lines.
    pub fn deadline(&self) -> Option<Instant> {
        self.pending
            .as_ref()
            .map(|pending| pending.last_line_at + self.settings.timeout)
    }

    /// Closes the pending entry.
    pub fn take(&mut self) -> Option<Record> {
        self.pending.take().map(|pending| pending.record)
    }

    /// Gives back a handled record's buffer for reuse.
    pub fn recycle(&mut self, record: Record) {
        if self.spare.len() < 2 {
            self.spare.push(record.text);
        }
    }

    fn start(
        &mut self,
        line: &str,
        read_at: DateTime<Utc>,
        now: Instant,
        continues_previous: bool,
        context: Context,
    ) {
        let mut text = self.spare.pop().unwrap_or_default();
        text.clear();
        text.push_str(line);
        self.pending = Some(Pending {
            record: Record {
                text,
                first_line_len: line.len(),
                read_at,
                continues_previous,
            },
            lines: 1,
            last_line_at: now,
            context,
        });
    }
}

/// Whether `line` continues the pending entry, in auto mode.
fn continues(
    context: Context,
    first_line: &str,
    line: &str,
    first_line_level: impl FnOnce(&str) -> Option<Level>,
) -> bool {
    match context {
        Context::PythonTraceback | Context::RustPanicHeader => return true,
        Context::Journal => return is_journal_field(line) && !line.starts_with("__CURSOR="),
        Context::GoPanic if is_go_panic_line(line) => return true,
        Context::JulHeader => return super::text_level::jul_level(line).is_some(),
        _ => {}
    }
    match line.as_bytes().first() {
        // A SyntaxError report has no Traceback header: it is a new entry.
        Some(b' ') if is_syntax_error_report(line) => false,
        // An uncaught exception group, like a traceback, joins only an
        // entry that told of an error.
        Some(b' ') if line.starts_with(EXCEPTION_GROUP) => {
            context == Context::PythonAfterException
                || first_line_level(first_line).is_some_and(|level| level >= Level::Warn)
        }
        // cargo's `   Compiling x`, `    Finished …`: its own entry.
        Some(b' ') if is_cargo_status(line) => false,
        Some(b' ' | b'\t') => true,
        Some(b'[') => {
            line == "[stacktrace]"
                || (context == Context::MonologTrace && line.starts_with("[previous exception] "))
        }
        Some(b'#') => context == Context::MonologTrace && is_numbered_frame(line),
        Some(b'"') => context == Context::MonologTrace && line.trim_end() == "\"}",
        Some(b'a') => line.starts_with("at "),
        Some(b'C') => line.starts_with("Caused by:"),
        Some(b'.') => line.starts_with("..."),
        Some(b'D') => line.starts_with("During handling of the above exception"),
        Some(b'T') => {
            line.starts_with("The above exception was the direct cause")
                || (line.starts_with(TRACEBACK)
                    && (context == Context::PythonAfterException
                        || first_line_level(first_line).is_some_and(|level| level >= Level::Warn)))
        }
        Some(b'n') => context == Context::RustPanic && line.starts_with("note: "),
        Some(b's') => context == Context::RustPanic && line.starts_with("stack backtrace:"),
        Some(b'0'..=b'9') => is_source_gutter(line),
        _ => is_exception_header(line),
    }
}

/// A status line of cargo: a capitalised verb right-aligned to the twelfth
/// column, then a space (`   Compiling demo v0.1.0`, `    Finished …`).
fn is_cargo_status(line: &str) -> bool {
    let bytes = line.as_bytes();
    let spaces = bytes.iter().take_while(|b| **b == b' ').count();
    let word = bytes[spaces..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    spaces > 0
        && spaces + word == 12
        && bytes[spaces].is_ascii_uppercase()
        && bytes[spaces + 1..spaces + word]
            .iter()
            .all(u8::is_ascii_lowercase)
        && bytes.get(12) == Some(&b' ')
}

/// A PHP stack frame: `#0 /var/www/…`, `#12 {main}`.
fn is_numbered_frame(line: &str) -> bool {
    let digits = line[1..].bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line.as_bytes().get(1 + digits) == Some(&b' ')
}

/// A compiler's source excerpt: `4  |     let count = 3;`.
fn is_source_gutter(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let spaces = line[digits..].bytes().take_while(|b| *b == b' ').count();
    spaces > 0 && line.as_bytes().get(digits + spaces) == Some(&b'|')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monolog_traces_syntax_error_reports_and_exception_groups() {
        let laravel = "[2026-12-02 06:30:08] production.ERROR: x {\"exception\":\"[object] (E(code: 0): x at /a.php:41)\n[stacktrace]\n#0 /a.php(54): f()\n#1 {main}\n[previous exception] [object] (P(code: 1): y)\n[stacktrace]\n#0 {main}\n\"} \n[2026-12-02 06:30:09] production.INFO: next\n#1 not a frame";
        let entries = join_with(MultilineSettings::default(), laravel);
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(entries[0].ends_with("\"} "));
        let syntax = "INFO: started\n  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\nnext";
        let entries = join_with(MultilineSettings::default(), syntax);
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(entries[1].ends_with("never closed"));
        let group = "importing\n  + Exception Group Traceback (most recent call last):\n  | ExceptionGroup: x (1 sub-exception)\n  +-+---- 1 ----\n    | ValueError: a\n    +------------\nERROR logged\n  + Exception Group Traceback (most recent call last):\n  | ExceptionGroup: y";
        let entries = join_with(MultilineSettings::default(), group);
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(entries[2].starts_with("ERROR logged\n  + Exception Group"));
    }

    #[test]
    fn cargo_status_lines_are_entries_of_their_own() {
        let text = "warning: unused variable: `x`\n --> src/main.rs:2:9\n  |\n    Finished `dev` profile\n   Compiling bad v0.1.0\n    at x";
        let entries = join_with(MultilineSettings::default(), text);
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(entries[2].ends_with("    at x"));
    }

    #[test]
    fn a_java_util_logging_record_is_its_two_lines_and_its_trace() {
        let text = "Dec 02, 2026 1:00:12 AM com.shop.App main\nSEVERE: boom\njava.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)\nDec 02, 2026 1:00:13 AM com.shop.App main\nFINE: ok\nDec 02, 2026 1:00:14 AM com.shop.App main\nnext";
        let entries = join_with(MultilineSettings::default(), text);
        assert_eq!(entries.len(), 4, "{entries:?}");
        assert!(entries[0].ends_with("(B.java:1)"));
        assert!(entries[1].ends_with("FINE: ok"));
        assert_eq!(entries[3], "next");
    }

    /// Joins `text` in auto mode; a line counts as WARN or worse when it contains "ERROR".
    fn join_with(settings: MultilineSettings, text: &str) -> Vec<String> {
        let mut joiner = Joiner::new(settings);
        let mut entries = Vec::new();
        let now = Instant::now();
        for line in text.lines().filter(|line| !line.is_empty()) {
            if let Some(record) = joiner.push(line, Utc::now(), now, |first| {
                first.contains("ERROR").then_some(Level::Error)
            }) {
                entries.push(record.text.clone());
                joiner.recycle(record);
            }
        }
        entries.extend(joiner.take().map(|record| record.text));
        entries
    }

    fn join(text: &str) -> Vec<String> {
        join_with(MultilineSettings::default(), text)
    }

    #[test]
    fn a_line_that_does_not_continue_closes_the_pending_entry() {
        let mut joiner = Joiner::new(MultilineSettings::default());
        let now = Instant::now();
        assert_eq!(joiner.close_unless_continued("first", |_| None), None);
        assert_eq!(joiner.push("ERROR boom", Utc::now(), now, |_| None), None);
        assert!(joiner.is_pending());
        assert_eq!(
            joiner.close_unless_continued("\tat a.B(B.java:1)", |_| None),
            None
        );
        assert!(joiner.is_pending(), "a continuation keeps it open");
        let closed = joiner.close_unless_continued("INFO next", |_| None);
        assert_eq!(closed.map(|record| record.text), Some("ERROR boom".into()));
        assert!(!joiner.is_pending());
    }

    #[test]
    fn exception_headers_are_qualified_names_ending_in_exception_or_error() {
        for line in [
            "java.lang.IllegalStateException: boom",
            "org.x.FooError",
            "a.b.Throwable seen",
            "com.x.Outer$InnerException: y",
        ] {
            assert!(is_exception_header(line), "{line}");
        }
        for line in [
            "IllegalStateException: no package",
            "java.lang.ErrorHandler: not an exception",
            "java.lang.Exception, and more",
            "order payment failed",
            "app.worker.Error-prone",
            "",
        ] {
            assert!(!is_exception_header(line), "{line}");
        }
    }

    #[test]
    fn continuation_shapes_are_told_without_context() {
        for line in [
            "\tat a.B(B.java:1)",
            "  indented",
            "Caused by: x",
            "... 3 more",
        ] {
            assert!(looks_like_continuation(line), "{line}");
        }
        for line in [
            "ERROR boom",
            "{\"msg\":1}",
            "Traceback (most recent call last):",
        ] {
            assert!(!looks_like_continuation(line), "{line}");
        }
    }

    #[test]
    fn a_java_stack_trace_is_one_entry() {
        let log = "\
2026-11-24 19:09:41,123 ERROR [main] c.e.App - failed
java.lang.IllegalStateException: boom
\tat com.example.App.run(App.java:10)
\tat com.example.App.main(App.java:5)
Caused by: java.io.IOException: disk
\tat com.example.Disk.write(Disk.java:3)
\t... 2 more
2026-11-24 19:09:42,000 INFO [main] c.e.App - next";
        let entries = join(log);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        assert!(entries[0].ends_with("\t... 2 more"));
        assert!(entries[1].ends_with("next"));
    }

    #[test]
    fn a_python_traceback_joins_the_logged_error_and_includes_its_exception() {
        let log = "\
2026-11-24 19:09:41,123 ERROR app: failed
Traceback (most recent call last):
  File \"app.py\", line 3, in <module>
    foo()
ZeroDivisionError: division by zero

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File \"app.py\", line 5, in <module>
KeyError: 'x'
next line";
        let entries = join(log);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        assert!(entries[0].ends_with("KeyError: 'x'"));
        assert_eq!(entries[1], "next line");
    }

    #[test]
    fn a_traceback_after_an_ordinary_line_starts_its_own_entry() {
        let entries = join(
            "Starting\nTraceback (most recent call last):\n  File \"a.py\"\nValueError: x\nafter",
        );
        assert_eq!(entries.len(), 3, "{entries:#?}");
        assert!(entries[1].starts_with("Traceback") && entries[1].ends_with("ValueError: x"));
    }

    #[test]
    fn go_and_rust_panics_are_one_entry() {
        let go = "panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:8 +0x1d\nexit status 2\nnext";
        assert_eq!(join(go).len(), 2);
        let rust = "thread 'main' panicked at src/main.rs:2:5:\nexplicit panic\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nnext";
        let entries = join(rust);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        assert!(entries[0].contains("explicit panic"));
    }

    #[test]
    fn ordinary_lines_stay_apart() {
        let entries = join("one\ntwo\nat the end\nnote: x\nthree");
        assert_eq!(entries, ["one", "two\nat the end", "note: x", "three"]);
    }

    #[test]
    fn a_first_line_pattern_groups_everything_else() {
        let settings = MultilineSettings {
            mode: MultilineMode::parse(r"^\d{4}-").unwrap(),
            ..MultilineSettings::default()
        };
        let entries = join_with(settings, "2026-1 a\nb\nc\n2026-2 d\ne");
        assert_eq!(entries, ["2026-1 a\nb\nc", "2026-2 d\ne"]);
        assert!(MultilineMode::parse("(").is_err());
    }

    #[test]
    fn off_keeps_every_line_apart() {
        let settings = MultilineSettings {
            mode: MultilineMode::Off,
            ..MultilineSettings::default()
        };
        assert_eq!(join_with(settings, "a\n  b").len(), 2);
    }

    #[test]
    fn the_line_limit_splits_an_entry_into_parts() {
        let settings = MultilineSettings {
            max_lines: 3,
            ..MultilineSettings::default()
        };
        let mut joiner = Joiner::new(settings);
        let now = Instant::now();
        let mut records = Vec::new();
        for line in ["ERROR x", " 1", " 2", " 3", " 4", "next"] {
            records.extend(joiner.push(line, Utc::now(), now, |_| None));
        }
        records.extend(joiner.take());
        let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["ERROR x\n 1\n 2", " 3\n 4", "next"]);
        assert!(records[1].continues_previous && !records[2].continues_previous);
        assert_eq!(records[0].first_line(), "ERROR x");
        assert_eq!(records[0].continuation(), "\n 1\n 2");
    }

    #[test]
    fn the_size_limit_splits_an_entry_before_the_api_limit() {
        let line = format!(" {}", "x".repeat(3000));
        let text = format!("start\n{line}\n{line}\n{line}\n{line}");
        let entries = join(&text);
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().all(|e| e.len() <= MAX_MESSAGE_BYTES));
    }

    /// Joins `text` like `join`, but lets lines that stand alone skip the
    /// joiner, as the batcher does when it sees the next line already.
    fn join_looking_ahead(settings: MultilineSettings, text: &str) -> Vec<String> {
        let mut joiner = Joiner::new(settings);
        let mut entries = Vec::new();
        let lines: Vec<&str> = text.lines().filter(|line| !line.is_empty()).collect();
        let level = |first: &str| first.contains("ERROR").then_some(Level::Error);
        for (index, line) in lines.iter().enumerate() {
            if let Some(next) = lines.get(index + 1) {
                if joiner.stands_alone(line, next, level) {
                    entries.push(line.to_string());
                    continue;
                }
            }
            entries.extend(
                joiner
                    .push(line, Utc::now(), Instant::now(), level)
                    .map(|r| r.text),
            );
        }
        entries.extend(joiner.take().map(|record| record.text));
        entries
    }

    #[test]
    fn looking_ahead_groups_lines_exactly_as_pushing_them_all() {
        let logs = [
            "2026 ERROR x\njava.lang.IllegalStateException: y\n\tat a\nnext\nother\n\tat b",
            "a\nb\nERROR c\nTraceback (most recent call last):\n  File \"x\"\nKeyError: 1\nd",
            "Starting\nTraceback (most recent call last):\n  File \"x\"\nValueError: x\nafter",
            "panic: boom\ngoroutine 1 [running]:\nmain.main()\nnext\nthread 'm' panicked at a.rs:1:1:\nmsg\nz",
            "__CURSOR=a\nMESSAGE=x\n__CURSOR=b\nMESSAGE=y\nplain",
        ];
        for log in logs {
            for mode in ["auto", "off", "^[a-z]"] {
                let settings = || MultilineSettings {
                    mode: MultilineMode::parse(mode).unwrap(),
                    ..MultilineSettings::default()
                };
                assert_eq!(
                    join_looking_ahead(settings(), log),
                    join_with(settings(), log),
                    "{mode}: {log}"
                );
            }
        }
    }

    #[test]
    fn the_deadline_follows_the_last_line() {
        let mut joiner = Joiner::new(MultilineSettings::default());
        assert_eq!(joiner.deadline(), None);
        let now = Instant::now();
        joiner.push("a", Utc::now(), now, |_| None);
        assert_eq!(joiner.deadline(), Some(now + DEFAULT_TIMEOUT));
        assert_eq!(joiner.take().unwrap().text, "a");
        assert_eq!(joiner.deadline(), None);
    }
}

#[cfg(test)]
mod fuzz {
    //! Joining never loses or reorders a line: the entries' messages, split
    //! on `\n`, give back the lines in order, in every mode, through the
    //! [`Joiner`] alone (through the batcher as `pipe` runs it: in
    //! `batch::end_to_end_tests`).

    use proptest::prelude::*;

    use super::*;
    use crate::understand::fuzz::{config, joinable_line, multiline_mode, multiline_settings};
    use crate::understand::LineSettings;

    /// A line counts as WARN or worse when it names one.
    fn level_of(first: &str) -> Option<Level> {
        crate::understand::LineInterpreter::new(&LineSettings::default(), Level::Info, 0)
            .detected_level(first)
    }

    /// Joins `lines` with [`Joiner::push`].
    fn pushed(settings: MultilineSettings, lines: &[String]) -> Vec<Record> {
        let mut joiner = Joiner::new(settings);
        let now = Instant::now();
        let mut records = Vec::new();
        for line in lines {
            records.extend(joiner.push(line, Utc::now(), now, level_of));
        }
        records.extend(joiner.take());
        records
    }

    /// Joins `lines` as the batcher does, a line that stands alone skipping
    /// the joiner.
    fn looked_ahead(settings: MultilineSettings, lines: &[String]) -> Vec<String> {
        let mut joiner = Joiner::new(settings);
        let now = Instant::now();
        let mut texts = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            texts.extend(
                joiner
                    .close_unless_continued(line, level_of)
                    .map(|r| r.text),
            );
            let next = lines.get(index + 1);
            if next.is_some_and(|next| joiner.stands_alone(line, next, level_of)) {
                texts.push(line.clone());
                continue;
            }
            texts.extend(joiner.hold(line, Utc::now(), now).map(|r| r.text));
        }
        texts.extend(joiner.take().map(|record| record.text));
        texts
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn fuzz_joining_never_loses_or_reorders_a_line(
            lines in prop::collection::vec(joinable_line(), 1..48),
            mode in multiline_mode(),
            max_lines in 1usize..10,
        ) {
            let records = pushed(multiline_settings(&mode, max_lines), &lines);
            let joined: Vec<&str> = records.iter().flat_map(|r| r.text.split('\n')).collect();
            prop_assert_eq!(&joined, &lines);
            for (index, record) in records.iter().enumerate() {
                let count = record.text.split('\n').count();
                prop_assert!(count <= max_lines);
                prop_assert!(count == 1 || record.text.len() <= MAX_MESSAGE_BYTES);
                prop_assert_eq!(record.first_line(), record.text.split('\n').next().unwrap());
                if record.continues_previous {
                    // Only a part split off at a limit continues the one before.
                    let previous = &records[index - 1];
                    let lines_before = previous.text.split('\n').count();
                    let size = previous.text.len() + 1 + record.first_line_len;
                    prop_assert!(lines_before == max_lines || size > MAX_MESSAGE_BYTES);
                }
            }
            let texts: Vec<String> = records.into_iter().map(|record| record.text).collect();
            prop_assert_eq!(looked_ahead(multiline_settings(&mode, max_lines), &lines), texts);
        }

    }
}
