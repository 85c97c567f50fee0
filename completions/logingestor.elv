
use builtin;
use str;

set edit:completion:arg-completer[logingestor] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'logingestor'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'logingestor'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Ship one entry: the message given as arguments, or all of stdin'
            cand pipe 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
            cand generate-docs 'Write the man pages and shell completions into a directory (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;send'= {
            cand -s 'Component name the entries come from [default: unknown]'
            cand --source 'Component name the entries come from [default: unknown]'
            cand -l 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]'
            cand --level 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]'
            cand -t 'Add a tag; repeat it or give a comma-separated list'
            cand --tag 'Add a tag; repeat it or give a comma-separated list'
            cand -m 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --meta 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --timestamp 'The entry''s time, RFC 3339 (2026-04-07T09:41:03Z) [default: now]'
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --no-console 'Do not mirror to the console'
            cand --console 'Mirror to the console even if the config file turns it off'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;pipe'= {
            cand -s 'Component name the entries come from [default: unknown]'
            cand --source 'Component name the entries come from [default: unknown]'
            cand -l 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]'
            cand --level 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]'
            cand -t 'Add a tag; repeat it or give a comma-separated list'
            cand --tag 'Add a tag; repeat it or give a comma-separated list'
            cand -m 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --meta 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand -f 'Read this file instead of stdin; repeatable, read in order'
            cand --file 'Read this file instead of stdin; repeatable, read in order'
            cand --batch-size 'Send a batch when it holds this many entries [default: 500]'
            cand --batch-bytes 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]'
            cand --flush-interval 'Send a batch once its oldest entry has waited this long [default: 1s]'
            cand --format 'How to read a line: auto (a JSON object or logfmt line is read as such, anything else as text), text, json or logfmt. A line that is not in the chosen format is read as text [default: auto]'
            cand --force-level 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)'
            cand --timestamp-from-line 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]'
            cand --timezone 'The zone of line timestamps written without one: UTC, local or an offset such as +02:00 [default: local]'
            cand --multiline 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]'
            cand --multiline-max-lines 'Most lines in one multi-line entry; more start a new entry [default: 500]'
            cand --multiline-timeout 'Close a multi-line entry after this long without a new line [default: 200ms]'
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --no-console 'Do not mirror to the console'
            cand --console 'Mirror to the console even if the config file turns it off'
            cand --no-detect 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;generate-docs'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;help'= {
            cand send 'Ship one entry: the message given as arguments, or all of stdin'
            cand pipe 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
            cand generate-docs 'Write the man pages and shell completions into a directory (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;help;send'= {
        }
        &'logingestor;help;pipe'= {
        }
        &'logingestor;help;generate-docs'= {
        }
        &'logingestor;help;help'= {
        }
    ]
    $completions[$command]
}
