#!/bin/sh
# Regenerates the expected output (.out) of genera's language tests by
# running them on JVM Clojure 1.11, which defines what correct output is.
#
# Usage (from anywhere):
#   tests/gen-expected.sh                      # every tests/**/*.clj
#   tests/gen-expected.sh tests/seqs/*.clj     # only these files
#   tests/gen-expected.sh --changed            # files changed or untracked in git
#
# For each program P.clj it writes P.out with the program's stdout. If P.exit
# exists, the program is expected to die with an uncaught exception: the
# script checks that JVM Clojure exits with that code and that every line of
# P.err appears in its stderr (P.err is written by hand: only the exception
# message line, which JVM Clojure and genera both print). Files under
# tests/jvm/ are tooling, not tests, and are skipped.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
cp="/usr/share/java/clojure.jar:/usr/share/java/spec.alpha.jar:/usr/share/java/core.specs.alpha.jar"

if [ "$#" -eq 0 ]; then
  set -- $(find tests -name '*.clj' -not -path 'tests/jvm/*' | sort)
elif [ "$1" = "--changed" ]; then
  set -- $({ git diff --name-only -- tests; git ls-files --others --exclude-standard -- tests; } \
            | grep '\.clj$' | grep -v '^tests/jvm/' | sort -u)
fi

status=0
for f in "$@"; do
  base=${f%.clj}
  err=$(mktemp)
  (cd "$(dirname "$f")" && java -cp "$cp" clojure.main "$(basename "$f")") >"$base.out" 2>"$err"
  code=$?
  if [ -f "$base.exit" ]; then
    want=$(cat "$base.exit")
    if [ "$code" != "$want" ]; then
      echo "MISMATCH $f: exit $code, expected $want"; status=1
    fi
    if [ -f "$base.err" ]; then
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        grep -qF -- "$line" "$err" || { echo "MISMATCH $f: stderr lacks: $line"; status=1; }
      done <"$base.err"
    fi
  elif [ "$code" != 0 ]; then
    echo "ERROR $f: exit $code"; sed -n 1,5p "$err"; status=1
  fi
  rm -f "$err"
  echo "wrote $base.out"
done
exit $status
