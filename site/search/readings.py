"""Readings of words written in kanji, added to the index wherever the word appears."""

import re
import threading
import time

from . import text

# Each process reloads the table at most this often; saving a reading reloads it at once here.
RELOAD_SECONDS = 60

_lock = threading.Lock()
_state = {"loaded_at": None, "pattern": None, "readings": {}}


def invalidate():
    with _lock:
        _state["loaded_at"] = None


def _table():
    with _lock:
        loaded_at = _state["loaded_at"]
        if loaded_at is not None and time.monotonic() - loaded_at < RELOAD_SECONDS:
            return _state["pattern"], _state["readings"]
    from .models import Reading

    readings = {}
    for word, reading in Reading.objects.values_list("word", "reading"):
        key = text.normalize(word).strip()
        if key:
            readings.setdefault(key, []).append(reading)
    pattern = (
        re.compile("|".join(re.escape(key) for key in sorted(readings, key=len, reverse=True)))
        if readings
        else None
    )
    with _lock:
        _state.update(loaded_at=time.monotonic(), pattern=pattern, readings=readings)
    return pattern, readings


def readings_for(raw_text):
    """The readings of the known words in a text, separated by spaces ("" for none)."""
    pattern, readings = _table()
    if pattern is None:
        return ""
    found = []
    for match in pattern.finditer(text.normalize(raw_text)):
        for reading in readings[match.group(0)]:
            if reading not in found:
                found.append(reading)
    return " ".join(found)
