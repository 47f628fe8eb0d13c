#!/usr/bin/env python3
# check-help.py — every program answers --help (exit 0, a "Usage" line) and
# treats an option it does not know as a user would expect: the programs
# show their usage and exit with 2; a bench warns, ignores it and goes on.
# patron-cli's commands and subcommands are found from its own --help.
#
# check-help.py --bench BENCH… --program PROGRAM… --cli PATRON-CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

BOGUS = '--no-such-option-xyz'
failures = []
checked = 0


def run(argv, env):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None
    return done


def has_usage(text):
    return any(line.lstrip().startswith('Usage') for line in text.splitlines())


def expect(argv, env, status, usage_in, also=None):
    global checked
    checked += 1
    done = run(argv, env)
    name = ' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(argv))
    if done is None:
        failures.append(f'{name}: timed out')
        return ''
    text = done.stdout if usage_in == 'stdout' else done.stderr
    if done.returncode != status:
        failures.append(f'{name}: exit {done.returncode}, expected {status}\n{done.stderr[-400:]}')
    elif not has_usage(text):
        failures.append(f'{name}: no "Usage" line on {usage_in}')
    elif also is not None and also not in done.stderr:
        failures.append(f'{name}: "{also}" not on stderr')
    else:
        print(f'ok {checked} {name}')
    return done.stdout


def listed_names(help_text):
    """The command names a dispatcher's --help lists ("  name   summary")."""
    names = []
    for line in help_text.splitlines():
        m = re.match(r'^  ([a-z][a-z-]*)\s{2,}\S', line)
        if m:
            names.append(m.group(1))
    return names


def main():
    groups = {'--bench': [], '--program': [], '--cli': []}
    current = None
    for arg in sys.argv[1:]:
        if arg in groups:
            current = groups[arg]
        else:
            current.append(arg)

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='', HOME=tmp,
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
        env.pop('DISPLAY', None)
        env.pop('WAYLAND_DISPLAY', None)

        for bench in groups['--bench']:
            expect([bench, '--help'], env, 0, 'stdout')
            # Unknown first, --help after it: the bench must warn and still
            # answer --help rather than abort on the option.
            expect([bench, BOGUS, '--help'], env, 0, 'stdout', also=BOGUS)

        for program in groups['--program']:
            expect([program, '--help'], env, 0, 'stdout')
            expect([program, BOGUS], env, 2, 'stderr')

        for cli in groups['--cli']:
            base = [cli, '--db', os.path.join(tmp, 'help.db')]
            top = expect(base + ['--help'], env, 0, 'stdout')
            expect(base + [BOGUS], env, 2, 'stderr')
            commands = listed_names(top)
            if len(commands) < 5:
                failures.append(f'patron-cli --help lists only {commands}')
            for command in commands:
                text = expect(base + [command, '--help'], env, 0, 'stdout')
                expect(base + [command, BOGUS], env, 2, 'stderr')
                if 'SUBCOMMAND' not in text:
                    continue
                for sub in listed_names(text):
                    expect(base + [command, sub, '--help'], env, 0, 'stdout')
                    expect(base + [command, sub, BOGUS], env, 2, 'stderr')

    for failure in failures:
        print('not ok -', failure.replace('\n', '\n# '))
    print(f'1..{checked}')
    return 1 if failures or checked == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
