"""The batch runner shared by matching and education (kokoron.core.batchrun)."""

import gc

import pytest

from kokoron.core.batchrun import cycle_collection_paused


def test_the_cycle_collector_is_paused_while_a_batch_computes_and_restored_after():
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), cycle_collection_paused():
        1 / 0  # noqa: B018 - a batch that fails
    assert gc.isenabled()
    # Left off when it was off before (a caller's own choice is kept).
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
