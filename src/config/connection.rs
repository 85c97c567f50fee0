//! Where to send and with which credentials: the key (and its file), the
//! project id, the base URL and the proxy the environment names for it, the
//! CA bundle and the request timeout; and the rule that plain `http://`
//! only goes to this machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::api_key::ApiKey;
use crate::cli::{CompressArg, ConnectionArgs};
use crate::config::values::Resolver;
use crate::config::{Config, Environment, Origin, Setting};
use crate::deliver::client::{ClientSettings, Compression};
use crate::output::failure::Failure;

/// The hosted API, used when no base URL is configured.
pub const DEFAULT_URL: &str = "https://api.streamlogia.com";
/// Used as the project id by `--dry-run` when none is configured.
pub const PLACEHOLDER_PROJECT_ID: &str = "00000000-0000-0000-0000-000000000000";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to send and with which credentials, each with where it came from.
#[derive(Debug, Clone)]
pub struct Connection {
    pub api_key: Option<Setting<ApiKey>>,
    /// `check` only: why the configured key is not usable (other commands
    /// stop at it).
    pub key_problem: Option<Failure>,
    pub project_id: Option<Setting<String>>,
    pub url: Setting<String>,
    /// The proxy requests go through, when the environment names one for the URL.
    pub proxy: Option<Setting<String>>,
    pub ca_file: Option<Setting<PathBuf>>,
    /// The longest one request may take.
    pub request_timeout: Setting<Duration>,
    /// How request bodies go on the wire.
    pub compression: Setting<Compression>,
    /// `--dry-run`: print each body instead of sending it.
    pub dry_run: bool,
}

/// What to do with a key or a project id that is not usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Stop at it: nothing could be shipped.
    Stop,
    /// Keep it to report among the findings (`check`).
    Report,
}

/// Resolves the connection settings; what deserves a warning about the key
/// (given on the command line, or in a file others can read) is added to
/// `warnings`.
pub fn resolve(
    values: &Resolver,
    args: &ConnectionArgs,
    unusable: Unusable,
    warnings: &mut Vec<String>,
) -> Result<Connection, Failure> {
    let file = &values.file.settings;
    let (api_key, key_file_warning, key_problem) = match api_key(values, args) {
        Ok(Some((key, warning))) => (Some(key), warning, None),
        Ok(None) => (None, None, None),
        // `check` reports a key that is not usable among its findings.
        Err(problem) if unusable == Unusable::Report => (None, None, Some(problem)),
        Err(problem) => return Err(problem),
    };
    let project_id = values
        .string(
            args.project.as_deref(),
            "--project",
            &["STREAMLOGIA_PROJECT_ID", "LOGINGESTOR_PROJECT_ID"],
            "project_id",
            file.project_id.as_deref(),
        )
        .map(|setting| match unusable {
            Unusable::Report => Ok(Setting {
                value: setting.value.trim().to_owned(),
                origin: setting.origin,
            }),
            Unusable::Stop => validate_project_id(setting),
        })
        .transpose()?;
    let url = values
        .string(
            args.url.as_deref(),
            "--url",
            &["STREAMLOGIA_API_URL"],
            "url",
            file.url.as_deref(),
        )
        .unwrap_or_else(|| Setting {
            value: DEFAULT_URL.to_owned(),
            origin: Origin::Default,
        });
    let url = validate_url(url)?;
    let ca_file = values
        .string(
            args.ca_file.as_deref().and_then(Path::to_str),
            "--ca-file",
            &["STREAMLOGIA_CA_FILE"],
            "ca_file",
            file.ca_file.as_deref().and_then(Path::to_str),
        )
        .map(|setting| Setting {
            value: PathBuf::from(setting.value),
            origin: setting.origin,
        });
    let request_timeout = Setting {
        value: values
            .duration(
                args.timeout.as_deref(),
                "--timeout",
                "timeout",
                file.timeout.as_deref(),
            )?
            .unwrap_or(DEFAULT_TIMEOUT),
        origin: values.origin(
            args.timeout.as_ref().map(|_| "--timeout"),
            "timeout",
            file.timeout.is_some(),
        ),
    };
    let compress = args.compress.or(file.compress);
    let compression = Setting {
        value: match compress {
            Some(CompressArg::Gzip) => Compression::Gzip,
            Some(CompressArg::None) | None => Compression::None,
        },
        origin: values.origin(
            args.compress.map(|_| "--compress"),
            "compress",
            file.compress.is_some(),
        ),
    };
    if api_key
        .as_ref()
        .is_some_and(|key| key.origin == Origin::Flag("--api-key"))
    {
        warnings.push(
            "--api-key is visible to other users in the process list; prefer --api-key-file \
             or STREAMLOGIA_API_KEY"
                .to_owned(),
        );
    }
    warnings.extend(values.file.key_permission_warning());
    warnings.extend(key_file_warning);
    Ok(Connection {
        proxy: proxy_for(&url.value, values.env),
        api_key,
        key_problem,
        project_id,
        url,
        ca_file,
        request_timeout,
        compression,
        dry_run: args.dry_run,
    })
}

impl Connection {
    /// Refuses to send the key in clear text to another machine, unless
    /// `--allow-http` (or `allow_http` in the file) says so, or nothing is
    /// sent (`--dry-run`).
    pub fn refuse_clear_text(
        &self,
        values: &Resolver,
        args: &ConnectionArgs,
    ) -> Result<(), Failure> {
        let allow_http = args.allow_http || values.file.settings.allow_http.unwrap_or(false);
        if self.dry_run || allow_http {
            return Ok(());
        }
        refuse_clear_text_to_other_hosts(&self.url, self.proxy.as_ref())
    }
}

impl Config {
    /// The project id to put in entries; `--dry-run` may go without one.
    pub fn project_id_for_entries(&self) -> Result<&str, Failure> {
        let connection = &self.connection;
        match (&connection.project_id, connection.dry_run) {
            (Some(project), _) => Ok(&project.value),
            (None, true) => Ok(PLACEHOLDER_PROJECT_ID),
            (None, false) if connection.api_key.is_none() => Err(self.missing_key_and_project()),
            (None, false) => Err(self.missing_project()),
        }
    }

    /// The error when neither the API key nor the project id is set: one
    /// message naming both, and every way to give them.
    pub fn missing_key_and_project(&self) -> Failure {
        Failure::config(format!(
            "no API key and no project id: set STREAMLOGIA_API_KEY and STREAMLOGIA_PROJECT_ID, \
             pass --api-key-file PATH (or --api-key) and --project UUID, or add api_key and \
             project_id to {}",
            self.config_file_hint.display()
        ))
        .with_hint("`logingestor check` shows every setting and where it comes from")
    }

    /// The error for a missing project id, naming every way to give one.
    pub fn missing_project(&self) -> Failure {
        Failure::config(format!(
            "no project id: pass --project UUID, set STREAMLOGIA_PROJECT_ID, or add project_id to {}",
            self.config_file_hint.display()
        ))
    }

    /// The error for a missing API key, naming every way to give one.
    pub fn missing_key(&self) -> Failure {
        Failure::config(format!(
            "no API key: pass --api-key-file PATH (or --api-key), set STREAMLOGIA_API_KEY, \
             or add api_key to {}",
            self.config_file_hint.display()
        ))
    }

    /// What the HTTP client needs; fails with exit 78 when there is no key.
    pub fn client_settings(&self) -> Result<ClientSettings, Failure> {
        let connection = &self.connection;
        let Some(api_key) = &connection.api_key else {
            return Err(self.missing_key());
        };
        Ok(ClientSettings {
            base_url: connection.url.value.clone(),
            proxy: connection.proxy.as_ref().map(|proxy| proxy.value.clone()),
            api_key: api_key.value.clone(),
            ca_file: connection.ca_file.as_ref().map(|ca| ca.value.clone()),
            request_timeout: connection.request_timeout.value,
            connections: self.delivery.concurrency.value.senders(),
            compression: connection.compression.value,
        })
    }
}

/// The key, the first of flag, key-file flag, environment, config file
/// key and config file key file; with a warning when its file is open to
/// other users.
fn api_key(
    values: &Resolver,
    connection: &ConnectionArgs,
) -> Result<Option<KeyWithWarning>, Failure> {
    let checked = |text: &str, origin: Origin| {
        ApiKey::parse(text)
            .map(|value| {
                Some((
                    Setting {
                        value,
                        origin: origin.clone(),
                    },
                    None,
                ))
            })
            .map_err(|problem| {
                Failure::config(format!(
                    "the API key from {origin} is not usable: {problem}"
                ))
                .with_hint(KEY_HINT)
            })
    };
    if let Some(key) = &connection.api_key {
        return checked(key, Origin::Flag("--api-key"));
    }
    if let Some(path) = &connection.api_key_file {
        return read_key_file(path, Origin::Flag("--api-key-file")).map(Some);
    }
    if let Some((name, key)) = values
        .env
        .first_of(&["STREAMLOGIA_API_KEY", "LOGINGESTOR_API_KEY"])
    {
        return checked(key, Origin::Env(name));
    }
    if let Some(key) = &values.file.settings.api_key {
        return checked(key, values.file.origin("api_key"));
    }
    if let Some(path) = &values.file.settings.api_key_file {
        return read_key_file(path, values.file.origin("api_key_file")).map(Some);
    }
    Ok(None)
}

/// A key, and a warning about the file it came from, if any.
type KeyWithWarning = (Setting<ApiKey>, Option<String>);

fn read_key_file(path: &Path, origin: Origin) -> Result<KeyWithWarning, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Failure::config(format!(
            "cannot read the API key file {} (from {origin}): {error}",
            path.display()
        ))
    })?;
    let key = ApiKey::parse(&text).map_err(|problem| {
        Failure::config(format!(
            "the API key in {} (from {origin}) is not usable: {problem}",
            path.display()
        ))
        .with_hint(KEY_HINT)
    })?;
    Ok((
        Setting { value: key, origin },
        key_file_permission_warning(path),
    ))
}

/// What to do about a key that is not usable.
const KEY_HINT: &str = "copy the ingest key (ls_app_live_…) from the project's settings again, \
                        as one line with nothing else on it";

/// A warning when the key file may be read by other users.
fn key_file_permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "the API key file {} is readable by other users (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

/// Checks that a project id is a UUID, and lower-cases it.
pub fn validate_project_id(setting: Setting<String>) -> Result<Setting<String>, Failure> {
    let value = setting.value.trim();
    let is_uuid = value.len() == 36 && uuid::Uuid::try_parse(value).is_ok();
    if !is_uuid {
        return Err(Failure::config(format!(
            "the project id '{value}' (from {}) is not a UUID",
            setting.origin
        ))
        .with_hint("copy the project id from the project's settings page, e.g. 5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10"));
    }
    Ok(Setting {
        value: value.to_ascii_lowercase(),
        origin: setting.origin,
    })
}

/// Checks the base URL: `http://` or `https://`, a host, no user info (the
/// key is the only credential, and a `user@` could hide where requests
/// really go), no query or fragment (paths are appended to it).
fn validate_url(setting: Setting<String>) -> Result<Setting<String>, Failure> {
    let value = setting.value.trim().trim_end_matches('/').to_owned();
    let not_a_url = || {
        Failure::config(format!(
            "the base URL '{}' (from {}) is not an http:// or https:// URL",
            without_user_info(&value),
            setting.origin
        ))
        .with_hint("for example https://api.streamlogia.com or http://127.0.0.1:8080")
    };
    let uri: http::Uri = value.parse().map_err(|_| not_a_url())?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let Some(authority) = uri.authority().filter(|_| scheme_ok) else {
        return Err(not_a_url());
    };
    if authority.as_str().contains('@') {
        return Err(Failure::config(format!(
            "the base URL '{}' (from {}) holds user info before an '@'; it is not sent",
            without_user_info(&value),
            setting.origin
        ))
        .with_hint("give the URL as scheme://host[:port][/path]: the API key (--api-key-file, STREAMLOGIA_API_KEY) is the only credential"));
    }
    if authority.host().is_empty() {
        return Err(not_a_url());
    }
    if value.contains(['?', '#']) {
        return Err(Failure::config(format!(
            "the base URL '{value}' (from {}) has a query or fragment; give the installation's root",
            setting.origin
        )));
    }
    Ok(Setting {
        value,
        origin: setting.origin,
    })
}

/// `url` with anything between `://` and the last `@` of its authority cut
/// out, so that a password given there is never echoed.
fn without_user_info(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://…@{}{path}", &authority[at + 1..]),
        None => url.to_owned(),
    }
}

/// The host part of a validated base URL, as the HTTP client will connect
/// to it (brackets of an IPv6 address removed).
fn url_host(url: &str) -> String {
    let uri: http::Uri = url.parse().expect("a validated URL");
    let host = uri.host().unwrap_or_default();
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned()
}

/// Whether `host` names this machine: `localhost` or a loopback address
/// (an IPv4-mapped IPv6 loopback too). Anything else, names that merely
/// resolve to a loopback address included, counts as another host.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// The proxy requests to `url` go through, from the environment as curl
/// reads it: `https_proxy` for https, `http_proxy` for http, `all_proxy`
/// otherwise (either case), unless `no_proxy` names the host.
fn proxy_for(url: &str, env: &Environment) -> Option<Setting<String>> {
    let names: &[&'static str] = if url.starts_with("https://") {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"]
    };
    let (name, proxy) = env.first_of(names)?;
    let host = url_host(url);
    let bypass = env
        .first_of(&["NO_PROXY", "no_proxy"])
        .is_some_and(|(_, list)| no_proxy_matches(list, &host));
    (!bypass).then(|| Setting {
        value: proxy.to_owned(),
        origin: Origin::Env(name),
    })
}

/// Whether a `no_proxy` list (`*`, or host names, domain suffixes with or
/// without a leading dot, and addresses, separated by commas) names `host`.
fn no_proxy_matches(list: &str, host: &str) -> bool {
    list.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('.');
        let entry = entry.split(':').next().unwrap_or_default();
        !entry.is_empty()
            && (entry == "*"
                || host.eq_ignore_ascii_case(entry)
                || host
                    .to_ascii_lowercase()
                    .ends_with(&format!(".{}", entry.to_ascii_lowercase())))
    })
}

/// Plain http:// sends the bearer key in clear text: allowed only when the
/// host the client connects to is this machine (the proxy's, when one is
/// used), unless the user says `--allow-http`.
fn refuse_clear_text_to_other_hosts(
    url: &Setting<String>,
    proxy: Option<&Setting<String>>,
) -> Result<(), Failure> {
    if !url.value.starts_with("http://") {
        return Ok(());
    }
    let target = url_host(&url.value);
    let proxy_host = proxy.map(|proxy| {
        let with_scheme = if proxy.value.contains("://") {
            proxy.value.clone()
        } else {
            format!("http://{}", proxy.value)
        };
        with_scheme
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_owned))
            .unwrap_or_default()
    });
    let first_hop_local = proxy_host
        .as_deref()
        .is_none_or(|host| is_loopback_host(host.trim_start_matches('[').trim_end_matches(']')));
    if is_loopback_host(&target) && first_hop_local {
        return Ok(());
    }
    let through = match (proxy, &proxy_host) {
        (Some(proxy), Some(host)) if !is_loopback_host(host) => {
            format!(" through the proxy {host} (from {})", proxy.origin)
        }
        _ => String::new(),
    };
    Err(Failure::config(format!(
        "refusing to send the API key unencrypted to {target}{through} (the URL is from {})",
        url.origin
    ))
    .with_hint("use an https:// URL, or pass --allow-http if this network is trusted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_decided_on_the_host_really_connected_to() {
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("LOCALHOST."));
        assert!(is_loopback_host("127.5.0.1"));
        assert!(is_loopback_host("::1"));
        assert!(is_loopback_host("::ffff:127.0.0.1"));
        assert!(!is_loopback_host("localhost.example.com"));
        assert!(!is_loopback_host("0x7f.1"));
        assert!(!is_loopback_host("10.0.0.1"));
        assert_eq!(url_host("http://[::1]:8080/x"), "::1");
    }

    #[test]
    fn no_proxy_lists_match_names_suffixes_and_stars() {
        assert!(no_proxy_matches("*", "anything"));
        assert!(no_proxy_matches("example.com", "api.example.com"));
        assert!(no_proxy_matches(".example.com", "api.example.com"));
        assert!(no_proxy_matches("a, Example.COM:443", "example.com"));
        assert!(!no_proxy_matches("example.com", "badexample.com"));
        assert!(!no_proxy_matches("", "host"));
    }
}
