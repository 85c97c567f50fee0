//! HTTP delivery of one batch to `POST {url}/v1/ingest`, and what the answer means.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::api_key::ApiKey;
use crate::batch::body::Batch;
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;
use crate::output::report::LastError;

/// How long to wait for a TCP (and TLS) connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read from the server to a request of no entries (or an
/// error answer); the rest is ignored.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024;
/// How much more an accepted batch's answer may hold per entry: the API
/// answers with one id per entry (`"log_…",`, some 30 bytes), so a batch of
/// 5 000 entries is answered with about 150 KiB.
const RESPONSE_BYTES_PER_ENTRY: u64 = 1024;

/// How request bodies go on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// As they are (the default: the API does not promise to take gzip).
    None,
    /// `Content-Encoding: gzip`, at the fastest level.
    Gzip,
}

impl std::fmt::Display for Compression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
        })
    }
}

/// What the API said when it accepted a batch.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Accepted {
    /// How many entries the API stored.
    pub ingested: usize,
    /// The ids of the stored entries, in request order.
    #[serde(default)]
    pub ids: Vec<String>,
}

/// Why a batch was not accepted, classified by what a shipper should do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// 400 or 422: the entries are invalid; sending them again will not help.
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    /// 401: the key is missing, malformed or revoked.
    Unauthorized { message: String },
    /// 403: the key may not ingest into this project.
    Forbidden { message: String },
    /// 404: the base URL does not point at the ingest API.
    NotFound { url: String },
    /// 413: the body is too large for the server.
    TooLarge,
    /// 429: too many requests; `retry_after` as the server asked.
    RateLimited { retry_after: Option<Duration> },
    /// 5xx or another unexpected status; 503 may say when to come back.
    ServerError {
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },
    /// No answer: connection refused or reset, DNS failure, timeout.
    /// `maybe_applied` is false when the request never reached the server
    /// (refused, not resolved, no connection), so a retry cannot store twice.
    Network { detail: String, maybe_applied: bool },
    /// The server's certificate was not trusted (unknown issuer, wrong name,
    /// expired): a configuration error, which no retry mends.
    Tls { detail: String },
    /// A 200 whose body does not confirm every entry.
    Unconfirmed { expected: usize, detail: String },
    /// The request was still in flight at the shutdown deadline and was
    /// given up: it may have been applied.
    Abandoned,
}

impl DeliveryError {
    /// The exit code this failure ends the run with, if nothing else goes wrong.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            DeliveryError::Rejected { .. } | DeliveryError::TooLarge => ExitCode::DataRejected,
            DeliveryError::Unauthorized { .. } | DeliveryError::Forbidden { .. } => {
                ExitCode::NoPermission
            }
            DeliveryError::NotFound { .. } | DeliveryError::Tls { .. } => ExitCode::Config,
            DeliveryError::RateLimited { .. }
            | DeliveryError::ServerError { .. }
            | DeliveryError::Network { .. }
            | DeliveryError::Unconfirmed { .. }
            | DeliveryError::Abandoned => ExitCode::Unavailable,
        }
    }

    /// True when no later request can succeed either, so shipping should stop.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            DeliveryError::Unauthorized { .. }
                | DeliveryError::Forbidden { .. }
                | DeliveryError::NotFound { .. }
                | DeliveryError::Tls { .. }
        )
    }

    /// True when the same request may succeed later: 429, 5xx, network
    /// failures and unconfirmed answers.
    pub fn is_retriable(&self) -> bool {
        matches!(
            self,
            DeliveryError::RateLimited { .. }
                | DeliveryError::ServerError { .. }
                | DeliveryError::Network { .. }
                | DeliveryError::Unconfirmed { .. }
        )
    }

    /// The wait the server asked for (429, or 503 with `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::RateLimited { retry_after } => *retry_after,
            DeliveryError::ServerError { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True when the request may have been applied although we saw no
    /// confirmation, so a retry may store the entries twice.
    pub fn may_have_been_applied(&self) -> bool {
        matches!(
            self,
            DeliveryError::Network {
                maybe_applied: true,
                ..
            } | DeliveryError::Unconfirmed { .. }
                | DeliveryError::Abandoned
        )
    }

    /// The error as a run's report tells it, when it was the last one.
    pub fn to_last_error(&self) -> LastError {
        LastError {
            text: self.to_string(),
            rejected: matches!(self, DeliveryError::Rejected { .. }),
        }
    }

    /// A user-facing failure: what happened and what to do.
    pub fn to_failure(&self) -> Failure {
        let failure = Failure::new(self.exit_code(), self.to_string());
        match self {
            DeliveryError::Unauthorized { .. } => failure.with_hint(
                "check the API key (--api-key-file, STREAMLOGIA_API_KEY or api_key in the config file); \
                 ingest keys start with ls_app_live_",
            ),
            DeliveryError::Forbidden { .. } => failure.with_hint(
                "a read-only key (ls_api_live_) or a source key (ls_src_live_) cannot ingest, \
                 and a key pinned to another project is refused: use an ingest key (ls_app_live_) \
                 for this project",
            ),
            DeliveryError::NotFound { .. } => failure.with_hint(
                "check the base URL (--url or STREAMLOGIA_API_URL): it is the installation's root, \
                 without /v1/ingest",
            ),
            DeliveryError::Network { .. } => {
                failure.with_hint("check the network and the base URL (--url or STREAMLOGIA_API_URL)")
            }
            DeliveryError::Tls { .. } => failure.with_hint(
                "a private installation's CA goes in --ca-file (or STREAMLOGIA_CA_FILE); \
                 otherwise check the base URL's host name and the server's certificate",
            ),
            _ => failure,
        }
    }
}

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeliveryError::Rejected {
                status,
                code,
                message,
            } => {
                write!(
                    f,
                    "the API rejected the entries ({status} {code}): {message}"
                )
            }
            DeliveryError::Unauthorized { message } => {
                write!(f, "the API refused the key (401 unauthorized): {message}")
            }
            DeliveryError::Forbidden { message } => {
                write!(
                    f,
                    "the key may not ingest into this project (403 forbidden): {message}"
                )
            }
            DeliveryError::NotFound { url } => write!(f, "no ingest API at {url} (404 not found)"),
            DeliveryError::TooLarge => {
                write!(f, "the API refused the request body as too large (413)")
            }
            DeliveryError::RateLimited {
                retry_after: Some(wait),
            } => write!(
                f,
                "the API is rate limiting us (429) and asked for a pause of {}s",
                wait.as_secs()
            ),
            DeliveryError::RateLimited { retry_after: None } => {
                write!(f, "the API is rate limiting us (429)")
            }
            DeliveryError::ServerError {
                status, message, ..
            } => {
                write!(f, "the API failed with status {status}: {message}")
            }
            DeliveryError::Network { detail, .. } => {
                write!(f, "could not reach the API: {detail}")
            }
            DeliveryError::Tls { detail } => {
                write!(f, "the API's TLS certificate is not trusted: {detail}")
            }
            DeliveryError::Unconfirmed { expected, detail } => {
                write!(
                    f,
                    "the API did not confirm all {expected} entries: {detail}"
                )
            }
            DeliveryError::Abandoned => {
                write!(f, "a request was still unanswered at the shutdown deadline")
            }
        }
    }
}

impl std::error::Error for DeliveryError {}

/// The error body the API sends with a non-200 status.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: String,
}

/// Settings for the HTTP connection to the ingest API.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// The base URL, without a trailing `/`.
    pub base_url: String,
    /// The proxy to go through, as the environment named it; `None` for a
    /// direct connection (the environment is never read here).
    pub proxy: Option<String>,
    pub api_key: ApiKey,
    /// A PEM bundle that replaces the system trust store.
    pub ca_file: Option<std::path::PathBuf>,
    /// The longest one request may take, connection included.
    pub request_timeout: Duration,
    /// How many requests may be in flight at once: as many keep-alive
    /// connections are kept open.
    pub connections: usize,
    pub compression: Compression,
}

/// An HTTP client for the ingest API, keeping one connection alive across batches.
pub struct IngestClient {
    agent: ureq::Agent,
    ingest_url: String,
    authorization: String,
    /// Request bytes sent: the bodies, as they went on the wire.
    bytes_sent: AtomicU64,
    /// Bodies are gzipped: asked for, and not yet refused by the server.
    gzip: AtomicBool,
}

impl IngestClient {
    /// Builds the client; fails when the CA bundle cannot be read.
    pub fn new(settings: &ClientSettings) -> anyhow::Result<IngestClient> {
        Ok(IngestClient {
            agent: build_agent(
                settings.ca_file.as_deref(),
                settings.proxy.as_deref(),
                settings.request_timeout,
                settings.connections,
            )?,
            ingest_url: format!("{}/v1/ingest", settings.base_url),
            authorization: format!("Bearer {}", settings.api_key.expose()),
            bytes_sent: AtomicU64::new(0),
            gzip: AtomicBool::new(settings.compression == Compression::Gzip),
        })
    }

    /// Request bytes sent so far (the bodies, as they went on the wire).
    pub fn bytes_sent(&self) -> u64 {
        self.bytes_sent.load(Ordering::Relaxed)
    }

    /// Posts one batch and classifies the answer. `Ok` only when the API
    /// confirmed every entry of the batch. `timeout` overrides the request
    /// timeout (during shutdown, to keep within its deadline).
    pub fn post(
        &self,
        batch: &Batch,
        timeout: Option<Duration>,
    ) -> Result<Accepted, DeliveryError> {
        if self.gzip.load(Ordering::Relaxed) {
            match self.post_once(batch, timeout, Compression::Gzip) {
                Err(Refused::Encoding(status)) => self.stop_compressing(status),
                Err(Refused::Other(error)) => return Err(error),
                Ok(accepted) => return Ok(accepted),
            }
        }
        self.post_once(batch, timeout, Compression::None)
            .map_err(Refused::into_error)
    }

    /// Turns compression off for the rest of the run, with one warning.
    fn stop_compressing(&self, status: u16) {
        if self.gzip.swap(false, Ordering::Relaxed) {
            eprintln!(
                "logingestor: warning: the API refused gzip-compressed bodies ({status}); \
                 sending them uncompressed for the rest of the run"
            );
        }
    }

    fn post_once(
        &self,
        batch: &Batch,
        timeout: Option<Duration>,
        compression: Compression,
    ) -> Result<Accepted, Refused> {
        let mut request = self.agent.post(&self.ingest_url);
        if let Some(timeout) = timeout {
            request = request.config().timeout_global(Some(timeout)).build();
        }
        let request = request
            .header("Authorization", &self.authorization)
            .content_type("application/json");
        let response = match compression {
            Compression::None => {
                self.count_sent(batch.body().len());
                request.send(batch.body())
            }
            Compression::Gzip => {
                let body = gzip(batch.body());
                self.count_sent(body.len());
                request.header("Content-Encoding", "gzip").send(&body[..])
            }
        };
        let mut response = response.map_err(|error| Refused::Other(request_error(&error)))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        // The whole answer is read, however many ids it holds: an answer cut
        // short cannot confirm the batch. The bound only keeps a broken
        // server from filling memory.
        let limit = MAX_RESPONSE_BYTES + RESPONSE_BYTES_PER_ENTRY * batch.len() as u64;
        let mut body = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(limit + 1)
            .read_to_end(&mut body);
        if let Err(error) = read {
            return Err(Refused::Other(DeliveryError::Network {
                detail: format!("reading the response failed: {error}"),
                maybe_applied: true,
            }));
        }
        if body.len() as u64 > limit && status == 200 {
            return Err(Refused::Other(DeliveryError::Unconfirmed {
                expected: batch.len(),
                detail: format!("its answer was longer than {limit} bytes"),
            }));
        }
        if compression == Compression::Gzip && refuses_encoding(status, &body) {
            return Err(Refused::Encoding(status));
        }
        classify_response(status, &body, retry_after, batch.len(), &self.ingest_url)
            .map_err(Refused::Other)
    }

    fn count_sent(&self, bytes: usize) {
        self.bytes_sent.fetch_add(bytes as u64, Ordering::Relaxed);
    }
}

/// Why one request was not accepted: its encoding, or anything else.
enum Refused {
    /// 415, or a 400 about the encoding: the server does not take gzip.
    Encoding(u16),
    Other(DeliveryError),
}

impl Refused {
    fn into_error(self) -> DeliveryError {
        match self {
            Refused::Other(error) => error,
            // Not sent compressed, so not refused for it: a 415 all the same.
            Refused::Encoding(status) => DeliveryError::ServerError {
                status,
                message: "the content encoding was refused".into(),
                retry_after: None,
            },
        }
    }
}

/// True when an answer says the server does not take the body's encoding:
/// a 415, or a 400 whose error names the encoding.
fn refuses_encoding(status: u16, body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    status == 415
        || (status == 400
            && ["encoding", "gzip", "compress"]
                .iter()
                .any(|word| text.contains(word)))
}

/// `body` gzipped at the fastest level.
fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// The HTTP agent every request uses: no redirects, statuses as answers (not
/// errors), the given trust roots and time limit, TCP_NODELAY, and a pool
/// keeping `connections` keep-alive connections (one per request in flight;
/// a pooled connection the server closed while idle is noticed before it is
/// used, and a new one is opened instead, with no failure).
fn build_agent(
    ca_file: Option<&Path>,
    proxy: Option<&str>,
    request_timeout: Duration,
    connections: usize,
) -> anyhow::Result<ureq::Agent> {
    let root_certs = match ca_file {
        Some(path) => load_ca_bundle(path)?,
        None => RootCerts::PlatformVerifier,
    };
    let proxy = proxy
        .map(|url| {
            ureq::Proxy::new(url).map_err(|error| {
                Failure::config(format!("the proxy URL '{url}' is not usable: {error}"))
            })
        })
        .transpose()?;
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("logingestor/", env!("CARGO_PKG_VERSION")))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(request_timeout))
        .no_delay(true)
        .max_idle_connections(connections.max(1))
        .max_idle_connections_per_host(connections.max(1))
        .tls_config(TlsConfig::builder().root_certs(root_certs).build())
        .proxy(proxy)
        .build();
    Ok(config.into())
}

/// Asks `GET {base_url}/v1/status` whether the installation is up; it needs no
/// key. `Ok` with the time the answer took when it was 200.
pub fn probe_status(
    base_url: &str,
    proxy: Option<&str>,
    ca_file: Option<&Path>,
    request_timeout: Duration,
) -> anyhow::Result<Result<Duration, DeliveryError>> {
    let agent = build_agent(ca_file, proxy, request_timeout, 1)?;
    let url = format!("{base_url}/v1/status");
    let started = std::time::Instant::now();
    let mut response = match agent.get(&url).call() {
        Ok(response) => response,
        Err(error) => return Ok(Err(request_error(&error))),
    };
    let status = response.status().as_u16();
    if status == 200 {
        return Ok(Ok(started.elapsed()));
    }
    let mut body = Vec::new();
    let _ = response
        .body_mut()
        .as_reader()
        .take(MAX_RESPONSE_BYTES)
        .read_to_end(&mut body);
    // Any status but 200 is an error here, classified as for ingest.
    Ok(classify_response(status, &body, None, 0, &url).map(|_| started.elapsed()))
}

fn classify_response(
    status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
    expected: usize,
    url: &str,
) -> Result<Accepted, DeliveryError> {
    if status == 200 {
        let accepted: Accepted =
            serde_json::from_slice(body).map_err(|error| DeliveryError::Unconfirmed {
                expected,
                detail: format!("unreadable response body: {error}"),
            })?;
        if accepted.ingested != expected {
            return Err(DeliveryError::Unconfirmed {
                expected,
                detail: format!("it reported {} ingested", accepted.ingested),
            });
        }
        return Ok(accepted);
    }
    let error: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let message = if error.message.is_empty() {
        String::from_utf8_lossy(&body[..body.len().min(200)])
            .trim()
            .to_owned()
    } else {
        error.message
    };
    Err(match status {
        400 | 422 => DeliveryError::Rejected {
            status,
            code: error.error,
            message,
        },
        401 => DeliveryError::Unauthorized { message },
        403 => DeliveryError::Forbidden { message },
        404 => DeliveryError::NotFound {
            url: url.to_owned(),
        },
        413 => DeliveryError::TooLarge,
        429 => DeliveryError::RateLimited { retry_after },
        _ => DeliveryError::ServerError {
            status,
            message,
            retry_after,
        },
    })
}

/// `Retry-After` in seconds; an HTTP date is read as "now".
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// What a request that got no answer means: a certificate problem, or a
/// network failure that did or did not reach the server.
fn request_error(error: &ureq::Error) -> DeliveryError {
    if let Some(tls) = certificate_error(error) {
        return DeliveryError::Tls {
            detail: tls.to_string(),
        };
    }
    let (detail, maybe_applied) = match error {
        ureq::Error::Timeout(ureq::Timeout::Resolve | ureq::Timeout::Connect) => {
            ("the connection timed out".to_owned(), false)
        }
        ureq::Error::Timeout(_) => ("the request timed out".to_owned(), true),
        ureq::Error::HostNotFound => ("the host name could not be resolved".to_owned(), false),
        ureq::Error::ConnectionFailed => ("the connection failed".to_owned(), false),
        ureq::Error::Io(io) => {
            let never_sent = matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
                    | std::io::ErrorKind::AddrNotAvailable
            );
            (io.to_string(), !never_sent)
        }
        ureq::Error::Rustls(tls) => (format!("TLS failed: {tls}"), false),
        ureq::Error::Tls(tls) => (format!("TLS failed: {tls}"), false),
        other => (other.to_string(), true),
    };
    DeliveryError::Network {
        detail,
        maybe_applied,
    }
}

/// The certificate error inside `error`, if the server's certificate was
/// refused (as rustls reports it, directly or inside an I/O error).
fn certificate_error(error: &ureq::Error) -> Option<&rustls::Error> {
    let tls = match error {
        ureq::Error::Rustls(tls) => tls,
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>()?,
        _ => return None,
    };
    matches!(tls, rustls::Error::InvalidCertificate(_)).then_some(tls)
}

fn load_ca_bundle(path: &Path) -> anyhow::Result<RootCerts> {
    let pem = std::fs::read(path)
        .with_context(|| format!("cannot read the CA bundle {}", path.display()))
        .map_err(|error| Failure::config(format!("{error:#}")))?;
    let mut certs: Vec<Certificate<'static>> = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(error) => {
                return Err(Failure::config(format!(
                    "the CA bundle {} is not valid PEM: {error}",
                    path.display()
                ))
                .into())
            }
        }
    }
    if certs.is_empty() {
        return Err(Failure::config(format!(
            "the CA bundle {} holds no certificate",
            path.display()
        ))
        .into());
    }
    Ok(RootCerts::new_with_certs(&certs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(status: u16, body: &str, expected: usize) -> Result<Accepted, DeliveryError> {
        classify_response(
            status,
            body.as_bytes(),
            None,
            expected,
            "http://h/v1/ingest",
        )
    }

    #[test]
    fn a_200_must_confirm_every_entry() {
        assert!(classify(200, r#"{"ingested":2,"ids":["a","b"]}"#, 2).is_ok());
        assert!(matches!(
            classify(200, r#"{"ingested":1,"ids":["a"]}"#, 2),
            Err(DeliveryError::Unconfirmed { .. })
        ));
        assert!(matches!(
            classify(200, "oops", 1),
            Err(DeliveryError::Unconfirmed { .. })
        ));
    }

    #[test]
    fn statuses_map_to_what_a_shipper_should_do() {
        let body = r#"{"error":"x","message":"why"}"#;
        assert_eq!(
            classify(400, body, 1).unwrap_err().exit_code(),
            ExitCode::DataRejected
        );
        assert_eq!(
            classify(422, body, 1).unwrap_err().exit_code(),
            ExitCode::DataRejected
        );
        assert_eq!(
            classify(401, body, 1).unwrap_err().exit_code(),
            ExitCode::NoPermission
        );
        assert_eq!(
            classify(403, body, 1).unwrap_err().exit_code(),
            ExitCode::NoPermission
        );
        assert_eq!(
            classify(404, body, 1).unwrap_err().exit_code(),
            ExitCode::Config
        );
        assert_eq!(
            classify(503, body, 1).unwrap_err().exit_code(),
            ExitCode::Unavailable
        );
        assert!(classify(401, body, 1).unwrap_err().is_fatal());
        assert!(!classify(500, body, 1).unwrap_err().is_fatal());
    }

    #[test]
    fn keeps_the_servers_code_and_message() {
        let error =
            classify(422, r#"{"error":"invalid_level","message":"bad level"}"#, 1).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the API rejected the entries (422 invalid_level): bad level"
        );
    }

    #[test]
    fn gzip_bodies_decode_to_the_same_bytes_and_are_smaller() {
        let body = br#"[{"message":"handled /api/v1/orders status=200"}]"#.repeat(50);
        let packed = gzip(&body);
        assert!(
            packed.len() * 5 < body.len(),
            "{} of {}",
            packed.len(),
            body.len()
        );
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, body);
    }

    #[test]
    fn a_415_or_a_400_about_the_encoding_refuses_gzip() {
        assert!(refuses_encoding(415, b""));
        assert!(refuses_encoding(
            400,
            br#"{"error":"invalid_body","message":"unsupported Content-Encoding"}"#
        ));
        assert!(!refuses_encoding(
            400,
            br#"{"error":"invalid_body","message":"level is required"}"#
        ));
        assert!(!refuses_encoding(422, b"encoding"));
    }

    #[test]
    fn reads_retry_after_in_seconds() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
