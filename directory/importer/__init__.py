"""Import into the directory: an HSDS Tabular Data Package (as export.py makes it) or the
council's own sheet (CSV or Excel, one row per service; columns in sheet.COLUMNS).

Three steps, each usable alone:

1. read_upload() (upload.py): the file's tables (sheet.py does the reading; this only tells
   the kinds);
2. build_plan() (plan.py): every row checked and turned into the rows the database should
   hold, with each problem tied to its file, row and column; nothing is written. A package's
   tables are read one function per table (hsds*.py), the council's sheet row by row
   (sheet_rows.py);
3. apply_plan() (write.py): in one transaction, creates and updates rows by id (new, changed or
   unchanged are counted) and removes the children the file no longer lists for the objects
   it brings; with dry_run it rolls back, which is how the preview counts what would change.

Importing the same file twice changes nothing the second time: the sheet's rows without an id
get one derived from their names, and the package brings its own.
"""

from .messages import MESSAGES, message, problem_dicts, problems_from_dicts
from .plan import Plan, build_plan
from .upload import Upload, read_upload
from .write import Result, apply_plan, import_file

__all__ = [
    "MESSAGES",
    "Plan",
    "Result",
    "Upload",
    "apply_plan",
    "build_plan",
    "import_file",
    "message",
    "problem_dicts",
    "problems_from_dicts",
    "read_upload",
]
