"""Face capture without Qt: detection, ISO/ICAO-style quality checks, auto-capture and a liveness challenge.

Entry points: pipeline.FaceSession (fed frame by frame by the UI) and pipeline.capture_face (a loop over a
Camera). Detection and landmarks come from mediapipe's FaceMesh, whose models ship in its wheel; nothing is
downloaded.
"""
