"""Geometry on mediapipe FaceMesh's 478 landmarks (468 mesh points + 10 iris points): eye openness, head pose.

Indices are the mesh's own (mediapipe/modules/face_geometry/data/canonical_face_model_uv_visualization.png).
"Image-left" is the resident's right eye: the camera faces them and frames are not mirrored.
Every function takes one face's landmarks as an (N, 3) float array: x, y in frame pixels, z (depth, about the
scale of x; smaller is nearer the camera).
"""

from __future__ import annotations

import math

import numpy as np

NOSE_TIP = 1
FOREHEAD = 10
CHIN = 152
CHEEK_IMAGE_LEFT, CHEEK_IMAGE_RIGHT = 234, 454
IRIS_IMAGE_LEFT, IRIS_IMAGE_RIGHT = 468, 473
# Eye aspect ratio points per eye, in Soukupová & Čech's order: outer corner, two upper lid points, inner
# corner, two lower lid points (p1..p6).
EAR_IMAGE_LEFT = (33, 160, 158, 133, 153, 144)
EAR_IMAGE_RIGHT = (362, 385, 387, 263, 373, 380)
# The eye contours (lids and corners), for the eye boxes the quality checks measure glare in.
EYE_CONTOUR_IMAGE_LEFT = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
EYE_CONTOUR_IMAGE_RIGHT = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)
MOUTH_CENTER = (13, 14)
LANDMARK_COUNT = 478


def eye_centers(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The iris centres (image-left first), in pixels."""
    return points[IRIS_IMAGE_LEFT, :2], points[IRIS_IMAGE_RIGHT, :2]


def eye_distance(points: np.ndarray) -> float:
    left, right = eye_centers(points)
    return float(np.hypot(*(right - left)))


def roll_deg(points: np.ndarray) -> float:
    """Angle of the line through both irises; positive when the image-right eye is lower."""
    left, right = eye_centers(points)
    return math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))


def yaw_ratio(points: np.ndarray) -> float:
    """Nose tip off the midpoint of the eyes, sideways, in eye distances; positive towards the image's right.

    Measured on real photos: about ±0.05 at 10° of yaw and −0.13 / +0.25 at ±45° (notes face-2); a face-box
    based estimate barely moves.
    """
    left, right = eye_centers(points)
    distance = max(float(np.hypot(*(right - left))), 1.0)
    axis = (right - left) / distance
    return float(np.dot(points[NOSE_TIP, :2] - (left + right) / 2, axis)) / distance


def pitch_deg(points: np.ndarray) -> float:
    """Tilt of the forehead–chin line out of the image plane, from the mesh's depth; positive is chin up."""
    top, bottom = points[FOREHEAD], points[CHIN]
    return math.degrees(math.atan2(top[2] - bottom[2], float(np.hypot(*(bottom[:2] - top[:2])))))


def eye_aspect_ratio(points: np.ndarray) -> float:
    """Mean over both eyes of lid opening ÷ eye width (open ≈ 0.2–0.35 depending on the person; shut ≈ 0.05)."""
    ratios = []
    for p1, p2, p3, p4, p5, p6 in (EAR_IMAGE_LEFT, EAR_IMAGE_RIGHT):
        width = float(np.hypot(*(points[p4, :2] - points[p1, :2])))
        opening = (float(np.hypot(*(points[p2, :2] - points[p6, :2])))
                   + float(np.hypot(*(points[p3, :2] - points[p5, :2]))))
        ratios.append(opening / (2 * max(width, 1e-6)))
    return sum(ratios) / 2


def eye_boxes(points: np.ndarray) -> tuple[tuple[float, float, float, float], ...]:
    """(x, y, w, h) around each eye's contour, image-left first."""
    boxes = []
    for contour in (EYE_CONTOUR_IMAGE_LEFT, EYE_CONTOUR_IMAGE_RIGHT):
        xy = points[list(contour), :2]
        (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
        boxes.append((float(x0), float(y0), float(x1 - x0), float(y1 - y0)))
    return tuple(boxes)
