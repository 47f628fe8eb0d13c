#!/usr/bin/env python3
# test-xlsx.py — `patron-cli report KIND --xlsx FILE` opens in openpyxl and
# reads back to the same cells: real numbers, money and dates, a frozen
# bold header, fitted widths, Chinese intact, formula-like text as text.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import datetime
import os
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:
    print("SKIP: python3-openpyxl is not installed")
    sys.exit(77)

CLI = os.environ["PATRON_CLI"]


def cli(db, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", PATRON_CURRENCY="CNY")
    run = subprocess.run([CLI, "--db", db, *args], env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"FAIL: patron-cli {' '.join(args)}: {run.returncode}\n{run.stderr}")
    return run.stdout


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "patron.db")
        csv = os.path.join(tmp, "members.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("会员号,姓名,手机,城市,注册日期\n"
                    "0001,张三,138 0013 8000,杭州,2024-03-05\n"
                    "0002,\"=HYPERLINK(\"\"http://example.com\"\")\",13900139000,上海,2024/3/6\n"
                    "0003,@SUM(A1:A2),13700137000,+86,2024年3月7日\n")
        cli(db, "import", "members", csv)
        cli(db, "purchase", "add", "0001", "--amount", "1234.50")

        members = os.path.join(tmp, "members.xlsx")
        cli(db, "report", "members", "--xlsx", members)
        ws = openpyxl.load_workbook(members).active
        header = [c.value for c in ws[1]]
        assert header[:3] == ["Number", "Name", "Phone"], header
        assert all(c.font.b for c in ws[1]), "the header is not bold"
        assert ws.freeze_panes == "A2", ws.freeze_panes

        rows = {r[0].value: r for r in ws.iter_rows(min_row=2) if r[0].value and r[0].value[0] == "0"}
        assert set(rows) == {"0001", "0002", "0003"}, rows.keys()
        # Member numbers and phones are text: leading zeros survive. Phones
        # read as everywhere else in Patron's reports.
        assert rows["0001"][0].data_type == "s"
        assert rows["0001"][2].value == "138 0013 8000", rows["0001"][2].value
        assert rows["0001"][2].data_type == "s"
        assert rows["0001"][1].value == "张三"
        assert rows["0001"][4].value == "杭州"
        # Formula-like values stay text, never formulas.
        assert rows["0002"][1].value == '=HYPERLINK("http://example.com")', rows["0002"][1].value
        assert rows["0002"][1].data_type == "s"
        assert rows["0003"][1].value == "@SUM(A1:A2)" and rows["0003"][1].data_type == "s"
        assert rows["0003"][4].value == "+86" and rows["0003"][4].data_type == "s"
        # Joined: a real date cell.
        joined = rows["0002"][5]
        assert isinstance(joined.value, datetime.datetime), joined.value
        assert joined.value.date() == datetime.date(2024, 3, 6)
        assert joined.is_date
        # Points: a real number.
        assert isinstance(rows["0001"][7].value, (int, float)), rows["0001"][7].value
        # Widths fit the text: the name column is wider than the points one,
        # and a CJK header counts double.
        widths = {k: v.width for k, v in ws.column_dimensions.items()}
        assert widths["B"] > widths["H"], widths

        kpi = os.path.join(tmp, "kpi.xlsx")
        cli(db, "report", "kpi", "--xlsx", kpi)
        ws = openpyxl.load_workbook(kpi).active
        values = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
        revenue = values["Revenue"]
        assert revenue.data_type == "n" and abs(revenue.value - 1234.5) < 1e-9, revenue.value
        assert "¥" in revenue.number_format and "0.00" in revenue.number_format, \
            revenue.number_format
        assert values["Members"].value == 3

    print("ok: XLSX reads back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
