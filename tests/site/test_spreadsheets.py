"""CSV for spreadsheets: text that would run as a formula is kept as text."""

import csv
import io

import pytest

from kokoron.core.spreadsheets import SpreadsheetWriter, spreadsheet_cell


@pytest.mark.parametrize("text", ["=1+2", "+81 52", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["青木 一", "052-000-0000", "", 3, -3, None, 1.5])
def test_other_values_are_left_alone(value):
    assert spreadsheet_cell(value) == value


def test_the_writer_applies_it_to_every_cell():
    buffer = io.StringIO()
    SpreadsheetWriter(buffer).writerows([["=cmd", "ok", -1]])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=cmd", "ok", "-1"]
