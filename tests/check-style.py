#!/usr/bin/env python3
# The mechanical part of STYLE.md, checked in CI. (clang-format 14 cannot
# express GNU/GTK call style — it would write `_ ("…")` and split macro
# arguments — so .clang-format serves editors and this script checks what
# can be checked exactly.)
#
# One process reads every file once: the shell version started a dozen
# greps per file and took 20 s or more on a busy machine.
import re
import subprocess
import sys
from pathlib import Path

PATTERNS = ["src/*.c", "src/*.h", "tests/*.c", "bench/*.c"]
MAX_COLUMNS = 110
# Each kind of line problem is reported for at most this many lines a file.
MAX_PER_KIND = 3
# SQL is never built with printf: bound parameters only.
SQL_PRINTF = re.compile(r'printf[^;]*"\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE)\s')


def source_files(top):
    try:
        out = subprocess.run(["git", "ls-files", *PATTERNS], cwd=top, check=True,
                             capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = []
    if not out:
        out = sorted(str(p.relative_to(top)) for d in ("src", "tests", "bench")
                     for p in (top / d).rglob("*.[ch]"))
    return out


def check_file(top, name):
    path = top / name
    if not path.is_file():
        return []
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems = []
    counts = {"tab": 0, "trailing space": 0, "long": 0}

    def limited(kind, message):
        if counts[kind] < MAX_PER_KIND:
            problems.append(message)
        counts[kind] += 1

    first_include = None
    has_pragma = False
    has_log_domain = False
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            limited("tab", f"{name}: tab: {number}:{line}")
        if line.endswith(" "):
            limited("trailing space", f"{name}: trailing space: {number}:{line}")
        if len(line) > MAX_COLUMNS:
            limited("long", f"{name}: line longer than {MAX_COLUMNS} columns: {number}")
        if SQL_PRINTF.search(line):
            problems.append(f"{name}: SQL built with printf: {number}:{line}")
        if first_include is None and line.startswith("#include"):
            first_include = line
        has_pragma = has_pragma or line.startswith("#pragma once")
        has_log_domain = has_log_domain or line.startswith("#define G_LOG_DOMAIN")

    if name.endswith(".h") and not has_pragma:
        problems.append(f"{name}: header without #pragma once")
    if name.startswith("src/") and name.endswith(".c"):
        if first_include != '#include "config.h"':
            problems.append(f"{name}: config.h must be the first include")
        if not has_log_domain:
            problems.append(f"{name}: no G_LOG_DOMAIN")
    return problems


TEST_CALL = re.compile(r"(?<![\w.])test\s*\(")


def meson_files(top):
    return sorted(str(p.relative_to(top)) for p in top.rglob("meson.build")
                  if not any(part.startswith("build") for part in p.relative_to(top).parts[:-1]))


def check_meson_timeouts(top, name):
    """Every test() names its timeout: meson's default of 30 s is too
    short for a loaded machine and too long to notice a hang quickly."""
    text = (top / name).read_text(encoding="utf-8", errors="replace")
    problems = []
    for match in TEST_CALL.finditer(text):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(text)):
            if text[end] == "(":
                depth += 1
            elif text[end] == ")":
                depth -= 1
                if depth == 0:
                    break
        if "timeout:" not in text[match.start():end]:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{name}: test without an explicit timeout: {line}")
    return problems


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(f"usage: {argv[0]} SOURCE-ROOT\n"
              "Checks tabs, trailing spaces, line length, #pragma once, config.h first,\n"
              "G_LOG_DOMAIN and printf-built SQL in src/, tests/ and bench/, and that\n"
              "every test() in a meson.build names its timeout.")
        return 0 if len(argv) == 2 else 2
    top = Path(argv[1])
    problems = []
    files = source_files(top)
    for name in files:
        problems.extend(check_file(top, name))
    for name in meson_files(top):
        problems.extend(check_meson_timeouts(top, name))
    for p in problems:
        print(p)
    if not files:
        print("no source files found under", top)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
