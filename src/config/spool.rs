//! Where undelivered entries wait: the spool directory (a flag, the
//! environment, the config file, else the XDG state directory) and its cap,
//! or why there is no spool.

use std::path::{Path, PathBuf};

use crate::cli::ConnectionArgs;
use crate::config::values::Resolver;
use crate::config::{Origin, Setting};
use crate::output::failure::Failure;
use crate::spool::store::SpoolSettings;

const DEFAULT_SPOOL_MAX: u64 = 256 * 1024 * 1024;

/// The spool's settings, with where its directory was named; or, when
/// there is no spool, why, in words fit for a message.
pub type SpoolOrWhyNot = Result<Setting<SpoolSettings>, String>;

/// Resolves the spool's settings (`--spool-dir`, `--spool-max`, `--no-spool`),
/// or says why there is no spool.
pub fn resolve(values: &Resolver, connection: &ConnectionArgs) -> Result<SpoolOrWhyNot, Failure> {
    let max_bytes = values
        .size(
            connection.spool_max.as_deref(),
            "--spool-max",
            "spool_max",
            values.file.settings.spool_max.as_ref(),
        )?
        .map_or(DEFAULT_SPOOL_MAX, |bytes| bytes as u64);
    if connection.no_spool {
        return Ok(Err("turned off by --no-spool".to_owned()));
    }
    if values.file.settings.spool == Some(false) {
        return Ok(Err(format!(
            "turned off by {}",
            values.file.origin("spool")
        )));
    }
    let named = match &connection.spool_dir {
        Some(dir) => Some(Setting {
            value: dir.clone(),
            origin: Origin::Flag("--spool-dir"),
        }),
        None => values
            .string(
                None,
                "--spool-dir",
                &["LOGINGESTOR_SPOOL_DIR"],
                "spool_dir",
                values
                    .file
                    .settings
                    .spool_dir
                    .as_deref()
                    .and_then(Path::to_str),
            )
            .map(|setting| Setting {
                value: PathBuf::from(setting.value),
                origin: setting.origin,
            }),
    };
    if named
        .as_ref()
        .is_some_and(|dir| dir.value.as_os_str().is_empty())
    {
        return Err(values.file.invalid("spool_dir", "must not be empty"));
    }
    let state_home = || state_home(values);
    let Some(dir) = named.or_else(|| {
        state_home().map(|(state, origin)| Setting {
            value: state.join("logingestor").join("spool"),
            origin,
        })
    }) else {
        return Ok(Err(
            "no directory for it: HOME and XDG_STATE_HOME are unset; pass --spool-dir PATH \
             or set LOGINGESTOR_SPOOL_DIR"
                .to_owned(),
        ));
    };
    Ok(Ok(Setting {
        value: SpoolSettings {
            dir: dir.value,
            max_bytes,
        },
        origin: dir.origin,
    }))
}

/// The XDG state directory (`$XDG_STATE_HOME`, else `~/.local/state`), and
/// the variable it came from; `None` when neither is set.
pub fn state_home(values: &Resolver) -> Option<(PathBuf, Origin)> {
    let xdg = values
        .env
        .get("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    match xdg {
        Some(dir) => Some((dir, Origin::Env("XDG_STATE_HOME"))),
        None => values.env.get("HOME").map(|home| {
            (
                Path::new(home).join(".local").join("state"),
                Origin::Env("HOME"),
            )
        }),
    }
}
