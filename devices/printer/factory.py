"""The printer the `printer` configuration value names."""

from __future__ import annotations

from devices.printer.base import Printer


def printer_from_config(value: str) -> Printer:
    """"dir:PATH" (optionally "dir:PATH?fail_with=paper_out") → DirectoryPrinter; anything else is a CUPS
    queue name, printed to through the CUPS server the environment names (CUPS_SERVER or the local one)."""
    if value.startswith("dir:"):
        from devices.printer.directory import DirectoryPrinter

        path, _, query = value.removeprefix("dir:").partition("?")
        fail_with = query.removeprefix("fail_with=") if query.startswith("fail_with=") else None
        if query and fail_with is None:
            raise ValueError(f"printer {value!r}: the only option is ?fail_with=FAULT")
        return DirectoryPrinter(path, fail_with=fail_with)
    from devices.printer.cups import CupsPrinter

    return CupsPrinter(value)
