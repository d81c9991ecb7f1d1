"""Reading the files staff upload for import. Pure Python: no Django import.

- decode(): CSV bytes in UTF-8 (with or without BOM) or Shift_JIS (CP932), told from the bytes;
- normalise(): full-width digits, letters, signs and spaces to their plain forms;
- read_csv() / read_xlsx(): rows as {header: value} with their spreadsheet row numbers;
- the council's own sheet (COLUMNS): parse_sheet_row() turns one row into plain values and
  problems; parse_schedule() reads opening hours written in words (毎月第2・第4火曜 10:00〜12:00).

Problems carry a code and parameters, not words: the Django layer says them in the reader's
language (importer.MESSAGES).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from kokoron.core.kana import is_kana, to_hiragana
from kokoron.core.web_addresses import is_web_address

# Ids of rows that a sheet gives without one: the same name gives the same id on every import.
NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-5c7d-9e0f-1a2b3c4d5e6f")
MAX_ROWS = 50_000
# A ZIP upload (an HSDS package or an .xlsx workbook) is opened only if it unpacks to at most
# this much, in at most this many files: a small file must not unpack into gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 200


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: row 0 is the file itself, row 1 its header."""

    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)
    file: str = ""


class FileProblem(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.problem = Problem(0, "", code, params)


def check_archive(archive):
    """Refuses a ZIP whose members would unpack past the limits. The sizes checked are those
    the archive declares, which Python's zipfile never reads past (read_member checks again)."""
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > (
        MAX_UNPACKED_BYTES
    ):
        raise FileProblem(
            "archive_too_large",
            limit=MAX_UNPACKED_BYTES // (1024 * 1024),
            members=MAX_ARCHIVE_MEMBERS,
        )


def read_member(archive, name, limit=MAX_UNPACKED_BYTES):
    """One member's bytes, read no further than the limit."""
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(
            "archive_too_large",
            limit=limit // (1024 * 1024),
            members=MAX_ARCHIVE_MEMBERS,
        )
    return data


# Text ---------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with or without BOM, else Shift_JIS (as Windows writes it)."""
    if b"\x00" in data:  # UTF-16 or a binary file
        raise FileProblem("encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        raise FileProblem("encoding") from None
    # Bytes that CP932 maps to its private-use area are not text anyone typed.
    if any("\ue000" <= char <= "\uf8ff" for char in text):
        raise FileProblem("encoding")
    return text


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def normalise(value) -> str:
    """A cell as text: full-width digits, Latin letters and spaces made plain, trimmed.

    Only the ASCII range of the full-width forms is folded, so that kana and kanji stay as
    written (NFKC would also turn ① into 1 and ㈱ into (株)).
    """
    if value is None:
        return ""
    text = str(value)
    text = "".join(
        chr(ord(char) - 0xFEE0) if "\uff01" <= char <= "\uff5e" else char for char in text
    )
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def normalise_code(value) -> str:
    """Numbers, times and codes: NFKC (half-width katakana too), no spaces at the ends."""
    return unicodedata.normalize("NFKC", normalise(value))


# Reading files ------------------------------------------------------------------------------


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, {header: text})


def read_csv(data: bytes, name: str = "") -> Table:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [normalise(h) for h in next(reader)]
    except StopIteration:
        raise FileProblem("empty") from None
    except csv.Error:
        raise FileProblem("not_csv") from None
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem("too_many_rows", limit=MAX_ROWS)
            rows.append((number, dict(zip(headers, cells, strict=False))))
    except csv.Error:
        raise FileProblem("not_csv") from None
    return Table(name, headers, rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, name: str = "") -> Table:
    """The first worksheet of an Excel workbook (.xlsx), its first row the headers."""
    import zipfile

    from openpyxl import load_workbook

    try:
        check_archive(zipfile.ZipFile(io.BytesIO(data)))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileProblem("not_xlsx") from None
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            headers = [normalise(_cell_text(h)) for h in next(values)]
        except StopIteration:
            raise FileProblem("empty") from None
        rows = []
        for number, cells in enumerate(values, start=2):
            texts = [_cell_text(c) for c in cells]
            if not any(t.strip() for t in texts):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem("too_many_rows", limit=MAX_ROWS)
            rows.append((number, dict(zip(headers, texts, strict=False))))
    finally:
        workbook.close()
    return Table(name, headers, rows)


# The council's sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


# One row per service. Headers in Japanese as in the template; the English keys work too.
COLUMNS = (
    Column("id", "ID"),
    Column("name", "名称", ("サービス名", "事業名"), required=True),
    Column("name_kana", "よみがな", ("ふりがな", "読み", "よみ"), required=True),
    Column("organization", "運営団体", ("団体", "団体名", "運営"), required=True),
    Column("organization_kana", "団体よみがな", ("団体ふりがな",)),
    Column("field", "分野"),
    Column("kind", "種別", required=True),
    Column("district", "学区"),
    Column("neighbourhood", "町内", ("町内会",)),
    Column("place", "会場", ("場所", "施設名")),
    Column("place_kana", "会場よみがな"),
    Column("postal_code", "郵便番号", ("〒",)),
    Column("address", "住所"),
    Column("phone", "電話", ("電話番号", "TEL")),
    Column("fax", "FAX", ("ファクス", "ファックス")),
    Column("email", "メール", ("メールアドレス", "Eメール")),
    Column("url", "ホームページ", ("URL", "ウェブサイト")),
    Column("description", "説明", ("内容", "概要")),
    Column("eligibility", "対象", ("対象者",)),
    Column("fee", "料金", ("費用",)),
    Column("fee_details", "料金の説明", ("費用の説明",)),
    Column("schedule", "開所日時", ("日時", "開催日時", "受付時間")),
    Column("days", "曜日"),
    Column("opens_at", "開始", ("開始時刻",)),
    Column("closes_at", "終了", ("終了時刻",)),
    Column("closed_on_holidays", "祝日休み"),
    Column("closed_year_end", "年末年始休み"),
    Column("schedule_note", "日時の注記", ("備考",)),
    Column("step_free", "段差なし", ("バリアフリー",)),
    Column("languages", "対応言語", ("言語",)),
    Column("latitude", "緯度"),
    Column("longitude", "経度"),
    Column("assured_date", "最終確認日", ("確認日",)),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

YES = {"はい", "○", "\u3007", "◯", "有", "あり", "yes", "y", "true", "1", "✓"}
NO = {"いいえ", "\u00d7", "✕", "無", "なし", "no", "n", "false", "0", "-", "ー"}
FEES = {
    "無料": "free",
    "free": "free",
    "有料": "paid",
    "paid": "paid",
    "実費": "paid",
    "場合による": "varies",
    "内容による": "varies",
    "varies": "varies",
}
LANGUAGE_NAMES = {
    "日本語": "ja",
    "英語": "en",
    "中国語": "zh",
    "韓国語": "ko",
    "韓国・朝鮮語": "ko",
    "ベトナム語": "vi",
    "ポルトガル語": "pt",
    "スペイン語": "es",
    "ネパール語": "ne",
    "タガログ語": "tl",
    "手話": "jsl",
}
LANGUAGE_CODES = set(LANGUAGE_NAMES.values())
LIST_SEPARATORS = re.compile(r"[、,・/;\n]+")  # full-width forms are folded first


def column_map(headers: list[str]) -> dict[str, str]:
    """{column key: header as written in the file}, for the headers the sheet knows."""
    wanted = {}
    for column in COLUMNS:
        for name in (column.header, column.key, *column.aliases):
            wanted.setdefault(name.casefold(), column.key)
    found = {}
    for header in headers:
        key = wanted.get(header.strip().casefold())
        if key and key not in found:
            found[key] = header
    return found


def missing_columns(found: dict[str, str]) -> list[Column]:
    return [c for c in COLUMNS if c.required and c.key not in found]


def split_list(value: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]


def derived_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "\n".join(str(p) for p in parts))


def parse_bool(value: str, default: bool):
    text = normalise_code(value).casefold()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(text)


def parse_date(value: str) -> dt.date | None:
    """2026-04-01, 2026/4/1 or 2026年4月1日 (full-width digits too)."""
    text = normalise_code(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?", text)
    if not match:
        raise ValueError(text)
    return dt.date(*(int(g) for g in match.groups()))


def parse_time(value: str) -> dt.time:
    """9:00, 09:30, 08:30:00 (HSDS 3.0's time, as the export writes it), 9時, 9時30分; 930 is
    not accepted (ambiguous)."""
    text = normalise_code(value)
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2})(?::(\d{2}))?|時(?:(\d{1,2})分)?|時半)", text)
    if not match:
        raise ValueError(text)
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(4) or (30 if text.endswith("半") else 0))
    second = int(match.group(3) or 0)
    if hour == 24 and minute == 0 and second == 0:
        return dt.time(23, 59)
    return dt.time(hour, minute, second)


# Opening hours in words -------------------------------------------------------------------

WEEKDAY_CHARS = "月火水木金土日"
_TIME = r"\d{1,2}(?::\d{2}|時(?:\d{1,2}分|半)?)"
_RANGE = re.compile(rf"({_TIME})\s*[〜~\-\u2013―ーから]+\s*({_TIME})")
_SEGMENTS = re.compile(r"[/;\n]+")


@dataclass(frozen=True)
class ScheduleRow:
    """One HSDS schedule row: freq, byday (RFC 5545), opens and closes."""

    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time


def _weekdays(text: str) -> list[int]:
    """Weekday numbers (0 = Monday) named in a Japanese day expression, ranges included."""
    days: list[int] = []
    text = text.replace("平日", "月〜金").replace("毎日", "月〜日")
    chars = [c for c in text if c in WEEKDAY_CHARS or c in "〜~-\u2013ー"]
    position = 0
    while position < len(chars):
        char = chars[position]
        if char in WEEKDAY_CHARS:
            start = WEEKDAY_CHARS.index(char)
            if (
                position + 2 < len(chars)
                and chars[position + 1] not in WEEKDAY_CHARS
                and chars[position + 2] in WEEKDAY_CHARS
            ):
                end = WEEKDAY_CHARS.index(chars[position + 2])
                days.extend(range(start, end + 1) if end >= start else [])
                position += 3
                continue
            days.append(start)
        position += 1
    return sorted(set(days))


def _weeks(text: str) -> list[int]:
    weeks = [int(n) for n in re.findall(r"第\s*(\d)", text)]
    # 第2・4火曜: the numbers after the first 第 belong to it as well.
    weeks += [int(n) for n in re.findall(r"(?<=[・、,])\s*(\d)(?=\D)", text)]
    if re.search(r"最終|最後", text):
        weeks.append(-1)
    return sorted(set(weeks), key=lambda w: (w < 0, w))


def parse_schedule(value: str) -> list[ScheduleRow]:
    """Opening hours as written by people: one or more parts split by / or ; or new lines (full-width too).

    月〜金 9:00〜17:00 / 月・水・金 9:00〜12:00、13:00〜17:00 / 毎月第2・第4火曜 10:00〜12:00 /
    第1水曜日 13時半〜15時半 / 平日 9時〜12時 / 最終金曜 10:00-12:00. Raises ValueError.
    """
    rows: list[ScheduleRow] = []
    text = normalise_code(value)
    for segment in _SEGMENTS.split(text):
        segment = segment.strip()
        if not segment:
            continue
        ranges = list(_RANGE.finditer(segment))
        if not ranges:
            raise ValueError(segment)
        day_text = segment[: ranges[0].start()]
        day_text = re.sub(r"毎月|毎週|曜日|曜|祝日|祝", "", day_text)
        weekdays = _weekdays(day_text)
        if not weekdays:
            raise ValueError(segment)
        weeks = _weeks(day_text)
        if any(w not in (1, 2, 3, 4, 5, -1) for w in weeks):
            raise ValueError(segment)
        codes = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
        if weeks:
            byday = ",".join(f"{w}{codes[d]}" for d in weekdays for w in weeks)
        else:
            byday = ",".join(codes[d] for d in weekdays)
        for match in ranges:
            opens, closes = parse_time(match.group(1)), parse_time(match.group(2))
            if closes <= opens:
                raise ValueError(segment)
            rows.append(ScheduleRow("MONTHLY" if weeks else "WEEKLY", byday, opens, closes))
    return rows


# One row of the sheet -----------------------------------------------------------------------


@dataclass
class SheetRow:
    number: int
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def parse_sheet_row(number: int, raw: dict[str, str], columns: dict[str, str]) -> SheetRow:
    """Plain values of one row of the council's sheet, and what is wrong with it.

    References to the database (district, terms, organisations) are checked by the caller.
    """
    row = SheetRow(number)

    def cell(key, code=False):
        header = columns.get(key)
        if header is None:
            return ""
        return (normalise_code if code else normalise)(raw.get(header, ""))

    def problem(key, code, **params):
        header = columns.get(key) or COLUMN_BY_KEY[key].header
        row.problems.append(Problem(number, header, code, params))

    values = row.values
    for key in ("name", "organization", "kind", "name_kana"):
        values[key] = cell(key)
        if not values[key]:
            problem(key, "required")
    for key in ("name_kana", "organization_kana", "place_kana"):
        reading = cell(key)
        if reading and not is_kana(reading):
            problem(key, "kana")
        values[key] = to_hiragana(reading)
    for key in (
        "description",
        "eligibility",
        "fee_details",
        "schedule_note",
        "district",
        "neighbourhood",
        "place",
        "address",
    ):
        values[key] = cell(key)
    values["fields"] = split_list(cell("field"))
    values["kinds"] = split_list(values.pop("kind"))
    for key in ("postal_code", "phone", "fax"):
        values[key] = cell(key, code=True)
    if values["postal_code"] and not re.fullmatch(r"\d{3}-?\d{4}", values["postal_code"]):
        problem("postal_code", "postal_code")
    elif len(values["postal_code"]) == 7:
        values["postal_code"] = f"{values['postal_code'][:3]}-{values['postal_code'][3:]}"
    for key in ("phone", "fax"):
        if values[key] and not re.fullmatch(r"[\d\-() ]{6,20}", values[key]):
            problem(key, "phone")
    values["email"] = cell("email", code=True)
    if values["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["email"]):
        problem("email", "email")
    values["url"] = cell("url", code=True)
    if values["url"] and not is_web_address(values["url"]):
        problem("url", "url")

    identifier = cell("id", code=True)
    values["id"] = None
    if identifier:
        try:
            values["id"] = uuid.UUID(identifier)
        except ValueError:
            problem("id", "uuid")

    fee = cell("fee", code=True)
    values["fee_kind"] = FEES.get(fee.casefold()) if fee else "free"
    if values["fee_kind"] is None:
        problem("fee", "choice", choices="無料、有料、場合による")

    for key, default in (("closed_on_holidays", True), ("closed_year_end", True)):
        try:
            values[key] = parse_bool(cell(key), default)
        except ValueError:
            values[key] = default
            problem(key, "yes_no")
    try:
        values["step_free"] = parse_bool(cell("step_free"), None)
    except ValueError:
        values["step_free"] = None
        problem("step_free", "yes_no")

    languages = []
    for name in split_list(cell("languages")):
        code = LANGUAGE_NAMES.get(name, name.casefold())
        if code not in LANGUAGE_CODES:
            problem("languages", "language", value=name)
        else:
            languages.append(code)
    values["languages"] = languages

    values["schedules"] = []
    words = cell("schedule")
    if not words and cell("days"):
        words = f"{cell('days')} {cell('opens_at', code=True)}〜{cell('closes_at', code=True)}"
    if words:
        try:
            values["schedules"] = parse_schedule(words)
        except ValueError:
            key = "schedule" if cell("schedule") else "days"
            problem(key, "schedule", value=words)

    for key, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        text = cell(key, code=True)
        values[key] = None
        if text:
            try:
                number_value = float(text)
            except ValueError:
                problem(key, "number")
                continue
            if not low <= number_value <= high:
                problem(key, "number")
            else:
                values[key] = round(number_value, 6)
    try:
        values["assured_date"] = parse_date(cell("assured_date"))
    except ValueError:
        values["assured_date"] = None
        problem("assured_date", "date")
    return row
