//! A fake Streamlogia ingest API that enforces the contract of
//! ../shared/API.md strictly and records what it accepted. Used by the
//! integration tests, the `fake_ingest` example and the benchmark.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key the fake accepts unless told otherwise.
pub const TEST_KEY: &str = "ls_app_live_TESTKEY0123456789abcdef";
/// The project the test key is pinned to.
pub const TEST_PROJECT: &str = "5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10";

const LEVELS: [&str; 4] = ["DEBUG", "INFO", "WARN", "ERROR"];
const FIELDS: [&str; 7] = [
    "projectId",
    "level",
    "message",
    "source",
    "timestamp",
    "tags",
    "meta",
];

/// A scripted misbehaviour, used for the next request instead of the normal answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status, JSON body and extra headers.
    Status {
        status: u16,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Read the request, then close the connection without answering.
    Reset,
    /// Apply the request, then close the connection without answering: the
    /// entries are stored but the shipper cannot know it.
    ApplyThenReset,
    /// Answer normally (keep-alive), then close the connection, as a server
    /// closing an idle connection does: the client's pooled connection is stale.
    CloseAfterAnswer,
}

impl Fault {
    /// An API-style error answer: `{"error": code, "message": text}`.
    pub fn error(status: u16, code: &str) -> Fault {
        Fault::Status {
            status,
            body: json!({"error": code, "message": format!("scripted {status}")}).to_string(),
            headers: vec![],
        }
    }
}

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Options {
    pub api_key: String,
    pub project_id: String,
    /// Bodies larger than this get a 413.
    pub max_body_bytes: usize,
    /// Keep accepted entries (turn off for long benchmarks to save memory).
    pub keep_entries: bool,
    /// Only count the entries of each body instead of checking each against
    /// the contract: a cheaper sink for benchmarks (the tests check fully).
    pub count_only: bool,
    /// Entries whose message contains this are refused with 422, as if invalid.
    pub reject_marker: Option<String>,
    /// The share of requests (0.0–1.0) that fail at random, a third each with
    /// a 503, a dropped connection, and a dropped connection after the entries
    /// were stored (the answer is lost, so a retry stores them twice).
    pub failure_rate: f64,
    /// How long every answer waits, as over a real network (the entries are
    /// stored when the answer is sent).
    pub answer_delay: Duration,
    /// Refuse `Content-Encoding: gzip` bodies with 415 (they are decoded
    /// otherwise, as a server that takes them does).
    pub refuse_gzip: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            api_key: TEST_KEY.to_owned(),
            project_id: TEST_PROJECT.to_owned(),
            max_body_bytes: 16 * 1024 * 1024,
            keep_entries: true,
            count_only: false,
            reject_marker: None,
            failure_rate: 0.0,
            answer_delay: Duration::ZERO,
            refuse_gzip: false,
        }
    }
}

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub entries: usize,
    pub body_bytes: usize,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub received_at: Instant,
    /// The entries it stored are `accepted()[first_accepted..][..entries]`.
    pub first_accepted: usize,
    /// Its answer may not have reached the client (the connection was
    /// dropped after storing, the answer was delayed, or writing it failed):
    /// a retry may store its entries twice.
    pub answer_uncertain: bool,
    /// How long after its arrival it was answered.
    pub answered_after: Duration,
}

#[derive(Default)]
struct State {
    accepted: Vec<Value>,
    accepted_count: u64,
    requests: Vec<RecordedRequest>,
    faults: VecDeque<Fault>,
    /// Requests that arrived, answered or not yet.
    arrivals: usize,
    next_id: u64,
    random: u64,
    /// Requests being handled now, the most at once, and since when the
    /// count is what it is (for the mean over the time any was in flight).
    in_flight: usize,
    max_in_flight: usize,
    in_flight_since: Option<Instant>,
    /// The integral of the count over time, and the time it was above zero.
    in_flight_area: f64,
    busy_seconds: f64,
    /// Bytes of requests as they came over the socket (request line,
    /// headers and body, compressed or not).
    wire_bytes: u64,
}

impl State {
    /// A pseudo-random number in [0, 1), the same sequence every run.
    fn next_random(&mut self) -> f64 {
        if self.random == 0 {
            self.random = 0x9e37_79b9_7f4a_7c15;
        }
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        (self.random >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One more (`true`) or one fewer request in flight.
    fn count_in_flight(&mut self, arriving: bool) {
        let now = Instant::now();
        if let Some(since) = self.in_flight_since {
            let seconds = now.duration_since(since).as_secs_f64();
            self.in_flight_area += seconds * self.in_flight as f64;
            if self.in_flight > 0 {
                self.busy_seconds += seconds;
            }
        }
        self.in_flight_since = Some(now);
        if arriving {
            self.in_flight += 1;
            self.max_in_flight = self.max_in_flight.max(self.in_flight);
        } else {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
    }
}

/// How many requests the fake was handling at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InFlight {
    pub max: usize,
    /// The mean over the time at least one request was in flight.
    pub mean: f64,
}

/// A running fake ingest server on loopback; it stops accepting when dropped.
/// A minimal HTTP/1.1 server of its own (keep-alive, Content-Length bodies,
/// TCP_NODELAY, one thread per connection) so that faults can be scripted
/// down to the socket.
pub struct FakeIngest {
    url: String,
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeIngest {
    /// Starts a fake with the default key and project.
    pub fn start() -> FakeIngest {
        FakeIngest::with_options(Options::default())
    }

    /// Starts a fake on a free loopback port.
    pub fn with_options(options: Options) -> FakeIngest {
        FakeIngest::bind("127.0.0.1:0", options)
    }

    /// Starts a fake on the given address.
    pub fn bind(address: &str, options: Options) -> FakeIngest {
        FakeIngest::serve(address, options, None)
    }

    /// Starts a fake on a free loopback port that speaks TLS with `tls`;
    /// its URL names the host `localhost`.
    pub fn with_tls(options: Options, tls: Arc<rustls::ServerConfig>) -> FakeIngest {
        FakeIngest::serve("127.0.0.1:0", options, Some(tls))
    }

    fn serve(
        address: &str,
        options: Options,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> FakeIngest {
        let listener = TcpListener::bind(address).expect("the fake server can bind");
        let address = listener.local_addr().expect("a local address");
        let url = match &tls {
            None => format!("http://{address}"),
            Some(_) => format!("https://localhost:{}", address.port()),
        };
        let state = Arc::new(Mutex::new(State::default()));
        let stopping = Arc::new(AtomicBool::new(false));
        let options = Arc::new(options);
        let thread = {
            let state = Arc::clone(&state);
            let stopping = Arc::clone(&stopping);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let state = Arc::clone(&state);
                    let options = Arc::clone(&options);
                    let tls = tls.clone();
                    std::thread::spawn(move || {
                        let _ = stream.set_nodelay(true);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
                        match tls {
                            None => serve_connection(stream, &state, &options),
                            Some(tls) => {
                                let Ok(connection) = rustls::ServerConnection::new(tls) else {
                                    return;
                                };
                                let stream = rustls::StreamOwned::new(connection, stream);
                                serve_connection(stream, &state, &options)
                            }
                        }
                    });
                }
            })
        };
        FakeIngest {
            url,
            address,
            state,
            stopping,
            thread: Some(thread),
        }
    }

    /// The base URL to give logingestor.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues a fault for the next request that has none queued before it.
    pub fn push_fault(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Every entry accepted so far, in order of arrival.
    pub fn accepted(&self) -> Vec<Value> {
        self.state.lock().unwrap().accepted.clone()
    }

    /// How many entries were accepted (also when they are not kept).
    pub fn accepted_count(&self) -> u64 {
        self.state.lock().unwrap().accepted_count
    }

    /// The messages of every accepted entry, in order.
    pub fn messages(&self) -> Vec<String> {
        self.accepted()
            .iter()
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Requests in flight at most and on average since the start or the
    /// last [`FakeIngest::reset_measures`].
    pub fn in_flight(&self) -> InFlight {
        let state = self.state.lock().unwrap();
        InFlight {
            max: state.max_in_flight,
            mean: if state.busy_seconds > 0.0 {
                state.in_flight_area / state.busy_seconds
            } else {
                0.0
            },
        }
    }

    /// Bytes of requests received over the socket (compressed, when they were).
    pub fn wire_bytes(&self) -> u64 {
        self.state.lock().unwrap().wire_bytes
    }

    /// Starts the in-flight and wire-byte measures afresh.
    pub fn reset_measures(&self) {
        let mut state = self.state.lock().unwrap();
        state.max_in_flight = state.in_flight;
        state.in_flight_area = 0.0;
        state.busy_seconds = 0.0;
        state.wire_bytes = 0;
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Waits until at least `count` requests were received, or `timeout` passed.
    pub fn wait_for_requests(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.state.lock().unwrap().requests.len() >= count {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Waits until at least `count` requests have begun (a request whose
    /// answer is delayed is counted as soon as it arrived), or `timeout` passed.
    pub fn wait_for_arrivals(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.state.lock().unwrap().arrivals >= count {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Waits until every request that arrived has been answered (or
    /// dropped), or `timeout` passed: a delayed answer may still be storing
    /// entries after the client gave up on it.
    pub fn wait_until_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let state = self.state.lock().unwrap();
            if state.arrivals <= state.requests.len() {
                return true;
            }
            drop(state);
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Waits until at least `count` entries were accepted, or `timeout` passed.
    pub fn wait_for_entries(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.state.lock().unwrap().accepted_count >= count as u64 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

impl Drop for FakeIngest {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.address); // wakes the accept loop
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One HTTP request as read from the socket.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Its size on the wire: request line, headers and body as sent.
    wire_bytes: usize,
}

impl Request {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    }
}

/// A connection the fake serves: plain TCP or TLS over it.
trait Connection: Read + Write {
    /// Closes the connection without an answer.
    fn drop_connection(&mut self);
}

impl Connection for TcpStream {
    fn drop_connection(&mut self) {
        let _ = self.shutdown(std::net::Shutdown::Both);
    }
}

impl Connection for rustls::StreamOwned<rustls::ServerConnection, TcpStream> {
    fn drop_connection(&mut self) {
        let _ = self.sock.shutdown(std::net::Shutdown::Both);
    }
}

/// Reads one request; `None` at a clean end of the connection or on garbage.
fn read_request(reader: &mut BufReader<impl Read>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut wire_bytes = line.len();
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        wire_bytes += line.len();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("Content-Length"))
        .map_or(Some(0), |(_, value)| value.parse().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        wire_bytes: wire_bytes + body.len(),
        body,
    })
}

fn serve_connection(stream: impl Connection, state: &Mutex<State>, options: &Options) {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let writer = reader.get_mut();
        let received_at = Instant::now();
        {
            let mut state = state.lock().unwrap();
            state.arrivals += 1;
            state.wire_bytes += request.wire_bytes as u64;
            state.count_in_flight(true);
        }
        if !options.answer_delay.is_zero() {
            std::thread::sleep(options.answer_delay);
        }
        let fault = {
            let mut state = state.lock().unwrap();
            let scripted = state.faults.pop_front();
            let roll = if options.failure_rate > 0.0 {
                state.next_random()
            } else {
                1.0
            };
            scripted.or_else(|| {
                (roll < options.failure_rate).then(|| {
                    let third = options.failure_rate / 3.0;
                    if roll < third {
                        Fault::error(503, "server_error")
                    } else if roll < 2.0 * third {
                        Fault::Reset
                    } else {
                        Fault::ApplyThenReset
                    }
                })
            })
        };
        let mut uncertain = !options.answer_delay.is_zero();
        let mut close_after = false;
        let (status, response_body, extra_headers, accepted) = match fault {
            Some(Fault::Status {
                status,
                body,
                headers,
            }) => (status, body, headers, Vec::new()),
            Some(Fault::Delay(delay)) => {
                std::thread::sleep(delay);
                uncertain = true;
                respond_normally(&request, state, options)
            }
            Some(Fault::Reset) => {
                let _ = record(state, options, &request, received_at, 0, Vec::new(), false);
                writer.drop_connection();
                return;
            }
            Some(Fault::ApplyThenReset) => {
                let (status, _, _, accepted) = respond_normally(&request, state, options);
                record(
                    state,
                    options,
                    &request,
                    received_at,
                    status,
                    accepted,
                    true,
                );
                writer.drop_connection();
                return;
            }
            Some(Fault::CloseAfterAnswer) => {
                close_after = true;
                respond_normally(&request, state, options)
            }
            None => respond_normally(&request, state, options),
        };
        let index = record(
            state,
            options,
            &request,
            received_at,
            status,
            accepted,
            uncertain,
        );
        let mut response = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            reason(status),
            response_body.len()
        );
        for (name, value) in extra_headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&response_body);
        if writer
            .write_all(response.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            state.lock().unwrap().requests[index].answer_uncertain = true;
            return;
        }
        if close_after {
            writer.drop_connection();
            return;
        }
        if request
            .header("Connection")
            .is_some_and(|value| value.eq_ignore_ascii_case("close"))
        {
            return;
        }
    }
}

fn record(
    state: &Mutex<State>,
    options: &Options,
    request: &Request,
    received_at: Instant,
    status: u16,
    accepted: Vec<Value>,
    answer_uncertain: bool,
) -> usize {
    let mut state = state.lock().unwrap();
    state.count_in_flight(false);
    let first_accepted = state.accepted.len();
    state.requests.push(RecordedRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        status,
        entries: accepted.len(),
        body_bytes: request.body.len(),
        user_agent: request.header("User-Agent"),
        content_type: request.header("Content-Type"),
        content_encoding: request.header("Content-Encoding"),
        received_at,
        first_accepted,
        answer_uncertain,
        answered_after: received_at.elapsed(),
    });
    state.accepted_count += accepted.len() as u64;
    if options.keep_entries {
        state.accepted.extend(accepted);
    }
    state.requests.len() - 1
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

type Answer = (u16, String, Vec<(String, String)>, Vec<Value>);

fn error_answer(status: u16, code: &str, message: &str) -> Answer {
    (
        status,
        json!({"error": code, "message": message}).to_string(),
        vec![],
        vec![],
    )
}

/// The request's body, decoded when it came gzipped; else the answer refusing it.
fn decoded_body<'r>(
    request: &'r Request,
    options: &Options,
) -> Result<std::borrow::Cow<'r, [u8]>, Answer> {
    match request.header("Content-Encoding").as_deref() {
        None | Some("identity") => Ok(std::borrow::Cow::Borrowed(&request.body[..])),
        Some(encoding) if encoding.eq_ignore_ascii_case("gzip") && !options.refuse_gzip => {
            let mut body = Vec::new();
            flate2::read::GzDecoder::new(&request.body[..])
                .read_to_end(&mut body)
                .map_err(|error| {
                    error_answer(400, "invalid_body", &format!("bad gzip body: {error}"))
                })?;
            Ok(std::borrow::Cow::Owned(body))
        }
        Some(encoding) => Err(error_answer(
            415,
            "unsupported_media_type",
            &format!("Content-Encoding {encoding} is not supported"),
        )),
    }
}

fn respond_normally(request: &Request, state: &Mutex<State>, options: &Options) -> Answer {
    let body = match decoded_body(request, options) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let body = &body[..];
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/v1/status") => return (200, json!({"status": "ok"}).to_string(), vec![], vec![]),
        ("POST", "/v1/ingest") => {}
        _ => return error_answer(404, "not_found", "no such route"),
    }
    let authorization = request.header("Authorization").unwrap_or_default();
    let Some(key) = authorization.strip_prefix("Bearer ") else {
        return error_answer(401, "unauthorized", "missing bearer key");
    };
    if key.starts_with("ls_api_live_") {
        return error_answer(403, "forbidden", "read-only keys cannot ingest");
    }
    if key != options.api_key {
        return error_answer(401, "unauthorized", "unknown or revoked key");
    }
    if request.header("Content-Type").as_deref() != Some("application/json") {
        return error_answer(400, "invalid_body", "Content-Type must be application/json");
    }
    if body.len() > options.max_body_bytes {
        return (413, String::new(), vec![], vec![]);
    }
    if options.count_only {
        return match serde_json::from_slice::<Vec<serde::de::IgnoredAny>>(body) {
            Ok(entries) => {
                let ids: Vec<String> = (0..entries.len()).map(|n| format!("log_{n}")).collect();
                let placeholders = vec![Value::Null; entries.len()];
                (
                    200,
                    json!({"ingested": entries.len(), "ids": ids}).to_string(),
                    vec![],
                    placeholders,
                )
            }
            Err(error) => error_answer(400, "invalid_body", &format!("malformed JSON: {error}")),
        };
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return error_answer(400, "invalid_body", &format!("malformed JSON: {error}"))
        }
    };
    let entries = match value {
        Value::Array(entries) if !entries.is_empty() => entries,
        Value::Array(_) => return error_answer(400, "invalid_body", "empty batch"),
        entry @ Value::Object(_) => vec![entry],
        _ => {
            return error_answer(
                400,
                "invalid_body",
                "body must be an entry or an array of entries",
            )
        }
    };
    for entry in &entries {
        if let Err((status, code, message)) = check_entry(entry, options) {
            return error_answer(status, code, &message);
        }
        if let Some(marker) = &options.reject_marker {
            if entry["message"]
                .as_str()
                .is_some_and(|message| message.contains(marker.as_str()))
            {
                return error_answer(422, "invalid_level", "scripted rejection");
            }
        }
    }
    let mut state = state.lock().unwrap();
    let first_id = state.next_id;
    state.next_id += entries.len() as u64;
    let ids: Vec<String> = (first_id..state.next_id)
        .map(|id| format!("log_{id}"))
        .collect();
    (
        200,
        json!({"ingested": entries.len(), "ids": ids}).to_string(),
        vec![],
        entries,
    )
}

/// Checks one entry against the contract: known fields only, required fields
/// with the right types, the four levels, and the size limits.
fn check_entry(entry: &Value, options: &Options) -> Result<(), (u16, &'static str, String)> {
    let invalid = |message: String| (400, "invalid_body", message);
    let Value::Object(fields) = entry else {
        return Err(invalid("an entry must be an object".into()));
    };
    for name in fields.keys() {
        if !FIELDS.contains(&name.as_str()) {
            return Err(invalid(format!("unknown field {name}")));
        }
    }
    for name in ["projectId", "level", "message", "source"] {
        if !fields.get(name).is_some_and(Value::is_string) {
            return Err(invalid(format!("{name} is required and must be a string")));
        }
    }
    let project = fields["projectId"].as_str().unwrap();
    if project.len() != 36
        || project.split('-').map(str::len).collect::<Vec<_>>() != [8, 4, 4, 4, 12]
    {
        return Err(invalid(format!("projectId {project} is not a UUID")));
    }
    if project != options.project_id {
        return Err((
            403,
            "forbidden",
            "the key is pinned to another project".into(),
        ));
    }
    if !LEVELS.contains(&fields["level"].as_str().unwrap()) {
        return Err((
            422,
            "invalid_level",
            format!("level {} is not one of the four", fields["level"]),
        ));
    }
    let message = fields["message"].as_str().unwrap();
    if message.len() > 8192 {
        return Err(invalid(format!(
            "message is {} bytes; at most 8192",
            message.len()
        )));
    }
    if let Some(timestamp) = fields.get("timestamp") {
        // As strict as a server whose dates start at year 1 (Python's).
        let valid = timestamp.as_str().is_some_and(|text| {
            chrono::DateTime::parse_from_rfc3339(text)
                .is_ok_and(|time| chrono::Datelike::year(&time) >= 1)
        });
        if !valid {
            return Err(invalid(format!("timestamp {timestamp} is not RFC 3339")));
        }
    }
    if let Some(tags) = fields.get("tags") {
        let valid = tags
            .as_array()
            .is_some_and(|tags| tags.iter().all(Value::is_string));
        if !valid {
            return Err(invalid("tags must be an array of strings".into()));
        }
    }
    if let Some(meta) = fields.get("meta") {
        if !meta.is_object() {
            return Err(invalid("meta must be an object".into()));
        }
        let size = serde_json::to_vec(meta).unwrap().len();
        if size > 65536 {
            return Err(invalid(format!("meta is {size} bytes; at most 65536")));
        }
    }
    Ok(())
}
