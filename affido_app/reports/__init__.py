"""PDF documents (reportlab, no Qt, no database).

Each document module (``elder``, ``fosterer``, ``interview``, ``supervision``, ``attendance``,
``agreement``, ``expenses``, ``activity``) exposes ``build(data, letterhead, **meta) ->
Document``: the story made from plain data gathered by :mod:`affido_app.services.documents`.
:func:`render` writes it into any binary file object. Shared pieces: :mod:`.text` (the one
escaping helper), :mod:`.format` (Italian dates and numbers), :mod:`.styles`, :mod:`.layout`,
:mod:`.template` (page, header, footer, "Pagina N di M", confidentiality mark).
"""

from affido_app.reports.template import Document, Letterhead, render

__all__ = ["Document", "Letterhead", "render", "render_bytes"]


def render_bytes(document: Document) -> tuple[bytes, int]:
    """The PDF in memory (never on disk) and its page count."""
    import io

    buffer = io.BytesIO()
    pages = render(document, buffer)
    return buffer.getvalue(), pages
