"""Regenerate divisions.csv and divisions.meta.json from python-stdnum's GB/T 2260 history (stdnum/cn/loc.dat).

Run from the repo root: `.venv/bin/python -m domain.data.build_divisions`. Keeps the names in force in the latest
year the data knows, and turns stdnum's two levels (province, then everything as "county") into three:
province XX0000, prefecture XXYY00, county XXYYZZ. Municipalities' "市辖区"/"县" groupings are dropped so their
districts hang directly under the municipality.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from importlib import metadata, resources
from pathlib import Path

HERE = Path(__file__).parent
MUNICIPALITIES = ("11", "12", "31", "50")
# loc.dat spells the two SARs in traditional characters on the province line; the 民政部 list uses these.
PROVINCE_NAMES = {"81": "香港特别行政区", "82": "澳门特别行政区"}
# Entries loc.dat has without a year range although they were replaced (no range means "always").
STALE = {
    "429001": "随州市 became prefecture 421300 in 2000",
    "422900": "林区 grouping replaced by 省直辖 429000",
    "422921": "神农架林区 is 429021",
}
_LINE = re.compile(r'^(\s*)(\d+) (province|county)="(.*)"$')
_NAME = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.+)$")


def _current_name(spec: str, year: int) -> str | None:
    for part in spec.split(","):
        start, end, name = _NAME.match(part).groups()
        if (not start or int(start) <= year) and (not end or int(end) >= year):
            return name
    return None


def _latest_year(text: str) -> int:
    return max(int(y) for y in re.findall(r"\[(\d{4})-", text))


def build() -> tuple[list[tuple[str, str, str]], dict]:
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    year = _latest_year(text)
    names: dict[str, str] = {}
    province = ""
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        _indent, digits, kind, spec = m.groups()
        if kind == "province":
            province = digits
            names[province + "0000"] = PROVINCE_NAMES.get(province, spec)
            continue
        code = province + digits
        name = _current_name(spec, year)
        if code.endswith("0000") or name is None or name == "市辖区" or code in STALE:
            continue
        if province in MUNICIPALITIES and code.endswith("00"):
            continue
        names[code] = name
    rows = []
    for code in sorted(names):
        if code.endswith("0000"):
            parent = ""
        elif code.endswith("00"):
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if code[:4] + "00" in names else code[:2] + "0000"
        rows.append((code, names[code], parent))
    meta = {
        "source": "python-stdnum stdnum/cn/loc.dat (from zh.wikipedia 中华人民共和国行政区划代码, 1–8区)",
        "source_package": f"python-stdnum {metadata.version('python-stdnum')}",
        "in_force_year": year,
        "generated": dt.date.today().isoformat(),
        "generator": "domain/data/build_divisions.py",
        "excluded_stale_entries": STALE,
        "notes": "Municipalities' 市辖区/县 groupings dropped; 省直辖县级 groupings kept as prefecture-level nodes.",
        "counts": {
            "province": sum(1 for c, _, _ in rows if c.endswith("0000")),
            "prefecture": sum(1 for c, _, _ in rows if c.endswith("00") and not c.endswith("0000")),
            "county": sum(1 for c, _, _ in rows if not c.endswith("00")),
        },
    }
    return rows, meta


def main() -> None:
    rows, meta = build()
    with (HERE / "divisions.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("code", "name", "parent"))
        w.writerows(rows)
    (HERE / "divisions.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(meta["counts"])


if __name__ == "__main__":
    main()
