"""Offline recognition of one finger-written Chinese character (for residents who cannot type pinyin)."""

from kiosk.handwriting.base import BOX, HandwritingError, Point, Recognizer, Stroke, parse_strokes, scale_strokes

__all__ = ["BOX", "HandwritingError", "Point", "Recognizer", "Stroke", "parse_strokes", "scale_strokes"]
