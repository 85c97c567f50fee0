
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'logingestor' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'logingestor'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'logingestor' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Ship one entry: the message given as arguments, or all of stdin')
            [CompletionResult]::new('pipe', 'pipe', [CompletionResultType]::ParameterValue, 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write the man pages and shell completions into a directory (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logingestor;send' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The entry''s time, RFC 3339 (2026-04-07T09:41:03Z) [default: now]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;pipe' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read this file instead of stdin; repeatable, read in order')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read this file instead of stdin; repeatable, read in order')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Send a batch when it holds this many entries [default: 500]')
            [CompletionResult]::new('--batch-bytes', '--batch-bytes', [CompletionResultType]::ParameterName, 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]')
            [CompletionResult]::new('--flush-interval', '--flush-interval', [CompletionResultType]::ParameterName, 'Send a batch once its oldest entry has waited this long [default: 1s]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to read a line: auto (a JSON object or logfmt line is read as such, anything else as text), text, json or logfmt. A line that is not in the chosen format is read as text [default: auto]')
            [CompletionResult]::new('--force-level', '--force-level', [CompletionResultType]::ParameterName, 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)')
            [CompletionResult]::new('--timestamp-from-line', '--timestamp-from-line', [CompletionResultType]::ParameterName, 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'The zone of line timestamps written without one: UTC, local or an offset such as +02:00 [default: local]')
            [CompletionResult]::new('--multiline', '--multiline', [CompletionResultType]::ParameterName, 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]')
            [CompletionResult]::new('--multiline-max-lines', '--multiline-max-lines', [CompletionResultType]::ParameterName, 'Most lines in one multi-line entry; more start a new entry [default: 500]')
            [CompletionResult]::new('--multiline-timeout', '--multiline-timeout', [CompletionResultType]::ParameterName, 'Close a multi-line entry after this long without a new line [default: 200ms]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--no-detect', '--no-detect', [CompletionResultType]::ParameterName, 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;generate-docs' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Ship one entry: the message given as arguments, or all of stdin')
            [CompletionResult]::new('pipe', 'pipe', [CompletionResultType]::ParameterValue, 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write the man pages and shell completions into a directory (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logingestor;help;send' {
            break
        }
        'logingestor;help;pipe' {
            break
        }
        'logingestor;help;generate-docs' {
            break
        }
        'logingestor;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
