"""Read a corpus folder: every supported file becomes a Document, every other file a reasoned skip."""

from __future__ import annotations

from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.documents import SIDECAR_SUFFIX, read_document
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


def load_corpus(folder: Path) -> Corpus:
    """All plans in `folder`. A file that cannot be read is skipped with its reason; the rest go on."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"corpus folder {folder} does not exist; set POLICY_SEARCH_CORPUS to a folder of plans"
        )
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    warnings: list[str] = []
    taken: dict[str, str] = {}  # doc_id → the file that has it
    for path in corpus_files(folder):
        name = str(path.relative_to(folder))
        doc_id = _free_id(path, folder, taken)
        try:
            document = read_document(path, doc_id)
        except UnreadableFile as error:
            skipped.append(SkippedFile(name, str(error)))
            continue
        except Exception as error:  # one malformed file must never stop the others
            skipped.append(
                SkippedFile(name, f"could not be read ({type(error).__name__}: {error})")
            )
            continue
        if document.doc_id in taken:  # its sidecar names an id another file has
            skipped.append(
                SkippedFile(
                    name,
                    f"its sidecar sets doc_id {document.doc_id!r}, which {taken[document.doc_id]} "
                    f"already has; give one of them another doc_id",
                )
            )
            continue
        taken[document.doc_id] = name
        documents.append(document)
        warnings.extend(document.warnings)
    return Corpus(tuple(documents), tuple(skipped), tuple(warnings))
