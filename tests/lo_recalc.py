"""Recalculate a workbook in LibreOffice (a real spreadsheet program) for tests.

LibreOffice normally keeps the cached values of an .xlsx it opens; a private
profile switches that to "always recalculate", then the workbook is saved again
as .xlsx so openpyxl (``data_only=True``) reads the recalculated values.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, outdir: Path, target: str, *, recalc: bool = True, timeout_s: float = 300) -> Path:
    """Convert `source` with LibreOffice headless to `target` ("xlsx" or "pdf") in `outdir`."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    filters = {"xlsx": 'xlsx:Calc MS Excel 2007 XML', "pdf": "pdf:calc_pdf_Export"}
    with tempfile.TemporaryDirectory(prefix="wfm-lo-") as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        if recalc:
            (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
        work = Path(tmp) / "work"
        work.mkdir()
        shutil.copy(source, work / source.name)
        subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
             "--convert-to", filters[target], "--outdir", str(work / "out"), source.name],
            cwd=work, capture_output=True, timeout=timeout_s, check=False,
        )
        produced = work / "out" / f"{source.stem}.{target}"
        if not produced.exists():
            raise RuntimeError(f"LibreOffice could not convert {source} to {target}")
        result = outdir / produced.name
        shutil.move(produced, result)
    return result


def convert_many(sources: list[Path], outdir: Path, *, timeout_s: float = 600) -> list[Path]:
    """Recalculate several workbooks in one LibreOffice run (one start-up); the results, in order, as .xlsx."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ValueError("convert_many: give the workbooks different file names")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wfm-lo-") as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
        work = Path(tmp) / "work"
        work.mkdir()
        for source in sources:
            shutil.copy(source, work / source.name)
        subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "out"), *names],
            cwd=work, capture_output=True, timeout=timeout_s, check=False,
        )
        results = []
        for source in sources:
            produced = work / "out" / f"{source.stem}.xlsx"
            if not produced.exists():
                raise RuntimeError(f"LibreOffice could not recalculate {source}")
            results.append(outdir / produced.name)
            shutil.move(produced, results[-1])
    return results
