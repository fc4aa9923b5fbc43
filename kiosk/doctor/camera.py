"""Camera: it opens, how many frames a second it delivers, and whether a face in front of it is found."""

from __future__ import annotations

import time

from kiosk.doctor.core import Check, Context, needs_config

SAMPLE_S = 1.0          # long enough for a stable fps figure at 15–30 fps
MIN_FPS = 10.0          # below this the face guidance lags visibly behind the resident
_MAX_FRAMES = 30


@needs_config("camera")
def camera(ctx: Context) -> Check:
    from devices.camera.base import CameraError
    from devices.camera.factory import open_camera
    from kiosk.face.detect import FaceDetector

    assert ctx.config is not None
    source = ctx.config.camera_source
    label = "simulated camera" if source == "sim" else f"camera {source}"
    gone_hint = (f"check the camera's USB cable and that camera_source = \"{source}\" names it "
                 "(ls /dev/video*; v4l2-ctl --list-devices); the kiosk user must be in group video")
    try:
        cam = open_camera(source, ctx.config.camera_width, ctx.config.camera_height, realtime=True)
    except CameraError as exc:
        return Check("camera", "fail", f"{label} does not open: {exc}", gone_hint)
    detector = FaceDetector()
    faces = frames = 0
    shape = None
    try:
        start = time.monotonic()
        while frames < _MAX_FRAMES and time.monotonic() - start < SAMPLE_S:
            frame = cam.read()
            shape = frame.shape
            frames += 1
            faces += detector.observe(frame).face is not None
        fps = frames / max(time.monotonic() - start, 1e-6)
    except CameraError as exc:
        what = "delivers no frames" if frames == 0 else f"stopped after {frames} frames"
        return Check("camera", "fail", f"{label} {what}: {exc}", gone_hint)
    finally:
        cam.close()
        detector.close()  # frees the FaceMesh graph and its threads now, not at garbage collection
    assert shape is not None
    detail = f"{label}: {shape[1]}×{shape[0]} at {fps:.0f} fps, face in {faces}/{frames} frames"
    if fps < MIN_FPS:
        return Check("camera", "warn", detail, "lower camera_width/camera_height, or use a USB 2.0+ port "
                     "not shared with other devices")
    if faces == 0:
        return Check("camera", "warn", detail, "stand in front of the camera and run kiosk doctor again; if no "
                     "face is found then, clean the lens and check the lighting (no bright window behind the face)")
    return Check("camera", "pass", detail)
