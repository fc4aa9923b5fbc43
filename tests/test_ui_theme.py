"""Every colour pair of the theme meets WCAG 2.1 contrast (text 4.5:1, non-text 3:1), and care mode makes every
size about 1.3× (printed: `pytest -s tests/test_ui_theme.py`, or `python -m ui.theme`)."""

from ui import theme


def test_every_colour_pair_has_enough_contrast():
    print("\n" + theme.report())
    failing = [(p.what, round(p.ratio, 2)) for p in theme.PAIRS if p.ratio < p.required]
    assert failing == []


def test_contrast_ratio_matches_wcag_examples():
    assert round(theme.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(theme.contrast_ratio("#767676", "#ffffff"), 2) == 4.54


def test_care_mode_enlarges_text_and_targets_by_about_a_third():
    normal, care = theme.sizes(), theme.sizes(theme.CARE_SCALE)
    assert all(1.25 <= care[name] / normal[name] <= 1.35 for name in normal)
    assert normal["small"] >= 28 and normal["button"] >= 72
    assert f"font-size: {care['body']}px" in theme.style_sheet(theme.CARE_SCALE)
