#!/usr/bin/python3
# Drives the segment picker and builder through AT-SPI, as a screen reader
# or a test robot would: opens the builder with its shortcut, adds a
# condition and a group, reads the live count, checks every control has
# a name, chooses a saved segment with Ctrl+G and the keyboard, and opens
# it for editing from the picker's menu. Not part of `make check` (AT-SPI
# timing under Xvfb is not reliable enough); run it by hand on a database
# with at least one segment (`patron-cli demo --purchases`, then
# `patron-cli segments add`):
#
#   xvfb-run -a dbus-run-session -- tests/a11y-segments.py build/src/gui/patron DB [SHOTS_DIR]
import os
import subprocess
import sys
import time

from dogtail.config import config
config.checkForA11y = False
config.searchCutoffCount = 3
config.logDebugToStdOut = False
from dogtail import rawinput, tree  # noqa: E402
from dogtail.predicate import GenericPredicate  # noqa: E402

NAMED_ROLES = {"push button", "toggle button", "combo box", "text", "spin button", "check box"}


def wait_for(what, func, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            result = func()
            if result:
                return result
        except Exception:
            pass
        time.sleep(0.2)
    raise SystemExit(f"FAIL: {what}")


def unnamed(node):
    found = []
    for child in node.findChildren(GenericPredicate()):
        try:
            if child.roleName in NAMED_ROLES and child.showing and not (child.name or "").strip():
                found.append(child.roleName)
        except Exception:
            pass
    return found


def count_label(window):
    return [n.name for n in window.findChildren(GenericPredicate(roleName="label"))
            if (n.name or "").endswith(("member", "members")) and not n.name.startswith("No ")]


def main():
    program, db = sys.argv[1], sys.argv[2]
    shots = sys.argv[3] if len(sys.argv) > 3 else None

    def shot(name):
        if shots:
            subprocess.run(["import", "-window", "root", os.path.join(shots, name + ".png")])

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["PATRON_DB"] = db
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(os.path.dirname(program), "..", "..", "data"))
    proc = subprocess.Popen([program], env=env)
    try:
        app = wait_for("the application", lambda: tree.root.application("patron"))
        wait_for("a segment picker named Segment", lambda: app.child("Segment", roleName="combo box"))
        shot("members")

        rawinput.keyCombo("<Control><Shift>g")
        builder = wait_for("the builder", lambda: [w for w in app.children if w.name == "New Segment"][0])
        print("live count, no condition:", wait_for("a live count", lambda: count_label(builder))[0])
        builder.findChildren(GenericPredicate(name="Add Condition", roleName="push button"))[0] \
            .doActionNamed("click")
        builder.findChildren(GenericPredicate(name="Add Group", roleName="push button"))[0] \
            .doActionNamed("click")
        time.sleep(2)
        print("live count, two conditions:", wait_for("a live count", lambda: count_label(builder))[0])
        shot("builder")
        missing = unnamed(builder) + unnamed([w for w in app.children if w.name != "New Segment"][0])
        if missing:
            raise SystemExit(f"FAIL: controls without a name: {missing}")
        rawinput.keyCombo("Escape")
        time.sleep(1)

        rawinput.keyCombo("<Control>g")
        time.sleep(1)
        rawinput.keyCombo("Down")
        rawinput.keyCombo("Return")
        shown = wait_for("the segment's members", lambda: [
            n.name for n in app.findChildren(GenericPredicate(roleName="label"))
            if (n.name or "").endswith(" members")])
        print("list:", shown[0])
        shot("segment")

        for node in app.findChildren(GenericPredicate(name="Segment actions")):
            if "click" in node.actions:
                node.doActionNamed("click")
        item = wait_for("the edit item", lambda: app.findChildren(
            GenericPredicate(name="Edit or Rename Segment…")))[0]
        item.doActionNamed("click")
        editor = wait_for("the segment editor", lambda: [w for w in app.children if w.name == "Edit Segment"][0])
        print("editing, live count:", wait_for("a live count", lambda: count_label(editor))[0])
        shot("edit")
        print("OK: the segment builder and picker work through AT-SPI, every control named")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
