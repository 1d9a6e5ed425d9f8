#!/bin/sh
# check_offload_rule: enforces the GCC 12 coroutine rule of server/async/offload.hpp. Fails, naming
# file:line, where a co_await expression itself builds an offload-style awaitable: one that calls
# offload(...) or a store_service's run(...), or that creates a lambda. Such a temporary is
# destroyed twice by GCC 12 (PR 99576). Build the awaitable in one statement, co_await it in the
# next: `auto op = db.run(...); auto r = co_await std::move(op);`.
# Usage: check_offload_rule.sh DIR_OR_FILE... (the test command runs it over server/).
set -eu
[ $# -gt 0 ] || { echo "usage: $0 DIR_OR_FILE..." >&2; exit 2; }
status=0
files=$(for target in "$@"; do
  if [ -d "$target" ]; then find "$target" -name '*.cpp' -o -name '*.hpp'; else echo "$target"; fi
done | sort)
[ -n "$files" ] || { echo "$0: no source files in $*" >&2; exit 2; }
for file in $files; do
  awk -v file="$file" '
    { text = text $0 "\n" }
    END {
      # Blank out comments, string and character literals, keeping newlines for the line numbers.
      out = ""; n = length(text); i = 1; prev = ""
      while (i <= n) {
        c = substr(text, i, 1); d = substr(text, i, 2)
        if (d == "//") { while (i <= n && substr(text, i, 1) != "\n") i++; continue }
        if (d == "/*") {
          i += 2
          while (i <= n && substr(text, i, 2) != "*/") { if (substr(text, i, 1) == "\n") out = out "\n"; i++ }
          i += 2; continue
        }
        # A quote after a letter or digit is a digit separator (1'\''000) or an encoding prefix.
        if (c == "\"" || (c == "'\''" && prev !~ /[A-Za-z0-9_]/)) {
          i++
          while (i <= n && substr(text, i, 1) != c) { if (substr(text, i, 1) == "\\") i++; i++ }
          i++; out = out c c; prev = c; continue
        }
        out = out c; prev = c; i++
      }
      line = 1; start = 1; bad = 0
      while ((p = index(substr(out, start), "co_await")) > 0) {
        at = start + p - 1
        before = substr(out, start, at - start)
        line += gsub(/\n/, "", before)
        # The operand, up to the end of the statement (or of the first statement in a lambda body).
        rest = substr(out, at + 8)
        semi = index(rest, ";")
        operand = semi > 0 ? substr(rest, 1, semi - 1) : rest
        gsub(/[ \t\n]+/, " ", operand)
        lambda = operand ~ /\[[^]]*\] *(\(|\{|mutable)/
        call = operand ~ /(offload|\.run|->run) *\(/
        if (lambda || call) {
          printf "%s:%d: co_await builds its awaitable in the same expression%s; build it in one statement, co_await it in the next (server/async/offload.hpp)\n", file, line, lambda ? " (a lambda)" : ""
          bad = 1
        }
        start = at + 8
      }
      exit bad
    }' "$file" || status=1
done
exit $status
