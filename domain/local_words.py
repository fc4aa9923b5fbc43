"""Words residents of one province write in business names: its place names and common shop words.

Used to put local characters first where an input method would otherwise rank them low (typing "wei" must
offer 潍 at once in Shandong), and to test that handwriting recognises what residents actually write.
"""

from __future__ import annotations

import functools
from collections import Counter

from domain import divisions

# Words that make up most 个体工商户 names besides the place: trades, goods and 组织形式.
SHOP_WORDS: tuple[str, ...] = (
    "便利店", "超市", "商店", "小卖部", "百货", "日用品", "副食", "粮油", "蔬菜", "水果", "鲜花", "烟酒", "茶叶",
    "饭店", "餐馆", "小吃", "早餐", "包子铺", "饺子馆", "面馆", "烧烤", "火锅", "快餐", "煎饼", "馒头", "豆腐坊",
    "理发店", "美发", "美容", "洗衣", "家电维修", "修理部", "五金", "建材", "装饰", "服装", "鞋店", "母婴",
    "文具", "药店", "诊所", "汽车", "摩托", "电动车", "手机", "电脑", "家具", "门窗", "农资", "种子", "化肥",
    "养殖场", "食品", "糕点", "肉铺", "海鲜", "干货", "调料", "酒馆", "茶馆", "旅馆", "宾馆", "商行", "经营部",
    "工作室", "批发", "零售", "加工", "电器", "灯饰", "窗帘", "眼镜", "照相", "印刷", "广告", "快递",
    "翠", "福", "鑫", "盛", "源", "祥", "顺", "兴", "旺", "佳", "乐", "和", "丰", "德", "春", "华", "金",
)

_SUFFIXES = ("自治县", "区", "县", "市")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@functools.cache
def place_names(province_code: str) -> tuple[str, ...]:
    """Names of the province's prefectures and counties without 市/区/县 (潍坊, 寒亭, 临朐 …)."""
    prefix = province_code[:2]
    return tuple(sorted({_short(d.name) for d in divisions.all_divisions()
                         if d.code.startswith(prefix) and d.parent is not None}))


@functools.cache
def local_characters(province_code: str, count: int = 200) -> str:
    """The `count` characters most used in the province's place names and in shop words, most used first."""
    counts = Counter(ch for word in (*place_names(province_code), *SHOP_WORDS) for ch in word)
    return "".join(ch for ch, _ in counts.most_common(count))


def _toneless(word: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word))


@functools.cache
def suggestions(division_code: str) -> tuple[tuple[str, str], ...]:
    """(toneless pinyin, word) for the input method, in the order to offer them: the terminal's own county and
    prefecture first, then the province's most used characters one by one, then its place names and shop words.
    Typing "wei" at a terminal in 潍坊 offers 潍坊, 潍城, 潍 … before the engine's 为, 未, 位."""
    own = [_short(d.name) for d in divisions.lineage(division_code)[1:]]
    province = division_code[:2] + "0000"
    words = [*reversed(own), *local_characters(province), *place_names(province), *SHOP_WORDS]
    seen: set[str] = set()
    out = []
    for word in words:
        if word not in seen:
            seen.add(word)
            out.append((_toneless(word), word))
    return tuple(out)
