//! `logingestor generate-docs DIR`: writes the man pages and shell completions
//! from the clap definitions, so that they never drift from `--help`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

use crate::cli::{Cli, GenerateDocsArgs};

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
    let mut command = Cli::command();
    command.build();

    let mut page = Vec::new();
    let man = Man::new(command.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    page.extend_from_slice(extra_sections().render().as_bytes());
    man.render_version_section(&mut page)?;
    files.push((PathBuf::from("man/logingestor.1"), page));

    subcommand_pages(&command, "logingestor", &mut files)?;

    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command.clone(), "logingestor", &mut script);
        let file_name = match shell {
            Shell::Bash => "logingestor.bash",
            Shell::Zsh => "_logingestor",
            Shell::Fish => "logingestor.fish",
            Shell::Elvish => "logingestor.elv",
            _ => "_logingestor.ps1",
        };
        files.push((Path::new("completions").join(file_name), script));
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
        let mut page = Vec::new();
        Man::new(sub.clone().name(name.clone()).bin_name(bin_name.clone())).render(&mut page)?;
        files.push((Path::new("man").join(format!("{name}.1")), page));
        subcommand_pages(sub, &bin_name, files)?;
    }
    Ok(())
}

/// ENVIRONMENT, FILES and EXAMPLES, written for people.
fn extra_sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        ("STREAMLOGIA_API_KEY", "The API key (an ingest key, ls_app_live_...). LOGINGESTOR_API_KEY is read when it is unset."),
        ("STREAMLOGIA_PROJECT_ID", "The project id. LOGINGESTOR_PROJECT_ID is read when it is unset."),
        ("STREAMLOGIA_API_URL", "The base URL of a self-hosted installation."),
        ("STREAMLOGIA_CA_FILE", "A PEM bundle; its certificates alone are trusted."),
        ("LOGINGESTOR_CONFIG", "The config file to read instead of the default one."),
        ("LOGINGESTOR_SPOOL_DIR", "The spool directory, where entries that could not be delivered yet wait."),
        ("XDG_STATE_HOME", "The spool is $XDG_STATE_HOME/logingestor/spool unless named otherwise (~/.local/state/logingestor/spool when unset)."),
        ("HTTPS_PROXY, NO_PROXY", "Proxy settings, honoured for requests to the API."),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([italic("$XDG_CONFIG_HOME/logingestor/config.toml")]);
    roff.text([roman(
        "The config file (~/.config/logingestor/config.toml when XDG_CONFIG_HOME is unset). \
         Keys: api_key, api_key_file, project_id, url, ca_file, timeout, source, level, tag, meta, \
         console, batch_size, batch_bytes, flush_interval, spool, spool_dir, spool_max. Flags and \
         the environment override it.",
    )]);
    roff.control("TP", []);
    roff.text([italic("$XDG_STATE_HOME/logingestor/spool/")]);
    roff.text([roman(
        "The spool (~/.local/state/logingestor/spool when XDG_STATE_HOME is unset): seg-*.ndjson \
         segments of entries waiting for delivery, one JSON entry per line, oldest first; \
         dead-letter.ndjson, entries the API refused as invalid, with the reason; and *.corrupt, \
         segments set aside because a line in them is not a JSON object.",
    )]);
    roff.control("SH", ["EXAMPLES"]);
    for (what, example) in [
        (
            "Ship a service's output, still printing it:",
            "myapp 2>&1 | logingestor pipe --source my-service",
        ),
        (
            "Ship one entry from a script:",
            "logingestor send --level error \"backup failed: disk full\"",
        ),
        (
            "Ship a command's output as one entry:",
            "df -h | logingestor send --level warn -",
        ),
        (
            "See what waits in the spool, then throw it away:",
            "logingestor spool status && logingestor spool purge",
        ),
        (
            "Try it without a key or network:",
            "echo hello | logingestor pipe --dry-run",
        ),
    ] {
        roff.control("TP", []);
        roff.text([roman(what)]);
        roff.control("EX", []);
        roff.text([roman(example)]);
        roff.control("EE", []);
    }
    roff
}
