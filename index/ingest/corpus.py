"""Read a corpus folder: every supported file becomes a Document, every other file a reasoned skip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.documents import SIDECAR_SUFFIX, read_document, read_sidecar
from index.ingest.slugs import slugify
from index.types import Corpus, Document, SkippedFile


def visible_files(folder: Path) -> list[Path]:
    """Every regular file below `folder` (sidecars included) but hidden ones, in a stable order."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def corpus_files(folder: Path) -> list[Path]:
    """The files an ingest looks at: the visible files but sidecars."""
    return [path for path in visible_files(folder) if not path.name.endswith(SIDECAR_SUFFIX)]


def _free_id(path: Path, folder: Path, taken: dict[str, str]) -> str:
    """The file's id from its name; when another file has it, one made with its folders
    (b/plan.txt → b-plan), then its suffix, then a number: the same files get the same ids."""
    relative = path.relative_to(folder)
    candidates = [
        slugify(path.stem),
        slugify("-".join([*relative.parent.parts, path.stem])),
        slugify("-".join([*relative.parent.parts, path.stem, path.suffix.lstrip(".")])),
    ]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}-{number}" in taken:
        number += 1
    return f"{candidates[-1]}-{number}"


@dataclass(frozen=True)
class AssignedFile:
    path: Path
    doc_id: str
    taken_by: str | None = None  # the file that has this id already (a sidecar's clash)


def assign_doc_ids(folder: Path) -> list[AssignedFile]:
    """Each corpus file with its doc_id, whether or not it can be read: its sidecar's doc_id,
    else one free id made from its name (so a file keeps its id when another file of the
    same name cannot be read)."""
    taken: dict[str, str] = {}  # doc_id → the file that has it
    assigned = []
    for path in corpus_files(folder):
        name = str(path.relative_to(folder))
        overrides, _ = read_sidecar(path)
        doc_id = overrides.get("doc_id") or _free_id(path, folder, taken)
        assigned.append(AssignedFile(path, doc_id, taken.get(doc_id)))
        taken.setdefault(doc_id, name)
    return assigned


def load_corpus(folder: Path, progress: Callable[[int, int], None] | None = None) -> Corpus:
    """All plans in `folder`. A file that cannot be read is skipped with its reason; the rest
    go on. `progress` hears (files read, files) as each file is read."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"corpus folder {folder} does not exist; set POLICY_SEARCH_CORPUS to a folder of plans"
        )
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    warnings: list[str] = []
    assigned = assign_doc_ids(folder)
    for number, entry in enumerate(assigned):
        if progress is not None:
            progress(number, len(assigned))
        name = str(entry.path.relative_to(folder))
        if entry.taken_by is not None:  # its sidecar names an id another file has
            skipped.append(
                SkippedFile(
                    name,
                    f"its sidecar sets doc_id {entry.doc_id!r}, which {entry.taken_by} "
                    f"already has; give one of them another doc_id",
                )
            )
            continue
        try:
            document = read_document(entry.path, entry.doc_id)
        except UnreadableFile as error:
            skipped.append(SkippedFile(name, str(error)))
            continue
        except Exception as error:  # one malformed file must never stop the others
            skipped.append(
                SkippedFile(name, f"could not be read ({type(error).__name__}: {error})")
            )
            continue
        documents.append(document)
        warnings.extend(document.warnings)
    return Corpus(tuple(documents), tuple(skipped), tuple(warnings))
