"""Reading an upload: which kind of file it is and its tables (sheet.py does the reading)."""

import io
import zipfile
from dataclasses import dataclass

from .. import sheet
from ..export import EXTRAS_FILE
from ..export import tables as hsds_tables
from ..sheet import FileProblem


@dataclass
class Upload:
    kind: str  # "hsds" or "sheet"
    tables: dict  # {name: sheet.Table}


def read_upload(data: bytes, filename: str = "") -> Upload:
    """Raises FileProblem when the file cannot be read at all."""
    if not data:
        raise FileProblem("empty")
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise FileProblem("unknown_format") from None
        sheet.check_archive(archive)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            return Upload("sheet", {"sheet": sheet.read_xlsx(data, filename)})
        if "datapackage.json" not in names:
            raise FileProblem("not_package")
        tables = {}
        for table, (path, _columns) in hsds_tables().items():
            if path in names:
                tables[table] = sheet.read_csv(sheet.read_member(archive, path), path)
        if EXTRAS_FILE in names:
            tables["extras"] = sheet.read_csv(sheet.read_member(archive, EXTRAS_FILE), EXTRAS_FILE)
        return Upload("hsds", tables)
    if filename.lower().endswith((".xls", ".xlsx")) and not data.startswith(b"PK"):
        raise FileProblem("not_xlsx")
    return Upload("sheet", {"sheet": sheet.read_csv(data, filename)})
