"""Face capture without Qt: detection, ISO/ICAO-style quality checks, auto-capture and a liveness challenge.

Entry points: pipeline.FaceSession (fed frame by frame by the UI) and pipeline.capture_face (a loop over a
Camera). Everything runs on the Haar cascades inside opencv-python-headless 4.x; nothing is downloaded.
"""
