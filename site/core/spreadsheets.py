"""CSV files that staff open in Excel. A cell of text someone typed into a public form that
begins like a formula (=, +, -, @, a tab or a carriage return) would be run by the spreadsheet
(CSV injection); it is written with a leading apostrophe, which spreadsheets show as text."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetWriter:
    """csv.writer whose rows are made safe for spreadsheets."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
