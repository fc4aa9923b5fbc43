"""Local words for the input method: Shandong place names and shop words, the terminal's own places first."""

from domain.local_words import SHOP_WORDS, local_characters, place_names, suggestions


def test_place_names_are_the_provinces_prefectures_and_counties_without_suffix():
    names = place_names("370000")
    assert {"潍坊", "潍城", "寒亭", "临朐", "济南", "淄博", "莱芜", "菏泽"} <= set(names)
    # one-character counties keep their suffix, as people say them (冠县, 莒县)
    assert [n for n in names if n.endswith(("市", "县", "区"))] == ["冠县", "单县", "曹县", "莒县", "莘县", "费县"]


def test_local_characters_are_the_two_hundred_most_used():
    chars = local_characters("370000", 200)
    assert len(chars) == len(set(chars)) == 200
    assert set("潍坊翠便利店济淄烟临沂聊菏泽莱芜枣庄滨德") <= set(chars)
    assert all(ch in "".join((*place_names("370000"), *SHOP_WORDS)) for ch in chars)


def test_typing_wei_in_weicheng_offers_the_own_places_then_wei():
    offered = [word for pinyin, word in suggestions("370702") if pinyin.startswith("wei")]
    assert offered[:3] == ["潍城", "潍坊", "潍"]
    jinan = [word for pinyin, word in suggestions("370102") if pinyin.startswith("ji")]
    assert jinan[0] == "济南"
