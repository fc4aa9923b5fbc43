"""Choosing the engine from configuration, and the AVX guard in front of the open one.

`engine = "open"` is the shipped dlib engine (advisory: never certified); `"none"` switches comparison off;
any other name is looked up as an entry point in the `kiosk.face_engine` group, whose object, called with no
arguments, returns a FaceEngine. Only such a plug-in may be marked certified in configuration.
"""

from __future__ import annotations

import functools
import logging
from importlib.metadata import entry_points

from facematch.bands import BandThresholds
from facematch.cpu import has_avx
from facematch.engine import Comparer, DlibEngine

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "kiosk.face_engine"
NO_AVX = "this CPU lacks AVX, which the dlib-bin wheel needs"


def open_engine_status() -> str:
    """"" when the open engine can run here, otherwise why not (for start-up logs and `kiosk doctor`)."""
    if not has_avx():
        return NO_AVX
    try:
        import dlib  # noqa: F401
        import face_recognition_models  # noqa: F401
    except ImportError as exc:
        return f"dlib or its models are not installed ({exc.name})"
    return ""


def load_comparer(engine: str, thresholds: BandThresholds, *, certified: bool) -> Comparer:
    """The configured comparer; one that cannot run degrades to an unavailable one (every case is referred to
    staff) with a log line saying why, rather than stopping the terminal or the back office."""
    if engine == "none":
        return Comparer(None, thresholds, unavailable_reason="face comparison is switched off (engine = none)")
    if engine == "open":
        if certified:
            raise ValueError("the open face engine is advisory and cannot be marked certified")
        problem = open_engine_status()
        if problem:
            log.warning("face comparison disabled: %s; every comparison is referred to staff", problem)
            return Comparer(None, thresholds, unavailable_reason=problem)
        return Comparer(_dlib_engine(), thresholds)
    for entry in entry_points(group=ENTRY_POINT_GROUP, name=engine):
        try:
            return Comparer(entry.load()(), thresholds, certified=certified)
        except Exception as exc:  # a broken vendor install must not stop the kiosk
            log.warning("face engine plug-in %s failed to load: %s; every comparison is referred to staff",
                        engine, exc)
            return Comparer(None, thresholds, unavailable_reason=f"plug-in {engine} failed to load")
    log.warning("face engine %s is not installed; every comparison is referred to staff", engine)
    return Comparer(None, thresholds, unavailable_reason=f"face engine {engine} is not installed")


@functools.cache
def _dlib_engine() -> DlibEngine:
    # Loading the models takes about a second and 100 MB: one engine serves the process (it locks around dlib).
    return DlibEngine()
