#!/bin/sh
# The mechanical part of STYLE.md, checked in CI. (clang-format 14 cannot
# express GNU/GTK call style — it would write `_ ("…")` and split macro
# arguments — so .clang-format serves editors and this script checks what
# can be checked exactly.)
set -u
top="$1"
cd "$top" || exit 1
status=0

complain () {
  echo "$1"
  status=1
}

for f in $(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c' 2>/dev/null || \
           find src tests bench -name '*.[ch]'); do
  [ -f "$f" ] || continue
  grep -n "$(printf '\t')" "$f" | head -3 | sed "s|^|$f: tab: |" | grep . && status=1
  grep -nE ' +$' "$f" | head -3 | sed "s|^|$f: trailing space: |" | grep . && status=1
  LC_ALL=C.UTF-8 grep -nE '^.{111,}' "$f" | head -3 | cut -d: -f1 \
    | sed "s|^|$f: line longer than 110 columns: |" | grep . && status=1
  case "$f" in
    *.h)
      grep -q '^#pragma once' "$f" || complain "$f: header without #pragma once"
      ;;
    src/*.c)
      first=$(grep -m1 '^#include' "$f")
      [ "$first" = '#include "config.h"' ] || complain "$f: config.h must be the first include"
      grep -q '^#define G_LOG_DOMAIN' "$f" || complain "$f: no G_LOG_DOMAIN"
      ;;
  esac
  # SQL is never built with printf: bound parameters only.
  grep -nE 'printf[^;]*"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|REPLACE)[[:space:]]' "$f" \
    | sed "s|^|$f: SQL built with printf: |" | grep . && status=1
done

exit $status
