# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_logingestor_global_optspecs
    string join \n config= api-key= api-key-file= project= url= ca-file= timeout= dry-run h/help V/version
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
complete -c logingestor -n "__fish_logingestor_needs_command" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_needs_command" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "send" -d 'Ship one entry: the message given as arguments, or all of stdin'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "pipe" -d 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "generate-docs" -d 'Write the man pages and shell completions into a directory (for maintainers)'
complete -c logingestor -n "__fish_logingestor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s s -l source -d 'Component name the entries come from [default: unknown]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s l -l level -d 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]' -r
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
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand send" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s s -l source -d 'Component name the entries come from [default: unknown]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s l -l level -d 'Level: debug, info, warn or error, in any case; also trace, notice, warning, err, fatal, critical [default: info]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s t -l tag -d 'Add a tag; repeat it or give a comma-separated list' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s m -l meta -d 'Add meta: KEY=VALUE for a string, KEY:=JSON for a number, boolean, array or object; repeatable' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s f -l file -d 'Read this file instead of stdin; repeatable, read in order' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l batch-size -d 'Send a batch when it holds this many entries [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l batch-bytes -d 'Send a batch before its body grows past this size, e.g. 512KiB [default: 1MiB]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l flush-interval -d 'Send a batch once its oldest entry has waited this long [default: 1s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l format -d 'How to read a line: auto (a JSON object or logfmt line is read as such, anything else as text), text, json or logfmt. A line that is not in the chosen format is read as text [default: auto]' -r -f -a "auto\t'JSON objects and logfmt where a line is one, plain text otherwise'
text\t'Plain text only'
json\t'JSON objects; other lines as text'
logfmt\t'logfmt; other lines as text'"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l force-level -d 'Give every entry this level, whatever its line says (--level is only the level used when none is detected)' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timestamp-from-line -d 'Take an entry\'s time from a timestamp at the start of its line (or a JSON/logfmt time field); `false` uses the time the line was read [default: true]' -r -f -a "true\t''
false\t''"
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timezone -d 'The zone of line timestamps written without one: UTC, local or an offset such as +02:00 [default: local]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline -d 'auto: indented lines, `at …`, `Caused by:`, tracebacks and panics join the entry before them; off: every line is an entry; or a REGEX that matches the first line of every entry [default: auto]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline-max-lines -d 'Most lines in one multi-line entry; more start a new entry [default: 500]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l multiline-timeout -d 'Close a multi-line entry after this long without a new line [default: 200ms]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-console -d 'Do not mirror to the console'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l console -d 'Mirror to the console even if the config file turns it off'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l no-detect -d 'Guess nothing: ship each line verbatim as one entry at --level (no format, level, timestamp or multi-line detection; a --multiline REGEX still applies)'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logingestor -n "__fish_logingestor_using_subcommand pipe" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l config -d 'Read settings from this TOML file [default: $LOGINGESTOR_CONFIG, else $XDG_CONFIG_HOME/logingestor/config.toml]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l api-key -d 'API key (an ingest key, ls_app_live_…) [env: STREAMLOGIA_API_KEY]. Other users can read command lines: prefer --api-key-file or the environment' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l api-key-file -d 'Read the API key from this file' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l project -d 'Project id, a UUID [env: STREAMLOGIA_PROJECT_ID]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l url -d 'Base URL of the Streamlogia installation [env: STREAMLOGIA_API_URL] [default: https://api.streamlogia.com]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l ca-file -d 'Trust only the certificates in this PEM bundle [env: STREAMLOGIA_CA_FILE]' -r -F
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l timeout -d 'Longest time one request may take, e.g. 10s or 500ms [default: 10s]' -r
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -l dry-run -d 'Send nothing: print each request body that would be sent, one JSON array per line, on stdout. Needs no key and no network'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c logingestor -n "__fish_logingestor_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe generate-docs help" -f -a "send" -d 'Ship one entry: the message given as arguments, or all of stdin'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe generate-docs help" -f -a "pipe" -d 'Ship each line of stdin (or of files) as an entry, echoing the input to stdout'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe generate-docs help" -f -a "generate-docs" -d 'Write the man pages and shell completions into a directory (for maintainers)'
complete -c logingestor -n "__fish_logingestor_using_subcommand help; and not __fish_seen_subcommand_from send pipe generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
