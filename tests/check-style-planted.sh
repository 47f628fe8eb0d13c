#!/bin/sh
# The style check must report each rule it has, with file and line, when a
# violation is planted in a scratch tree (and stay quiet on clean files).
set -u
checker="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/src/core" "$tmp/tests"
status=0

cat >"$tmp/src/core/clean.c" <<'C'
#include "config.h"
#define G_LOG_DOMAIN "clean"
int clean (void);
C
printf '#pragma once\nint clean (void);\n' >"$tmp/src/core/clean.h"
if ! out=$(python3 "$checker" "$tmp"); then
  echo "FAIL: clean files were refused:"; echo "$out"; exit 1
fi

long=$(printf '%0111d' 0)
printf '#include <glib.h>\n#include "config.h"\nint\tx;\nint y; \n/* %s */\n' "$long" \
  >"$tmp/src/core/bad.c"
printf 'g_strdup_printf ("SELECT * FROM t WHERE id = %%s", id);\n' >>"$tmp/src/core/bad.c"
printf 'int bad (void);\n' >"$tmp/src/core/bad.h"
printf "test('slow', exe)\ntest('fine', exe,\n  timeout: 60)\n" >"$tmp/tests/meson.build"
# Han characters count as one column each: 60 of them are 180 bytes but fit.
printf '/* %s */\n' "$(printf '会%.0s' $(seq 1 60))" >"$tmp/tests/wide.c"

out=$(python3 "$checker" "$tmp"); rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: exit status $rc with violations planted"; status=1; }
for expected in \
  "src/core/bad.c: tab: 3:" \
  "src/core/bad.c: trailing space: 4:" \
  "src/core/bad.c: line longer than 110 columns: 5" \
  "src/core/bad.c: SQL built with printf: 6:" \
  "src/core/bad.c: config.h must be the first include" \
  "src/core/bad.c: no G_LOG_DOMAIN" \
  "src/core/bad.h: header without #pragma once" \
  "tests/meson.build: test without an explicit timeout: 1"; do
  if ! printf '%s\n' "$out" | grep -qF "$expected"; then
    echo "FAIL: not reported: $expected"; status=1
  fi
done
if printf '%s\n' "$out" | grep -q 'wide.c\|clean\|timeout: 2'; then
  echo "FAIL: a clean file was reported:"; printf '%s\n' "$out"; status=1
fi
[ "$status" -eq 0 ] && echo "ok: every planted violation reported"
exit $status
