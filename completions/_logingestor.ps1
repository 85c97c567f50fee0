
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
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s; 60s for pipe and run]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Ship one entry: the message given as arguments, or all of stdin')
            [CompletionResult]::new('pipe', 'pipe', [CompletionResultType]::ParameterValue, 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout')
            [CompletionResult]::new('follow', 'follow', [CompletionResultType]::ParameterValue, 'Ship the lines appended to log files, each once, across rotation and runs')
            [CompletionResult]::new('spool', 'spool', [CompletionResultType]::ParameterValue, 'See or empty the spool of entries that could not be delivered yet')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command and ship its output as it happens, with entries for its start and end')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each comes from, and test the connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write the man pages and shell completions into a directory (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logingestor;send' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
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
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;pipe' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read this file instead of stdin; repeatable. Files are read in the order given: name a rotated file before the current one (--file app.log.1 --file app.log)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read this file instead of stdin; repeatable. Files are read in the order given: name a rotated file before the current one (--file app.log.1 --file app.log)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Send a batch when it holds this many entries [default: 500]')
            [CompletionResult]::new('--batch-bytes', '--batch-bytes', [CompletionResultType]::ParameterName, 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]')
            [CompletionResult]::new('--flush-interval', '--flush-interval', [CompletionResultType]::ParameterName, 'Send a batch once its oldest entry has waited this long [default: 1s]')
            [CompletionResult]::new('--max-buffer', '--max-buffer', [CompletionResultType]::ParameterName, 'Most bytes of batches held in memory while the API is failing [default: 64MiB]')
            [CompletionResult]::new('--when-full', '--when-full', [CompletionResultType]::ParameterName, 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]')
            [CompletionResult]::new('--concurrency-max', '--concurrency-max', [CompletionResultType]::ParameterName, 'The most requests in flight with --concurrency auto [default: 16]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]')
            [CompletionResult]::new('--force-level', '--force-level', [CompletionResultType]::ParameterName, 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)')
            [CompletionResult]::new('--timestamp-from-line', '--timestamp-from-line', [CompletionResultType]::ParameterName, 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]')
            [CompletionResult]::new('--multiline', '--multiline', [CompletionResultType]::ParameterName, 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]')
            [CompletionResult]::new('--multiline-max-lines', '--multiline-max-lines', [CompletionResultType]::ParameterName, 'Most lines in one multi-line entry; more start a new entry [default: 500]')
            [CompletionResult]::new('--multiline-timeout', '--multiline-timeout', [CompletionResultType]::ParameterName, 'Close a multi-line entry after this long without a new line [default: 200ms]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]')
            [CompletionResult]::new('--redact-pattern', '--redact-pattern', [CompletionResultType]::ParameterName, 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable')
            [CompletionResult]::new('--min-level', '--min-level', [CompletionResultType]::ParameterName, 'Ship only entries at this level or above; the console mirror still shows every line')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show the progress bar, which is otherwise shown while files are read with stderr on a terminal (and stdout not mirrored to it)')
            [CompletionResult]::new('--no-detect', '--no-detect', [CompletionResultType]::ParameterName, 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;follow' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: unknown]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Where a file with no saved position is read from the first time a PATH names it: its end (only later lines are shipped) or its start [default: end]')
            [CompletionResult]::new('--positions', '--positions', [CompletionResultType]::ParameterName, 'Keep the positions in this file [default: $XDG_STATE_HOME/logingestor/positions/NAME.json, NAME made from the PATHs]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Send a batch when it holds this many entries [default: 500]')
            [CompletionResult]::new('--batch-bytes', '--batch-bytes', [CompletionResultType]::ParameterName, 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]')
            [CompletionResult]::new('--flush-interval', '--flush-interval', [CompletionResultType]::ParameterName, 'Send a batch once its oldest entry has waited this long [default: 1s]')
            [CompletionResult]::new('--max-buffer', '--max-buffer', [CompletionResultType]::ParameterName, 'Most bytes of batches held in memory while the API is failing [default: 64MiB]')
            [CompletionResult]::new('--when-full', '--when-full', [CompletionResultType]::ParameterName, 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]')
            [CompletionResult]::new('--concurrency-max', '--concurrency-max', [CompletionResultType]::ParameterName, 'The most requests in flight with --concurrency auto [default: 16]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]')
            [CompletionResult]::new('--force-level', '--force-level', [CompletionResultType]::ParameterName, 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)')
            [CompletionResult]::new('--timestamp-from-line', '--timestamp-from-line', [CompletionResultType]::ParameterName, 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]')
            [CompletionResult]::new('--multiline', '--multiline', [CompletionResultType]::ParameterName, 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]')
            [CompletionResult]::new('--multiline-max-lines', '--multiline-max-lines', [CompletionResultType]::ParameterName, 'Most lines in one multi-line entry; more start a new entry [default: 500]')
            [CompletionResult]::new('--multiline-timeout', '--multiline-timeout', [CompletionResultType]::ParameterName, 'Close a multi-line entry after this long without a new line [default: 200ms]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]')
            [CompletionResult]::new('--redact-pattern', '--redact-pattern', [CompletionResultType]::ParameterName, 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable')
            [CompletionResult]::new('--min-level', '--min-level', [CompletionResultType]::ParameterName, 'Ship only entries at this level or above; the console mirror still shows every line')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Read every file from its saved position to its end, ship, save the positions and exit (for cron), instead of following the files as they grow')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--no-detect', '--no-detect', [CompletionResultType]::ParameterName, 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;spool' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the entries waiting in the spool, the age of the oldest, and the dead letters')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete the entries waiting in the spool (except those being sent right now)')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logingestor;spool;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of a table')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;spool;purge' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--dead-letters', '--dead-letters', [CompletionResultType]::ParameterName, 'Delete the dead-letter file too')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;spool;flush' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;spool;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the entries waiting in the spool, the age of the oldest, and the dead letters')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete the entries waiting in the spool (except those being sent right now)')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'logingestor;spool;help;status' {
            break
        }
        'logingestor;spool;help;purge' {
            break
        }
        'logingestor;spool;help;flush' {
            break
        }
        'logingestor;spool;help;help' {
            break
        }
        'logingestor;run' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: the command''s file name]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Component name the entries come from [default: the command''s file name]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Add a tag; repeat it or give a comma-separated list')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable')
            [CompletionResult]::new('--stderr-level', '--stderr-level', [CompletionResultType]::ParameterName, 'Level of the lines the command writes to stderr [default: warn]. --level is the level of its stdout lines')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]')
            [CompletionResult]::new('--force-level', '--force-level', [CompletionResultType]::ParameterName, 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)')
            [CompletionResult]::new('--timestamp-from-line', '--timestamp-from-line', [CompletionResultType]::ParameterName, 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]')
            [CompletionResult]::new('--multiline', '--multiline', [CompletionResultType]::ParameterName, 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]')
            [CompletionResult]::new('--multiline-max-lines', '--multiline-max-lines', [CompletionResultType]::ParameterName, 'Most lines in one multi-line entry; more start a new entry [default: 500]')
            [CompletionResult]::new('--multiline-timeout', '--multiline-timeout', [CompletionResultType]::ParameterName, 'Close a multi-line entry after this long without a new line [default: 200ms]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]')
            [CompletionResult]::new('--redact-pattern', '--redact-pattern', [CompletionResultType]::ParameterName, 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable')
            [CompletionResult]::new('--min-level', '--min-level', [CompletionResultType]::ParameterName, 'Ship only entries at this level or above; the console mirror still shows every line')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Send a batch when it holds this many entries [default: 500]')
            [CompletionResult]::new('--batch-bytes', '--batch-bytes', [CompletionResultType]::ParameterName, 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]')
            [CompletionResult]::new('--flush-interval', '--flush-interval', [CompletionResultType]::ParameterName, 'Send a batch once its oldest entry has waited this long [default: 1s]')
            [CompletionResult]::new('--max-buffer', '--max-buffer', [CompletionResultType]::ParameterName, 'Most bytes of batches held in memory while the API is failing [default: 64MiB]')
            [CompletionResult]::new('--when-full', '--when-full', [CompletionResultType]::ParameterName, 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]')
            [CompletionResult]::new('--concurrency-max', '--concurrency-max', [CompletionResultType]::ParameterName, 'The most requests in flight with --concurrency auto [default: 16]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--no-console', '--no-console', [CompletionResultType]::ParameterName, 'Do not mirror to the console')
            [CompletionResult]::new('--console', '--console', [CompletionResultType]::ParameterName, 'Mirror to the console even if the config file turns it off')
            [CompletionResult]::new('--no-lifecycle', '--no-lifecycle', [CompletionResultType]::ParameterName, 'Do not ship the "started" and "exited with status N" entries')
            [CompletionResult]::new('--no-detect', '--no-detect', [CompletionResultType]::ParameterName, 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about the run; today: the summary line of --stats')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;check' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--send-test', '--send-test', [CompletionResultType]::ParameterName, 'Also ship one DEBUG entry and show the id the API gave it')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]')
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
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
            [CompletionResult]::new('--retry-for', '--retry-for', [CompletionResultType]::ParameterName, 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]')
            [CompletionResult]::new('--spool-dir', '--spool-dir', [CompletionResultType]::ParameterName, 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]')
            [CompletionResult]::new('--spool-max', '--spool-max', [CompletionResultType]::ParameterName, 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network')
            [CompletionResult]::new('--no-spool', '--no-spool', [CompletionResultType]::ParameterName, 'Keep no spool: entries that cannot be delivered are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'logingestor;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Ship one entry: the message given as arguments, or all of stdin')
            [CompletionResult]::new('pipe', 'pipe', [CompletionResultType]::ParameterValue, 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout')
            [CompletionResult]::new('follow', 'follow', [CompletionResultType]::ParameterValue, 'Ship the lines appended to log files, each once, across rotation and runs')
            [CompletionResult]::new('spool', 'spool', [CompletionResultType]::ParameterValue, 'See or empty the spool of entries that could not be delivered yet')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command and ship its output as it happens, with entries for its start and end')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each comes from, and test the connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
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
        'logingestor;help;follow' {
            break
        }
        'logingestor;help;spool' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the entries waiting in the spool, the age of the oldest, and the dead letters')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete the entries waiting in the spool (except those being sent right now)')
            [CompletionResult]::new('flush', 'flush', [CompletionResultType]::ParameterValue, 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)')
            break
        }
        'logingestor;help;spool;status' {
            break
        }
        'logingestor;help;spool;purge' {
            break
        }
        'logingestor;help;spool;flush' {
            break
        }
        'logingestor;help;run' {
            break
        }
        'logingestor;help;check' {
            break
        }
        'logingestor;help;completions' {
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
