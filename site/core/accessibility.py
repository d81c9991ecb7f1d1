"""The accessibility policy's table of test results, made from what the browser checks wrote
(tests/browser/test_accessibility.py with KOKORON_ACCESSIBILITY_RESULTS). Plain logic.

One row per page or form that was checked; a column per language for axe-core (a form's row:
after it was sent empty) and one for the keyboard. A cell is the number of problems found, or
None where that check was not run.
"""

COLUMNS = ("ja", "ja-easy", "en", "keyboard")


def summarise(results):
    """[(path, kind, {column: problems or None})], kind "page" or "form", sorted by path."""
    rows = {}
    for result in results:
        if result["state"] == "page":
            key, column = (result["page"], "page"), result["language"]
        elif result["state"] == "submitted empty":
            key, column = (result["page"], "form"), result["language"]
        else:
            key, column = (result["page"], "form"), "keyboard"
        cells = rows.setdefault(key, dict.fromkeys(COLUMNS))
        problems = len(result["violations"]) + (1 if result.get("overflow_px") else 0)
        cells[column] = (cells[column] or 0) + problems
    return [(path, kind, cells) for (path, kind), cells in sorted(rows.items())]


def table_rows(summary, words):
    """Rows of text for a table block, the first the header, in the words of one language.

    words: {"header": [...5 texts], "page": ..., "form": ..., "pass": ..., "problems": "{n}...",
    "not_checked": ...}
    """
    rows = [list(words["header"])]
    for path, kind, cells in summary:
        row = [f"{path} ({words[kind]})"]
        for column in COLUMNS:
            count = cells[column]
            if count is None:
                row.append(words["not_checked"])
            elif count == 0:
                row.append(words["pass"])
            else:
                row.append(words["problems"].format(n=count))
        rows.append(row)
    return rows


def totals(summary):
    """(checks run, checks with problems) over every cell."""
    cells = [count for _path, _kind, row in summary for count in row.values() if count is not None]
    return len(cells), sum(1 for count in cells if count)
