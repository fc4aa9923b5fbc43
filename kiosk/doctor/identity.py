"""人证比对: whether the configured face engine can run on this CPU, and whether the card photo can be decoded."""

from __future__ import annotations

from kiosk.doctor.core import Check, Context, needs_config


@needs_config("face_compare")
def face_compare(ctx: Context) -> Check:
    from devices.idcard.photo import load_decoder
    from facematch.plugins import open_engine_status

    assert ctx.config is not None
    engine = ctx.config.face_compare_engine
    decoder = "none (photo_decoder = none)" if ctx.config.photo_decoder == "none" else (
        "installed" if load_decoder() is not None else "not installed (simulated reader only: simulation decoder)")
    if engine == "open":
        # Only looks at /proc/cpuinfo and whether the packages are there: importing dlib without AVX kills us.
        problem = open_engine_status()
        if problem:
            return Check("face_compare", "warn", f"open face engine unavailable: {problem}; WLT decoder {decoder}",
                         "every case goes to staff for identity; use a board with AVX (most Core/Pentium "
                         "Silver, not Celeron J/N) or install a certified engine plug-in")
        detail = "open engine dlib-resnet-v1 (advisory, not certified)"
    elif engine == "none":
        return Check("face_compare", "warn", f"face comparison switched off; WLT decoder {decoder}",
                     "set face_compare_engine = \"open\" or a certified plug-in's name")
    else:
        from importlib.metadata import entry_points

        from facematch.plugins import ENTRY_POINT_GROUP

        if not list(entry_points(group=ENTRY_POINT_GROUP, name=engine)):
            return Check("face_compare", "fail", f"face engine plug-in {engine} is not installed",
                         f"install the vendor package that registers {engine} in {ENTRY_POINT_GROUP}")
        detail = f"plug-in engine {engine}{' (certified)' if ctx.config.face_compare_certified else ''}"
    return Check("face_compare", "pass", f"{detail}; WLT decoder {decoder}")
