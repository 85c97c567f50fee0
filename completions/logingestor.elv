
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
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s; 60s for pipe and run]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Ship one entry: the message given as arguments, or all of stdin'
            cand pipe 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
            cand spool 'See or empty the spool of entries that could not be delivered yet'
            cand run 'Run a command and ship its output as it happens, with entries for its start and end'
            cand check 'Show the settings in effect and where each comes from, and test the connection'
            cand completions 'Print a shell completion script on stdout'
            cand generate-docs 'Write the man pages and shell completions into a directory (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;send'= {
            cand -s 'Component name the entries come from [default: unknown]'
            cand --source 'Component name the entries come from [default: unknown]'
            cand -l 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
            cand --level 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
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
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --no-console 'Do not mirror to the console'
            cand --console 'Mirror to the console even if the config file turns it off'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;pipe'= {
            cand -s 'Component name the entries come from [default: unknown]'
            cand --source 'Component name the entries come from [default: unknown]'
            cand -l 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
            cand --level 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
            cand -t 'Add a tag; repeat it or give a comma-separated list'
            cand --tag 'Add a tag; repeat it or give a comma-separated list'
            cand -m 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --meta 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand -f 'Read this file instead of stdin; repeatable. Files are read in the order given: name a rotated file before the current one (--file app.log.1 --file app.log)'
            cand --file 'Read this file instead of stdin; repeatable. Files are read in the order given: name a rotated file before the current one (--file app.log.1 --file app.log)'
            cand --batch-size 'Send a batch when it holds this many entries [default: 500]'
            cand --batch-bytes 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]'
            cand --flush-interval 'Send a batch once its oldest entry has waited this long [default: 1s]'
            cand --max-buffer 'Most bytes of batches held in memory while the API is failing [default: 64MiB]'
            cand --when-full 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]'
            cand --shutdown-timeout 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]'
            cand --concurrency 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]'
            cand --concurrency-max 'The most requests in flight with --concurrency auto [default: 64]'
            cand --format 'How to read a line: auto (a JSON object or logfmt line is read as such, anything else as text), text, json or logfmt. A line that is not in the chosen format is read as text [default: auto]'
            cand --force-level 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)'
            cand --timestamp-from-line 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]'
            cand --timezone 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]'
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
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --no-console 'Do not mirror to the console'
            cand --console 'Mirror to the console even if the config file turns it off'
            cand --stats 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput'
            cand -v 'Say more about the run; today: the summary line of --stats'
            cand --verbose 'Say more about the run; today: the summary line of --stats'
            cand --no-progress 'Never show the progress bar, which is otherwise shown while files are read with stderr on a terminal (and stdout not mirrored to it)'
            cand --no-detect 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;spool'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
            cand purge 'Delete the entries waiting in the spool (except those being sent right now)'
            cand flush 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;spool;status'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --json 'Print one JSON object instead of a table'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;spool;purge'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --dead-letters 'Delete the dead-letter file too'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;spool;flush'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;spool;help'= {
            cand status 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
            cand purge 'Delete the entries waiting in the spool (except those being sent right now)'
            cand flush 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;spool;help;status'= {
        }
        &'logingestor;spool;help;purge'= {
        }
        &'logingestor;spool;help;flush'= {
        }
        &'logingestor;spool;help;help'= {
        }
        &'logingestor;run'= {
            cand -s 'Component name the entries come from [default: the command''s file name]'
            cand --source 'Component name the entries come from [default: the command''s file name]'
            cand -l 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
            cand --level 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]'
            cand -t 'Add a tag; repeat it or give a comma-separated list'
            cand --tag 'Add a tag; repeat it or give a comma-separated list'
            cand -m 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --meta 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable'
            cand --stderr-level 'Level of the lines the command writes to stderr [default: warn]. --level is the level of its stdout lines'
            cand --format 'How to read a line: auto (a JSON object or logfmt line is read as such, anything else as text), text, json or logfmt. A line that is not in the chosen format is read as text [default: auto]'
            cand --force-level 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)'
            cand --timestamp-from-line 'Take an entry''s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]'
            cand --timezone 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]'
            cand --multiline 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]'
            cand --multiline-max-lines 'Most lines in one multi-line entry; more start a new entry [default: 500]'
            cand --multiline-timeout 'Close a multi-line entry after this long without a new line [default: 200ms]'
            cand --batch-size 'Send a batch when it holds this many entries [default: 500]'
            cand --batch-bytes 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]'
            cand --flush-interval 'Send a batch once its oldest entry has waited this long [default: 1s]'
            cand --max-buffer 'Most bytes of batches held in memory while the API is failing [default: 64MiB]'
            cand --when-full 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]'
            cand --shutdown-timeout 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]'
            cand --concurrency 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]'
            cand --concurrency-max 'The most requests in flight with --concurrency auto [default: 64]'
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --no-console 'Do not mirror to the console'
            cand --console 'Mirror to the console even if the config file turns it off'
            cand --no-lifecycle 'Do not ship the "started" and "exited with status N" entries'
            cand --no-detect 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
            cand --stats 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput'
            cand -v 'Say more about the run; today: the summary line of --stats'
            cand --verbose 'Say more about the run; today: the summary line of --stats'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;check'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --send-test 'Also ship one DEBUG entry and show the id the API gave it'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;completions'= {
            cand --config 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]'
            cand --api-key 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment'
            cand --api-key-file 'Read the API key from this file'
            cand --project 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]'
            cand --url 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]'
            cand --ca-file 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]'
            cand --timeout 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]'
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
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
            cand --retry-for 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]'
            cand --compress 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]'
            cand --spool-dir 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]'
            cand --spool-max 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]'
            cand --allow-http 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
            cand --dry-run 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
            cand --no-spool 'Keep no spool: entries that cannot be delivered are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'logingestor;help'= {
            cand send 'Ship one entry: the message given as arguments, or all of stdin'
            cand pipe 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
            cand spool 'See or empty the spool of entries that could not be delivered yet'
            cand run 'Run a command and ship its output as it happens, with entries for its start and end'
            cand check 'Show the settings in effect and where each comes from, and test the connection'
            cand completions 'Print a shell completion script on stdout'
            cand generate-docs 'Write the man pages and shell completions into a directory (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'logingestor;help;send'= {
        }
        &'logingestor;help;pipe'= {
        }
        &'logingestor;help;spool'= {
            cand status 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
            cand purge 'Delete the entries waiting in the spool (except those being sent right now)'
            cand flush 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
        }
        &'logingestor;help;spool;status'= {
        }
        &'logingestor;help;spool;purge'= {
        }
        &'logingestor;help;spool;flush'= {
        }
        &'logingestor;help;run'= {
        }
        &'logingestor;help;check'= {
        }
        &'logingestor;help;completions'= {
        }
        &'logingestor;help;generate-docs'= {
        }
        &'logingestor;help;help'= {
        }
    ]
    $completions[$command]
}
