//! `logingestor generate-docs DIR`: writes the man pages and shell completions
//! from the clap definitions, so that they never drift from `--help`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

use crate::cli::{self, GenerateDocsArgs};
use crate::commands::completions::{self, file_name, SHELLS};
use crate::config::file as config_file;
use crate::output::exit_code::ExitCode;

/// Writes every generated file under `args.out_dir`.
pub fn run(args: &GenerateDocsArgs) -> anyhow::Result<()> {
    for (relative_path, contents) in render_all()? {
        let path = args.out_dir.join(&relative_path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Every generated file: its path relative to the repository root, and contents.
pub fn render_all() -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    // No `help` subcommand here: it has no page of its own to refer to.
    let mut command = cli::command().disable_help_subcommand(true);
    command.build();

    let mut page = Vec::new();
    let man = Man::new(command.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    page.extend_from_slice(extra_sections(None).render().as_bytes());
    man.render_version_section(&mut page)?;
    files.push((PathBuf::from("man/logingestor.1"), ascii_roff(&page)));

    subcommand_pages(&command, "logingestor", &mut files)?;

    for shell in SHELLS {
        files.push((
            Path::new("completions").join(file_name(shell)),
            completions::script(shell),
        ));
    }
    Ok(files)
}

/// A man page for each visible subcommand of `parent` (named e.g.
/// `logingestor-spool-status.1`), and for theirs in turn.
fn subcommand_pages(
    parent: &clap::Command,
    parent_bin: &str,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) -> anyhow::Result<()> {
    for sub in parent
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        let bin_name = format!("{parent_bin} {}", sub.get_name());
        let name = bin_name.replace(' ', "-");
        let page_key = name.trim_start_matches("logingestor-").to_owned();
        let mut page = Vec::new();
        let man = Man::new(sub.clone().name(name.clone()).bin_name(bin_name.clone()));
        man.render_title(&mut page)?;
        man.render_name_section(&mut page)?;
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
        man.render_subcommands_section(&mut page)?;
        page.extend_from_slice(extra_sections(Some(&page_key)).render().as_bytes());
        man.render_version_section(&mut page)?;
        files.push((
            Path::new("man").join(format!("{name}.1")),
            ascii_roff(&page),
        ));
        subcommand_pages(sub, &bin_name, files)?;
    }
    Ok(())
}

/// `the API was unreachable` as a sentence of a man page: `The API was
/// unreachable.`, without the README's backquotes.
fn sentence(text: &str) -> String {
    let text = text.replace('`', "");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    }
}

/// A man page with every character beyond ASCII written as a roff escape
/// (`…` as `...`, `—` as `\(em`), which groff reads whatever the locale.
fn ascii_roff(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let escape = match c {
            c if c.is_ascii() => {
                out.push(c);
                continue;
            }
            '…' => "...".to_owned(),
            '—' => "\\(em".to_owned(),
            '–' => "\\(en".to_owned(),
            '×' => "\\(mu".to_owned(),
            '≥' => "\\(>=".to_owned(),
            '≤' => "\\(<=".to_owned(),
            '→' => "\\(->".to_owned(),
            '‘' => "\\(oq".to_owned(),
            '’' => "\\(cq".to_owned(),
            '“' => "\\(lq".to_owned(),
            '”' => "\\(rq".to_owned(),
            other => format!("\\[u{:04X}]", u32::from(other)),
        };
        // A line may not start with a dot: it would be read as a request.
        if escape.starts_with('.') && (out.is_empty() || out.ends_with('\n')) {
            out.push_str("\\&");
        }
        out.push_str(&escape);
    }
    out.into_bytes()
}

/// EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO, written for people:
/// for the main page (`None`) or one subcommand's.
fn extra_sections(subcommand: Option<&str>) -> Roff {
    let mut roff = Roff::new();
    exit_status_section(&mut roff, subcommand);
    // Every page but that of `completions` is about a command that ships.
    let ships = !matches!(subcommand, Some("completions"));
    if ships {
        environment_and_files_sections(&mut roff);
    }
    examples_section(&mut roff, subcommand);
    see_also_section(&mut roff, subcommand);
    roff
}

/// EXIT STATUS: the table of every status, or the statuses of a subcommand
/// that has its own.
fn exit_status_section(roff: &mut Roff, subcommand: Option<&str>) {
    roff.control("SH", ["EXIT STATUS"]);
    let documented: Vec<(String, String)> = ExitCode::DOCUMENTED
        .iter()
        .map(|code| (code.code().to_string(), sentence(code.meaning())))
        .collect();
    let documented: Vec<(&str, &str)> = documented
        .iter()
        .map(|(code, meaning)| (code.as_str(), meaning.as_str()))
        .collect();
    let statuses: &[(&str, &str)] = match subcommand {
        Some("completions") => &[
            ("0", "The script was printed."),
            ("64", "The shell named is not one of bash, zsh, fish, elvish, powershell."),
        ],
        Some("run") => &[
            ("the command's status", "When every entry was delivered, or when the command itself failed: logingestor exits with the command's own status, so cron, systemd and set -e see the job's result as before."),
            ("128+N", "The command was killed by signal N (143 for SIGTERM, 137 for SIGKILL)."),
            ("126, 127", "The command could not be executed (126) or was not found (127)."),
            ("65, 69, 77, 78", "The command succeeded, but its output was not all delivered; the number says why, as for logingestor pipe (see logingestor(1))."),
            ("64, 78", "A usage or configuration error found before starting: the command was not run."),
        ],
        Some("check") => &[
            ("0", "Every check passed; warnings (such as a key that is not an ingest key) do not fail it."),
            ("69", "The API could not be reached, or failed (network error, timeout, 5xx)."),
            ("77", "The test entry of --send-test was refused: the key is revoked, read-only or pinned to another project (401/403)."),
            ("78", "A setting is missing or malformed (key, project id, URL, config file), or there is no Streamlogia API at the URL (404)."),
            ("65", "The test entry was rejected as invalid."),
        ],
        _ => &documented,
    };
    for (status, meaning) in statuses {
        roff.control("TP", []);
        roff.text([bold(*status)]);
        roff.text([roman(*meaning)]);
    }
    if subcommand.is_none() {
        roff.text([roman(
            "logingestor run exits with the status of the command it ran; see logingestor-run(1).",
        )]);
    }
}

/// ENVIRONMENT and FILES, for the pages of the commands that ship.
fn environment_and_files_sections(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        ("STREAMLOGIA_API_KEY", "The API key (an ingest key, ls_app_live_...). LOGINGESTOR_API_KEY is read when it is unset."),
        ("STREAMLOGIA_PROJECT_ID", "The project id. LOGINGESTOR_PROJECT_ID is read when it is unset."),
        ("STREAMLOGIA_API_URL", "The base URL of a self-hosted installation."),
        ("STREAMLOGIA_CA_FILE", "A PEM bundle; its certificates alone are trusted."),
        ("LOGINGESTOR_CONFIG", "The config file to read instead of the default one."),
        ("LOGINGESTOR_SPOOL_DIR", "The spool directory, where entries that could not be delivered yet wait."),
        ("XDG_STATE_HOME", "The spool is $XDG_STATE_HOME/logingestor/spool unless named otherwise (~/.local/state/logingestor/spool when unset)."),
        ("NO_COLOR", "When set to anything, no output is coloured. Colour is only ever used on a terminal."),
        ("HTTPS_PROXY, NO_PROXY", "Proxy settings, honoured for requests to the API."),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }

    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([italic("$XDG_CONFIG_HOME/logingestor/config.toml")]);
    roff.text([roman(format!(
        "The config file (~/.config/logingestor/config.toml when XDG_CONFIG_HOME is unset); \
         --config or LOGINGESTOR_CONFIG name another. Flags and the environment override it. \
         Keys: {}. Cron and systemd start jobs with almost no environment: this file is \
         where their settings belong.",
        config_file::keys().join(", ")
    ))]);
    roff.control("TP", []);
    roff.text([italic("$XDG_STATE_HOME/logingestor/spool/")]);
    roff.text([roman(
        "The spool (~/.local/state/logingestor/spool when XDG_STATE_HOME is unset): seg-*.ndjson \
         segments of entries waiting for delivery, one JSON entry per line, oldest first; \
         dead-letter.ndjson, entries the API refused as invalid, with the reason; and *.corrupt, \
         segments set aside because a line in them is not a JSON object.",
    )]);
    roff.control("TP", []);
    roff.text([italic("$XDG_STATE_HOME/logingestor/positions/")]);
    roff.text([roman(
        "logingestor follow's positions files, one for each set of PATH arguments unless \
         --positions names one: where each followed file (known by device, inode and a \
         fingerprint of its first bytes) was read to, in JSON; FILE.lock, the lock a running \
         follower holds; and FILE.corrupt, a positions file set aside because it could not be read.",
    )]);
}

/// EXAMPLES of the page's command.
fn examples_section(roff: &mut Roff, subcommand: Option<&str>) {
    let examples: &[(&str, &str)] = match subcommand {
        Some("send") => &[
            ("Ship one entry from a script:", "logingestor send --level error \"backup failed: disk full\""),
            ("With tags and typed meta:", "logingestor send -t nightly -m host=db-1 -m attempt:=3 \"retrying\""),
            ("All of stdin as one entry:", "df -h | logingestor send --level warn -"),
            ("In a script where a lost log line must not stop the script:", "log() { logingestor send --source deploy --level \"$1\" -- \"$2\" || true; }"),
        ],
        Some("pipe") => &[
            ("Ship a service's output, still printing it:", "myapp 2>&1 | logingestor pipe --source my-service"),
            ("Ship a log file, with a progress bar on the terminal and a summary at the end:", "logingestor pipe --no-console --stats --file /var/log/app.log"),
            ("Try it without a key or network:", "echo hello | logingestor pipe --dry-run"),
        ],
        Some("follow") => &[
            ("A crontab line: every five minutes, ship what was appended since the last run, rotation or not:", "*/5 * * * * logingestor follow --once --source app /var/log/app.log"),
            ("As a service: follow the files a glob matches as they are written, until SIGTERM:", "ExecStart=/usr/local/bin/logingestor follow --source web '/var/log/web/*.log'"),
            ("All the files a glob matches, the first run shipping them whole:", "logingestor follow --once --from start '/var/log/app/*.log'"),
            ("Keep the positions in a file of your choosing (a second follower on the same file refuses to start):", "logingestor follow --once --positions /var/lib/app/ship.json /var/log/app.log"),
        ],
        Some("run") => &[
            ("A crontab line: the job's output is shipped as it happens, cron still mails what it prints, and the job's status is kept:", "0 3 * * * logingestor run --source backup -- /usr/local/bin/backup.sh"),
            ("Quiet, for jobs whose output is only wanted in Streamlogia:", "logingestor run --no-console -- ./nightly-report.sh"),
            ("In a systemd unit:", "ExecStart=/usr/local/bin/logingestor run --source worker -- /usr/local/bin/worker"),
            ("stderr lines as errors, and a summary at the end:", "logingestor run --stderr-level error --stats -- make deploy"),
        ],
        Some("check") => &[
            ("See which settings are in effect and where each comes from:", "logingestor check"),
            ("Prove the whole path works, as a cron job would see it:", "env -i HOME=$HOME logingestor check --send-test"),
        ],
        Some("completions") => &[
            ("bash:", "logingestor completions bash > ~/.local/share/bash-completion/completions/logingestor"),
            ("zsh (a directory in $fpath):", "logingestor completions zsh > ~/.zfunc/_logingestor"),
            ("fish:", "logingestor completions fish > ~/.config/fish/completions/logingestor.fish"),
        ],
        _ => &[
            ("Ship a service's output, still printing it:", "myapp 2>&1 | logingestor pipe --source my-service"),
            ("Ship one entry from a script:", "logingestor send --level error \"backup failed: disk full\""),
            ("Run a cron job and ship its output, keeping its exit status:", "logingestor run -- /usr/local/bin/backup.sh"),
            ("Check the setup when entries do not arrive:", "logingestor check --send-test"),
            ("See what waits in the spool, send it now, or throw it away:", "logingestor spool status; logingestor spool flush; logingestor spool purge"),
            ("Try it without a key or network:", "echo hello | logingestor pipe --dry-run"),
        ],
    };
    roff.control("SH", ["EXAMPLES"]);
    for (what, example) in examples {
        roff.control("TP", []);
        roff.text([roman(*what)]);
        roff.control("EX", []);
        roff.text([roman(*example)]);
        roff.control("EE", []);
    }
}

/// SEE ALSO: every other page.
fn see_also_section(roff: &mut Roff, subcommand: Option<&str>) {
    roff.control("SH", ["SEE ALSO"]);
    let pages = [
        "logingestor",
        "logingestor-send",
        "logingestor-pipe",
        "logingestor-follow",
        "logingestor-run",
        "logingestor-check",
        "logingestor-completions",
        "logingestor-spool",
    ];
    let current = subcommand.map_or("logingestor".to_owned(), |name| {
        format!("logingestor-{name}")
    });
    let others: Vec<String> = pages
        .iter()
        .filter(|page| **page != current)
        .map(|page| format!("{page}(1)"))
        .collect();
    roff.text([roman(others.join(", "))]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_section_names_every_config_file_key() {
        let roff = extra_sections(Some("pipe")).render();
        let files = roff
            .split(".SH FILES")
            .nth(1)
            .and_then(|rest| rest.split(".SH ").next())
            .expect("a FILES section");
        for key in config_file::keys() {
            assert!(
                files.contains(&format!(" {key},")) || files.contains(&format!(" {key}.")),
                "{key} missing from FILES"
            );
        }
    }

    #[test]
    fn roff_is_written_in_ascii() {
        let roff =
            ascii_roff("a\u{2026} b \u{2014} c \u{d7} \u{2265}1 \u{e9}\n\u{2026}x\n".as_bytes());
        assert_eq!(
            String::from_utf8(roff).unwrap(),
            "a... b \\(em c \\(mu \\(>=1 \\[u00E9]\n\\&...x\n"
        );
    }
}
