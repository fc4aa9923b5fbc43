"""Chinese text to the tone-numbered pinyin that espeak-ng's `cmn-latn-pinyin` voice reads as Mandarin.

espeak-ng's own Chinese dictionary misreads polyphones (重拍 → zhòng, 行业 → xíng) and its `cmn` voice reads
its pinyin as English; pypinyin chooses readings by phrase, and the voice then only has to speak syllables.
Digits become Chinese numerals and Latin letters their Chinese letter names before conversion.
"""

from __future__ import annotations

import functools
import re

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# Words pypinyin 0.55 reads wrongly in the kiosk's prompts (checked by tests/test_voice.py).
_PHRASES = {
    "还款": [["huán"], ["kuǎn"]],
    "为空": [["wéi"], ["kōng"]],
    "照片": [["zhào"], ["piàn"]],
    "一张": [["yì"], ["zhāng"]],
    "补打": [["bǔ"], ["dǎ"]],
    "一次": [["yí"], ["cì"]],
    "调整": [["tiáo"], ["zhěng"]],
    "请调整": [["qǐng"], ["tiáo"], ["zhěng"]],   # else segmented 请调 + 整 (qǐng diào)
}
_DIGITS = "零一二三四五六七八九"
_LETTERS = {
    "a": "ei1", "b": "bi4", "c": "xi1", "d": "di4", "e": "yi1", "f": "ai2 fu5", "g": "ji4", "h": "ai1 qi1",
    "i": "ai4", "j": "jie4", "k": "kai4", "l": "ai2 le5", "m": "ai2 mu5", "n": "en1", "o": "ou1", "p": "pi4",
    "q": "qiu1", "r": "a4", "s": "ai2 si1", "t": "ti4", "u": "you1", "v": "wei1", "w": "da2 bu5 liu5",
    "x": "ai2 ke4 si1", "y": "wai4", "z": "zei4",
}
# Pauses: the voice pauses at "," and longer at "."
_PAUSES = {"，": ",", "、": ",", "；": ",", "：": ",", "（": ",", "）": ",", "“": "", "”": "", "·": ",",
           "。": ".", "！": ".", "？": ".", "…": ".", ",": ",", ".": ".", "!": ".", "?": ".", ";": ",", ":": ","}


@functools.cache
def _load_phrases() -> None:
    load_phrases_dict(_PHRASES)


def number_to_hanzi(n: int) -> str:
    """0 … 99 999 999 as spoken (十五, 一百零八, 两千); longer numbers digit by digit."""
    if n < 0:
        return "负" + number_to_hanzi(-n)
    if n >= 100_000_000:
        return "".join(_DIGITS[int(d)] for d in str(n))
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + number_to_hanzi(low)
        return ("两" if high == 2 else number_to_hanzi(high)) + "万" + rest
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value) if value > 1 else (n, 0)
        if digit:
            spoken = "两" if digit == 2 and not out and value >= 1000 else _DIGITS[digit]
            out += ("零" if zero and out else "") + spoken + unit
            zero = False
        else:
            zero = bool(out)
    return out


def _spell_digits(match: re.Match[str]) -> str:
    digits = match.group()
    # Phone numbers, codes and other long runs are read digit by digit, as people say them.
    if len(digits) > 5 or (digits.startswith("0") and len(digits) > 1):
        return "".join(_DIGITS[int(d)] for d in digits)
    return number_to_hanzi(int(digits))


def to_pinyin(text: str) -> str:
    """Tone-numbered pinyin syllables (5 = neutral tone) separated by spaces; punctuation becomes , or ."""
    _load_phrases()
    text = re.sub(r"\d+", _spell_digits, text)
    words: list[str] = []
    for part in lazy_pinyin(text, style=Style.TONE3, tone_sandhi=True, neutral_tone_with_five=True):
        for piece in re.findall(r"[a-z]+[1-5]|[A-Za-z]+|\S", part):
            if piece[-1] in "12345":
                words.append(piece)
            elif piece.isascii() and piece.isalpha():
                words.extend(_LETTERS[c] for c in piece.lower())
            elif _PAUSES.get(piece) and words and words[-1] not in ",.":
                words.append(_PAUSES[piece])
    return " ".join(words).replace(" ,", ",").replace(" .", ".")
