"""Guidance codes and the short Chinese prompt spoken and shown for each."""

from __future__ import annotations

# In priority order: the first failing check is the one the resident hears. Lighting comes before blur (a dark
# side has little detail) and both before pose, because the eye detector, and so the pose estimate, fails
# in the dark or in a blurred frame.
PROMPTS_ZH: dict[str, str] = {
    "no_face": "请正对摄像头，让面部出现在框内",
    "multiple_faces": "请确保画面中只有您一个人",
    "too_far": "请靠近一点",
    "too_close": "请稍微后退一点",
    "off_center": "请移动到画面中央",
    "too_dark": "光线太暗，请面向光源",
    "too_bright": "光线太亮，请避开强光",
    "uneven_light": "脸部光线不均匀，请正对光源",
    "blurry": "请保持不动",
    "not_frontal": "请正视摄像头，不要歪头或侧脸",
}

QUALITY_CODES: tuple[str, ...] = tuple(PROMPTS_ZH)

# Liveness instructions (not quality failures): what the resident is asked to do during the challenge.
CHALLENGE_PROMPTS_ZH: dict[str, str] = {
    "blink": "请眨眨眼",
    "turn_left": "请慢慢向左转头，再转回来",
    "turn_right": "请慢慢向右转头，再转回来",
    "hold_still": "请保持正对摄像头",
}


def prompt_zh(code: str) -> str:
    """The prompt for a quality or challenge code; KeyError for an unknown code is a programming error."""
    return PROMPTS_ZH.get(code) or CHALLENGE_PROMPTS_ZH[code]
