"""Setup code and data that several sections of Phase 5, certifications use."""

from __future__ import annotations

PHASE = "p5"
