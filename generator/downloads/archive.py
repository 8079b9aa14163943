"""The citywide bulk files as ZIP archives: one file each, the same bytes for the same content.

A city of 50,000 entries must fit GitHub Pages' 1 GB with its pages and machine interface; the
plain JSON and CSV of the whole city would take a fifth of it, and they compress four to six
times (the demo catalog's text; more where text repeats). ZIP, not gzip: Windows opens it
without extra software, and pandas and most tools read a one-file ZIP directly
(`pandas.read_csv("catalog.csv.zip")`). The file's date inside the archive is fixed (the ZIP
epoch, as reproducible builds use), so nothing in the bytes depends on the clock.
"""

from __future__ import annotations

import io
import zipfile

SUFFIX = ".zip"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def zipped(member: str, data: bytes) -> bytes:
    """A ZIP archive holding `data` as the one file `member`, deflated at the highest level."""
    info = zipfile.ZipInfo(member, date_time=_EPOCH)
    info.create_system = 3  # Unix, whatever machine builds: the same bytes everywhere
    info.external_attr = 0o644 << 16  # an ordinary readable file once extracted
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()
