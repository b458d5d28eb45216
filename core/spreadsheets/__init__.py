"""The spreadsheet module: import and export for the admin, on top of django-import-export.

Below every app that uses it (imports no domain app): the domain resources live in each app's
resources.py and subclass `StrictModelResource`; the admins mix in `SpreadsheetImportMixin` or
`SpreadsheetExportMixin`; the inquiry export calls `export_or_job` directly.

- cells.py: strict cell widgets (numbers, dates, yes/no, choices and related records by any of
  their names, in either language);
- files.py: reading CSV/xlsx safely and writing every export by one path (cleaned, defused, streamed);
- resources.py: columns in the staff's language, the whole-sheet checks, all-or-nothing bulk writes;
- report.py: the preview as data; admin.py: the admin mixins; jobs.py: background imports and exports.
"""
