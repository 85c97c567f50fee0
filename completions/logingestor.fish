# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_logingestor_global_optspecs
    string join \n config= api-key= api-key-file= project= url= ca-file= timeout= retry-for= compress= allow-http dry-run spool-dir= spool-max= no-spool h/help V/version
end

function __fish_logingestor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_logingestor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_logingestor_using_subcommand
    set -l cmd (__fish_logingestor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c logingestor -n "__fish_logingestor_needs_command" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_needs_command" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_needs_command" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_needs_command" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s; 60s for pipe and run]' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_needs_command" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_needs_command" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_needs_command" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_needs_command" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_needs_command" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_needs_command" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "send" -d 'Ship one entry: the message given as arguments, or all of stdin'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "pipe" -d 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "follow" -d 'Ship the lines appended to log files, each once, across rotation and runs'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "spool" -d 'See or empty the spool of entries that could not be delivered yet'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "run" -d 'Run a command and ship its output as it happens, with entries for its start and end'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "check" -d 'Show the settings in effect and where each comes from, and test the connection'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "generate-docs" -d 'Write the man pages and shell completions into a directory (for maintainers)'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s s -l source -d 'Component name the entries come from [default: unknown]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s l -l level -d 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s t -l tag -d 'Add a tag; repeat it or give a comma-separated list' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s m -l meta -d 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l timestamp -d 'The entry\'s time, RFC 3339 (2026-04-07T09:41:03Z) [default: now]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s s -l source -d 'Component name the entries come from [default: unknown]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s l -l level -d 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s t -l tag -d 'Add a tag; repeat it or give a comma-separated list' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s m -l meta -d 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s f -l file -d 'Read this file instead of stdin; repeatable. Files are read in the order given: name a rotated file before the current one (--file app.log.1 --file app.log)' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l batch-size -d 'Send a batch when it holds this many entries [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l batch-bytes -d 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l flush-interval -d 'Send a batch once its oldest entry has waited this long [default: 1s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l max-buffer -d 'Most bytes of batches held in memory while the API is failing [default: 64MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l when-full -d 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]' -r -f -a "block\t'Wait: the writer of our input is slowed down (backpressure)'
drop\t'Drop the batch, counting its entries'
spool\t'Write the batch to the spool and keep reading'"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l shutdown-timeout -d 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l concurrency -d 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l concurrency-max -d 'The most requests in flight with --concurrency auto [default: 16]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l format -d 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]' -r -f -a "auto\t'JSON objects and logfmt where a line is one, plain text otherwise'
text\t'Plain text only'
json\t'JSON objects; other lines as text'
logfmt\t'logfmt; other lines as text'
access\t'Web server access logs: common/combined (and their usual extensions) and JSON access records; other lines as text'"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l force-level -d 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timestamp-from-line -d 'Take an entry\'s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]' -r -f -a "true\t''
false\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timezone -d 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline -d 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline-max-lines -d 'Most lines in one multi-line entry; more start a new entry [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline-timeout -d 'Close a multi-line entry after this long without a new line [default: 200ms]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l redact -d 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]' -r -f -a "on\t''
off\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l redact-pattern -d 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l min-level -d 'Ship only entries at this level or above; the console mirror still shows every line' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l include -d 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l exclude -d 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l max-rate -d 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l stats -d 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s v -l verbose -d 'Say more about the run; today: the summary line of --stats'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-progress -d 'Never show the progress bar, which is otherwise shown while files are read with stderr on a terminal (and stdout not mirrored to it)'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-detect -d 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s s -l source -d 'Component name the entries come from [default: unknown]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s l -l level -d 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s t -l tag -d 'Add a tag; repeat it or give a comma-separated list' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s m -l meta -d 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l from -d 'Where a file with no saved position is read from the first time a PATH names it: its end (only later lines are shipped) or its start [default: end]' -r -f -a "end\t'Its end: only lines written later are shipped'
start\t'Its start: all of it is shipped'"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l positions -d 'Keep the positions in this file [default: $XDG_STATE_HOME/logingestor/positions/NAME.json, NAME made from the PATHs]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l batch-size -d 'Send a batch when it holds this many entries [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l batch-bytes -d 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l flush-interval -d 'Send a batch once its oldest entry has waited this long [default: 1s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l max-buffer -d 'Most bytes of batches held in memory while the API is failing [default: 64MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l when-full -d 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]' -r -f -a "block\t'Wait: the writer of our input is slowed down (backpressure)'
drop\t'Drop the batch, counting its entries'
spool\t'Write the batch to the spool and keep reading'"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l shutdown-timeout -d 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l concurrency -d 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l concurrency-max -d 'The most requests in flight with --concurrency auto [default: 16]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l format -d 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]' -r -f -a "auto\t'JSON objects and logfmt where a line is one, plain text otherwise'
text\t'Plain text only'
json\t'JSON objects; other lines as text'
logfmt\t'logfmt; other lines as text'
access\t'Web server access logs: common/combined (and their usual extensions) and JSON access records; other lines as text'"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l force-level -d 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l timestamp-from-line -d 'Take an entry\'s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]' -r -f -a "true\t''
false\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l timezone -d 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l multiline -d 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l multiline-max-lines -d 'Most lines in one multi-line entry; more start a new entry [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l multiline-timeout -d 'Close a multi-line entry after this long without a new line [default: 200ms]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l redact -d 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]' -r -f -a "on\t''
off\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l redact-pattern -d 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l min-level -d 'Ship only entries at this level or above; the console mirror still shows every line' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l include -d 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l exclude -d 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l max-rate -d 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l once -d 'Read every file from its saved position to its end, ship, save the positions and exit (for cron), instead of following the files as they grow'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l stats -d 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s v -l verbose -d 'Say more about the run; today: the summary line of --stats'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l no-detect -d 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand follow" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -f -a "status" -d 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -f -a "purge" -d 'Delete the entries waiting in the spool (except those being sent right now)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -f -a "flush" -d 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and not __fish_seen_subcommand_from status purge flush help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON object instead of a table'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l dead-letters -d 'Delete the dead-letter file too'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from flush" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Delete the entries waiting in the spool (except those being sent right now)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from help" -f -a "flush" -d 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
complete -c logingestor -n "__fish_logingestor_using_subcommand spool; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s s -l source -d 'Component name the entries come from [default: the command\'s file name]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s l -l level -d 'Level: debug, info, warn or error, in any case, or another name for one such as warning or crit [default: info]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s t -l tag -d 'Add a tag; repeat it or give a comma-separated list' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s m -l meta -d 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l stderr-level -d 'Level of the lines the command writes to stderr [default: warn]. --level is the level of its stdout lines' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l format -d 'How to read a line: auto (a JSON object, logfmt or access-log line is read as such, anything else as text), text, json, logfmt or access (web server access logs). A line that is not in the chosen format is read as text [default: auto]' -r -f -a "auto\t'JSON objects and logfmt where a line is one, plain text otherwise'
text\t'Plain text only'
json\t'JSON objects; other lines as text'
logfmt\t'logfmt; other lines as text'
access\t'Web server access logs: common/combined (and their usual extensions) and JSON access records; other lines as text'"
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l force-level -d 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l timestamp-from-line -d 'Take an entry\'s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]' -r -f -a "true\t''
false\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l timezone -d 'The zone of line timestamps written without one: UTC, local, an offset such as +02:00 or a zone name such as Europe/Berlin [default: local]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l multiline -d 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l multiline-max-lines -d 'Most lines in one multi-line entry; more start a new entry [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l multiline-timeout -d 'Close a multi-line entry after this long without a new line [default: 200ms]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l redact -d 'on: mask passwords, tokens, keys, card numbers and other secrets in every entry before it is spooled or sent (see the README); off: only the configured API key, which is always masked [default: on]' -r -f -a "on\t''
off\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l redact-pattern -d 'Also mask what REGEX matches (its capture groups only, if it has any); repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l min-level -d 'Ship only entries at this level or above; the console mirror still shows every line' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l include -d 'Ship only entries whose message (after multi-line joining) matches REGEX, or one of them when repeated' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l exclude -d 'Do not ship entries whose message (after multi-line joining) matches REGEX; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l max-rate -d 'Ship at most N entries per second (N/s), minute (N/m) or hour (N/h), with a budget as large again for WARN and ERROR; one summary entry per interval counts what was held back' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l batch-size -d 'Send a batch when it holds this many entries [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l batch-bytes -d 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l flush-interval -d 'Send a batch once its oldest entry has waited this long [default: 1s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l max-buffer -d 'Most bytes of batches held in memory while the API is failing [default: 64MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l when-full -d 'When the buffer is full: block the writer, drop entries (counted), or spool them to disk and keep reading [default: block]' -r -f -a "block\t'Wait: the writer of our input is slowed down (backpressure)'
drop\t'Drop the batch, counting its entries'
spool\t'Write the batch to the spool and keep reading'"
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l shutdown-timeout -d 'After SIGINT or SIGTERM, how long to keep sending what is buffered before spooling the rest [default: 5s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l concurrency -d 'Requests in flight at once: a number (1 keeps entries in strict order), or auto to adapt to what the server sustains [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l concurrency-max -d 'The most requests in flight with --concurrency auto [default: 16]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 60s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l no-lifecycle -d 'Do not ship the "started" and "exited with status N" entries'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l no-detect -d 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l stats -d 'At exit, print one summary line on stderr: entries read, entries sent, batches, retries, spooled, dropped, elapsed time and throughput'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s v -l verbose -d 'Say more about the run; today: the summary line of --stats'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand run" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l send-test -d 'Also ship one DEBUG entry and show the id the API gave it'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand check" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand completions" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l retry-for -d 'Give up retrying a batch after this long and spool it, e.g. 30s [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l compress -d 'Compress request bodies: gzip (Content-Encoding: gzip, fast level; turned off for the run, with a warning, if the server refuses it) or none [default: none]' -r -f -a "none\t'As they are'
gzip\t'Gzip, at the fastest level'"
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l spool-dir -d 'Keep entries that cannot be delivered yet in this directory [env: LOGINGESTOR_SPOOL_DIR] [default: $XDG_STATE_HOME/logingestor/spool, else ~/.local/state/logingestor/spool]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l spool-max -d 'Largest size of the spool, e.g. 64MiB; past it the oldest entries are dropped, with a warning [default: 256MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l allow-http -d 'Allow plain http:// to a host other than this machine (the key then crosses the network unencrypted)'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l no-spool -d 'Keep no spool: entries that cannot be delivered are lost'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "send" -d 'Ship one entry: the message given as arguments, or all of stdin'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "pipe" -d 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "follow" -d 'Ship the lines appended to log files, each once, across rotation and runs'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "spool" -d 'See or empty the spool of entries that could not be delivered yet'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "run" -d 'Run a command and ship its output as it happens, with entries for its start and end'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "check" -d 'Show the settings in effect and where each comes from, and test the connection'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "generate-docs" -d 'Write the man pages and shell completions into a directory (for maintainers)'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe follow spool run check completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and __fish_seen_subcommand_from spool" -f -a "status" -d 'Show the entries waiting in the spool, the age of the oldest, and the dead letters'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and __fish_seen_subcommand_from spool" -f -a "purge" -d 'Delete the entries waiting in the spool (except those being sent right now)'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and __fish_seen_subcommand_from spool" -f -a "flush" -d 'Send the entries waiting in the spool now, oldest first, until it is empty or the API fails (each request retried within --retry-for)'
