"""Limits on a .docx archive before it is opened: a zip bomb is refused, not expanded."""

from __future__ import annotations

import zipfile
from pathlib import Path

from index.errors import UnreadableFile

# A plan of a few hundred pages with its images expands to a few dozen MB in a few hundred
# entries; these limits leave room for that and none for a bomb.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # expanded size over compressed size of one entry


def check_archive(
    path: Path, max_expanded: int = MAX_EXPANDED_BYTES, max_entries: int = MAX_ENTRIES
) -> None:
    """UnreadableFile if the archive would expand past the limits.

    The sizes checked are those the archive declares; Python's zipfile never reads an
    entry past its declared size (it fails the CRC instead), so they bound what is read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UnreadableFile(
            f"not a valid .docx file ({type(error).__name__}); re-save it from Word or WPS"
        ) from error
    if len(entries) > max_entries:
        raise UnreadableFile(
            f"the .docx archive holds {len(entries)} entries, more than {max_entries}; "
            "refused as a possible zip bomb, re-save the plan from Word or WPS"
        )
    expanded = sum(entry.file_size for entry in entries)
    if expanded > max_expanded:
        raise UnreadableFile(
            f"the .docx archive would expand to {expanded:,} bytes, more than "
            f"{max_expanded:,}; refused as a possible zip bomb"
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise UnreadableFile(
                f"the .docx entry {entry.filename!r} would expand {entry.file_size:,} bytes "
                f"from {entry.compress_size:,} (over {MAX_RATIO}×); refused as a possible zip bomb"
            )
