//! `follow`'s own settings: where the positions file is (`--positions`,
//! else one per set of PATH arguments in the XDG state directory), and
//! where a file seen for the first time is read from.

use std::path::PathBuf;

use crate::cli::{FollowArgs, FromArg};
use crate::config::spool::state_home;
use crate::config::values::Resolver;
use crate::output::exit_code::ExitCode;
use crate::output::failure::Failure;

/// The resolved settings of `follow`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowSettings {
    /// The positions file.
    pub positions: PathBuf,
    /// Where a file with no saved position is read from, the first time.
    pub from: FromArg,
}

/// `follow`'s settings from its flags and the environment.
pub fn resolve(values: &Resolver, args: &FollowArgs) -> Result<FollowSettings, Failure> {
    let positions = match &args.positions {
        Some(path) => path.clone(),
        None => {
            let Some((state, _)) = state_home(values) else {
                return Err(Failure::new(
                    ExitCode::Config,
                    "no directory for the positions file: HOME and XDG_STATE_HOME are unset",
                )
                .with_hint("name one with --positions FILE"));
            };
            state
                .join("logingestor")
                .join("positions")
                .join(default_file_name(&args.paths))
        }
    };
    Ok(FollowSettings {
        positions,
        from: args.from.unwrap_or(FromArg::End),
    })
}

/// A file name for the positions of `paths`: readable (the first path's
/// file name) and its own for each set of paths (a hash of them all), so
/// that two cron lines following different files never share one.
fn default_file_name(paths: &[String]) -> String {
    let first = paths
        .first()
        .map(|path| path.rsplit('/').next().unwrap_or(path))
        .unwrap_or_default();
    let readable: String = first
        .chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                true => c,
                false => '_',
            },
        )
        .take(60)
        .collect();
    let hash = paths
        .join("\0")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{readable}-{:08x}.json", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_set_of_paths_has_a_positions_file_of_its_own() {
        let one = default_file_name(&["/var/log/app.log".to_owned()]);
        assert!(
            one.starts_with("app.log-") && one.ends_with(".json"),
            "{one}"
        );
        let glob = default_file_name(&["/var/log/app/*.log".to_owned()]);
        assert!(glob.starts_with("_.log-"), "{glob}");
        let two = default_file_name(&["/var/log/app.log".to_owned(), "/var/log/b.log".to_owned()]);
        assert_ne!(one, two);
    }
}
