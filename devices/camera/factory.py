"""Choose the camera for a configured source: "sim" is the built-in simulator, anything else goes to OpenCV."""

from __future__ import annotations

from devices.camera.base import Camera


def open_camera(source: str, width: int = 640, height: int = 480, *, realtime: bool = True) -> Camera:
    """realtime paces the simulator and video files at 30 fps / their own rate, as a live camera would be."""
    if source == "sim":
        from devices.camera.simulated import SimulatedCamera

        return SimulatedCamera(width, height, realtime=realtime)
    from devices.camera.opencv_camera import OpenCvCamera

    return OpenCvCamera(source, width, height, realtime=realtime)
