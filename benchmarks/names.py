"""Name register benchmark: load a synthetic register of N names with `import_names` (COPY + INSERT … ON
CONFLICT) into a throwaway PostgreSQL, load it again (idempotent update), then time the name check a
registration runs (register + own registrations, domain.names comparison) for proposed names.

    .venv/bin/python -m benchmarks.names [--rows 1000000] [--checks 2000]

Goals (issue 16): 1,000,000 rows imported in ≤ 60 s; a check ≤ 5 ms p99 at that size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from backoffice import throwaway_pg
from backoffice.db import make_engine, migrate
from backoffice.name_register import find_clash, import_names
from domain import names

# Shandong counties the synthetic register spreads over (a register of 1M names holds a whole province).
_DIVISIONS = ("370102", "370103", "370202", "370203", "370302", "370702", "370703", "370705", "370781",
              "370883", "371002", "371102", "371302", "371402", "371502", "371602", "371702")
_CHARS = "鑫源红光万青张三李四王五金福祥瑞德丰华盛兴隆昌泰和顺安康永宏达新发利宝富贵嘉美佳乐天地人和春秋明月"
_INDUSTRIES = ("便利", "五金", "建材", "理发", "美发", "餐饮", "小吃", "面馆", "超市", "服装", "水果", "蔬菜",
               "烟酒", "茶叶", "汽修", "维修", "装饰", "广告", "摄影", "洗车", "花店", "母婴", "眼镜", "家政",
               "粮油", "百货", "手机", "家电", "快递", "烧烤", "火锅", "酒", "地产")
_FORMS = ("店", "部", "行", "馆", "中心", "坊")
_STATUSES = ("存续",) * 17 + ("注销", "变更", "吊销")


def write_register(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write("name,字号,行业,division,status,date\n")
        for i in range(rows):
            trade = "".join(rng.choice(_CHARS) for _ in range(rng.choice((2, 2, 3, 4))))
            industry, division = rng.choice(_INDUSTRIES), rng.choice(_DIVISIONS)
            status = rng.choice(_STATUSES)
            day = (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))).isoformat()
            # A serial in the name keeps every row distinct, as real names are.
            f.write(f"{trade}{industry}{i}{rng.choice(_FORMS)},{trade},{industry},{division},{status},"
                    f"{day if status != '存续' else ''}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=2000)
    args = parser.parse_args()
    cluster = throwaway_pg.ThrowawayPostgres(settings={"fsync": "off"}).start()
    try:
        engine = make_engine(cluster.create_database())
        migrate(engine)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "register.csv"
            write_register(path, args.rows)
            first = import_names(engine, path)
            again = import_names(engine, path)
        print(f"import {first.rows} rows: {first.seconds:.1f} s (goal ≤ 60 s); again (update): "
              f"{again.seconds:.1f} s")
        rng = random.Random(2)
        timings = []
        clashes = 0
        today = dt.date.today()
        with engine.connect() as conn:
            for i in range(args.checks + 200):   # the first 200 warm the connection and the cache, untimed
                trade = "".join(rng.choice(_CHARS) for _ in range(rng.choice((2, 3))))
                parts = names.name_parts(trade, rng.choice(_INDUSTRIES))
                start = time.perf_counter()
                clash = find_clash(conn, rng.choice(_DIVISIONS), parts, today, 365)
                if i >= 200:
                    timings.append((time.perf_counter() - start) * 1000)
                    clashes += clash is not None
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(f"check ({args.checks} proposed names, {clashes} clash): p50 {statistics.median(timings):.2f} ms, "
              f"p99 {p99:.2f} ms (goal ≤ 5 ms)")
        engine.dispose()
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
