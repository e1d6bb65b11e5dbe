"""Read a corpus folder: every supported file becomes a Document, every other file a reasoned skip."""

from __future__ import annotations

from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.documents import SIDECAR_SUFFIX, read_document
from index.ingest.slugs import slugify
from index.types import Corpus, Document, SkippedFile


def corpus_files(folder: Path) -> list[Path]:
    """The files an ingest looks at: all regular files below `folder`, but hidden ones and sidecars."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and not path.name.endswith(SIDECAR_SUFFIX)
    )


def load_corpus(folder: Path) -> Corpus:
    """All plans in `folder`. A file that cannot be read is skipped with its reason; the rest go on."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"corpus folder {folder} does not exist; set POLICY_SEARCH_CORPUS to a folder of plans"
        )
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    warnings: list[str] = []
    taken: set[str] = set()
    for path in corpus_files(folder):
        name = str(path.relative_to(folder))
        doc_id = slugify(path.stem)
        if doc_id in taken:
            doc_id = slugify(f"{path.stem}-{path.suffix.lstrip('.')}")
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
        taken.add(document.doc_id)
        documents.append(document)
        warnings.extend(document.warnings)
    return Corpus(tuple(documents), tuple(skipped), tuple(warnings))
