/** The text of `pollwise --help`. docs/cli.md says the same at length. */
export const helpText = `Usage: pollwise METHOD URL [options]
       pollwise --resume FILE [options]

Submits a long-running operation, follows it to its end and prints the result on
stdout (JSON compact on one line; text and binary bodies as they are). Progress
goes to stderr.

Body (one of):
  --json JSON              a JSON body (content-type: application/json)
  --data TEXT | @FILE      a literal string, or the bytes of FILE (@- for stdin)

Request:
  -H, --header 'NAME: VALUE'  a header for every request (repeatable);
                              content-type goes with the submit only
  --protocol NAME          auto (default), generic, http, result, azure, google

Timing (durations take a unit: 500ms, 30s, 10m, 1h):
  --timeout DURATION       the whole operation, submit to result (default 10m)
  --backoff-initial DURATION  the first wait before polling (default 1s)
  --backoff-max DURATION   the longest wait between polls (default 8s)

Resume and interrupt:
  --save-token FILE        after the submit, save the operation to FILE
  --resume FILE            continue the operation saved in FILE (no METHOD, URL,
                           body, --timeout or --protocol: it keeps its own)
  --trust ORIGIN           another origin that may receive credential headers
                           (-H authorization, cookie...); repeatable. A resumed
                           run trusts only these: the file names no trusted one
  --cancel-on-interrupt    on Ctrl-C or SIGTERM, ask the server to cancel (exit 3);
                           without it they stop polling only (exit 130, 143)

Output:
  -q, --quiet              no progress on stderr (errors still print)
  -h, --help               this text
  --version                the version of pollwise

Exit codes:
  0 success             1 operation failed       2 usage error
  3 canceled            4 timed out              5 HTTP error
  6 network error       7 protocol error         70 internal error
  74 could not write the result (stdout: a full disk...)
  130 interrupted (SIGINT)   143 terminated (SIGTERM)

Example:
  pollwise POST https://api.example.com/reports --json '{"month":"2026-10"}' | jq .url
`
