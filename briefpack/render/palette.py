"""Colours both writers share, as 'RRGGBB' hex (no output library imported here)."""

from __future__ import annotations

# Threat-scale fills darken step by step so the scale still reads as a ramp on a
# greyscale printer (grey values ≈ 226, 215, 174, 118, 61); the names carry the meaning.
STEP_FILLS = {1: "D4EDD0", 2: "F5DC6E", 3: "F0A23C", 4: "D9532B", 5: "8E1B1B"}
STEP_INK = {1: "000000", 2: "000000", 3: "000000", 4: "FFFFFF", 5: "FFFFFF"}
