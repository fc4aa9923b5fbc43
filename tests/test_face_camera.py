"""Cameras: video files, an HTTP stream that drops and comes back, the simulator, and the grabber thread."""

from __future__ import annotations

import functools
import http.server
import logging
import threading
import time

import numpy as np
import pytest
from face_fixtures import scenario_frames, write_video

from devices.camera.base import CameraEnded, CameraError
from devices.camera.factory import open_camera
from devices.camera.opencv_camera import CameraWorker, OpenCvCamera, redact_source
from devices.camera.simulated import SimulatedCamera


@pytest.fixture
def video(tmp_path):
    return write_video(tmp_path / "face.avi", scenario_frames("good", 10))


def test_video_file_frames_are_fitted_to_the_configured_size_and_end(video):
    camera = OpenCvCamera(str(video), 320, 200)  # another aspect ratio: centre-cropped, then scaled
    frames = [camera.read() for _ in range(10)]
    assert all(f.shape == (200, 320, 3) and f.dtype == np.uint8 for f in frames)
    with pytest.raises(CameraEnded):
        camera.read()
    camera.close()


def test_frames_are_independent_copies(video):
    camera = OpenCvCamera(str(video), 640, 480)
    first, second = camera.read(), camera.read()
    kept = second.copy()
    first[:] = 0  # the receiver scribbling on its frame changes nothing else
    third = camera.read()
    assert not np.shares_memory(first, second) and not np.shares_memory(second, third)
    assert np.array_equal(second, kept)


def test_missing_file_is_a_camera_error_with_a_chinese_message(tmp_path):
    with pytest.raises(CameraError) as caught:
        OpenCvCamera(str(tmp_path / "missing.avi"), 640, 480).read()
    assert "摄像头" in caught.value.message_zh


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def test_stream_reconnects_after_the_source_drops_and_gives_up_when_it_stays_down(video, caplog):
    caplog.set_level(logging.INFO, logger="devices.camera")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(video.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://user:secret@127.0.0.1:{server.server_port}/{video.name}"
    camera = OpenCvCamera(url, 640, 480, reconnect_delay_s=0.01)
    # The served video has 10 frames; each end of stream is a dropped connection the camera recovers from.
    frames = [camera.read() for _ in range(25)]
    assert len(frames) == 25
    assert "reconnected" in caplog.text
    server.shutdown()
    server.server_close()
    with pytest.raises(CameraError):
        for _ in range(20):
            camera.read()
    assert "secret" not in caplog.text  # credentials in stream URLs never reach the log
    camera.close()


def test_redact_source():
    assert redact_source("rtsp://admin:pw@10.0.0.5:554/live") == "rtsp://10.0.0.5:554/live"
    assert redact_source("0") == "0"


def test_simulator_frames_differ_and_it_can_fail_on_demand():
    camera = SimulatedCamera(fail_after=3)
    a, b, c = camera.read(), camera.read(), camera.read()
    assert a.shape == (480, 640, 3)
    assert not np.array_equal(a, b) and not np.array_equal(b, c)
    with pytest.raises(CameraError):
        camera.read()


def test_realtime_simulator_runs_at_camera_speed():
    camera = open_camera("sim", 640, 480, realtime=True)
    assert isinstance(camera, SimulatedCamera)
    start = time.monotonic()
    for _ in range(7):
        camera.read()
    assert time.monotonic() - start >= 6 / 30


def test_worker_delivers_frames_on_its_thread_then_reports_the_fault():
    frames, errors, threads = [], [], set()
    done = threading.Event()

    def on_frame(frame):
        frames.append(frame)
        threads.add(threading.current_thread().name)

    def on_error(exc):
        errors.append(exc)
        done.set()

    worker = CameraWorker(SimulatedCamera(fail_after=12), on_frame, on_error)
    worker.start()
    assert done.wait(5)
    worker.stop()
    assert len(frames) == 12 and threads == {"camera-worker"}
    assert isinstance(errors[0], CameraError)
    assert not worker.running


def test_worker_stops_promptly_on_request():
    frames = []
    worker = CameraWorker(SimulatedCamera(realtime=True), frames.append, lambda exc: None, max_fps=30)
    worker.start()
    time.sleep(0.3)
    worker.stop()
    count = len(frames)
    assert 3 <= count <= 12
    time.sleep(0.1)
    assert len(frames) == count and not worker.running
