"""Read the text of a Word (.docx) document: body paragraphs and table cells, in order.

Press releases often arrive as Word files. Only the body counts: page headers and
footers (letterheads, "for media use only") are not part of the release, so they are
not read. Each non-empty Word paragraph becomes one paragraph of the result; a manual
line break inside a paragraph is kept as a line break.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from tmtool.errors import EmptyInputError, FormatError, InputError

__all__ = ["docx_paragraphs", "read_docx"]


def docx_paragraphs(path: str | Path) -> list[str]:
    """The non-empty paragraphs of the document body, tables included, in document order.

    Raises :class:`FormatError` when the file is not a Word document,
    :class:`EmptyInputError` when it holds no text.
    """
    import docx  # python-docx; imported here so that importing tmtool.ingest stays light
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"{path}: not a Word .docx document ({exc})") from None
    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            _add(out, item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # Merged cells repeat the same cell object across the row.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for para in cell.paragraphs:
                        _add(out, para.text)
    if not out:
        raise EmptyInputError(f"{path}: the document has no text")
    return out


def _add(out: list[str], text: str) -> None:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    text = "\n".join(line for line in lines if line)
    if text:
        out.append(text)


def read_docx(path: str | Path) -> str:
    """The document body as text: paragraphs separated by a blank line."""
    return "\n\n".join(docx_paragraphs(path)) + "\n"
