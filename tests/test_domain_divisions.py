"""Administrative divisions: the shipped snapshot covers all of China and answers the lookups the kiosk needs."""

import json
from pathlib import Path

import pytest

from domain import divisions

META = json.loads((Path(divisions.__file__).parent / "data" / "divisions.meta.json").read_text(encoding="utf-8"))


def test_weicheng_and_its_parents():
    assert divisions.get("370702") == divisions.Division("370702", "潍城区", "370700")
    assert divisions.get("370700") == divisions.Division("370700", "潍坊市", "370000")
    assert divisions.get("370000") == divisions.Division("370000", "山东省", None)
    assert divisions.full_name("370702") == "山东省潍坊市潍城区"
    assert [d.name for d in divisions.lineage("370702")] == ["山东省", "潍坊市", "潍城区"]


@pytest.mark.parametrize(
    ("code", "full"),
    [
        ("110101", "北京市东城区"),          # municipality: districts directly under it
        ("500229", "重庆市城口县"),
        ("429004", "湖北省仙桃市"),          # 省直辖县级 grouping is not part of the name
        ("441900", "广东省东莞市"),
        ("370102", "山东省济南市历下区"),
        ("370116", "山东省济南市莱芜区"),    # 莱芜 merged into 济南 in 2019
        ("650000", "新疆维吾尔自治区"),
        ("810000", "香港特别行政区"),
    ],
)
def test_full_names(code, full):
    assert divisions.full_name(code) == full


def test_unknown_and_abolished_codes():
    assert divisions.get("990000") is None
    assert divisions.full_name("990000") == ""
    assert divisions.get("371200") is None    # 莱芜市, abolished 2019
    assert divisions.get("110103") is None    # 崇文区, merged 2010
    assert divisions.get("370701") is None    # 市辖区 is a grouping, not a division
    assert divisions.get("429001") is None    # stale entry in the source


def test_children_and_levels():
    weifang = {d.name for d in divisions.children("370700")}
    assert {"潍城区", "寒亭区", "坊子区", "奎文区", "临朐县", "昌乐县", "青州市", "诸城市", "寿光市", "安丘市",
            "高密市", "昌邑市"} <= weifang
    assert len(divisions.children("370000")) == 16
    assert divisions.is_county("370702")
    assert divisions.is_county("441900")      # prefecture city without counties registers itself
    assert not divisions.is_county("370700")
    assert not divisions.is_county("370000")
    assert not divisions.is_county("999999")


def test_covers_all_of_china_with_recorded_source():
    provinces = [d for d in divisions.all_divisions() if d.parent is None]
    assert len(provinces) == 34
    counties = [d for d in divisions.all_divisions() if divisions.is_county(d.code)]
    assert 2800 < len(counties) < 2900
    assert META["in_force_year"] >= 2024
    assert "python-stdnum" in META["source_package"]
    for d in divisions.all_divisions():
        assert d.parent is None or divisions.get(d.parent) is not None
