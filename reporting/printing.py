"""A report's packet on paper: its HTML document, its PDF (WeasyPrint), and the answer that carries either.

The HTML document and the PDF come from the same template (`reporting/print/packet_document.html`) and the same
stylesheet (`reporting/packet.css`, a static file: no inline style, the pages' Content-Security-Policy holds). The
PDF is laid out from that stylesheet alone: WeasyPrint fetches nothing, from the network or the disk.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from .packets import Packet, packet_filename

PACKET_CSS = "reporting/packet.css"
HTML = "html"
PDF = "pdf"
FORMATS = (HTML, PDF)
NO_STORE = "no-store, private"  # a child's record: never kept by a browser or a proxy


def packet_document(packet: Packet, *, for_pdf: bool = False) -> str:
    """The packet as a whole HTML document (its stylesheet linked, or left to the PDF renderer)."""
    return render_to_string("reporting/print/packet_document.html", {"packet": packet, "for_pdf": for_pdf})


def packet_stylesheet() -> str:
    found = finders.find(PACKET_CSS)
    if not isinstance(found, str):
        raise FileNotFoundError(f"The packet's stylesheet {PACKET_CSS} is not among the static files.")
    with open(found, encoding="utf-8") as css:
        return css.read()


def packet_pdf(packet: Packet) -> bytes:
    """The packet laid out for a letter-size page, as PDF bytes."""
    # Imported here: WeasyPrint binds the Pango library when imported, which only the PDF needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    nothing_fetched = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=packet_document(packet, for_pdf=True), url_fetcher=nothing_fetched)
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(string=packet_stylesheet(), url_fetcher=nothing_fetched)]
    )
    return pdf


def packet_response(packet: Packet, packet_format: str) -> HttpResponse:
    """The packet in `packet_format` (one of FORMATS): the HTML document, or the PDF as a download."""
    if packet_format == PDF:
        response = HttpResponse(packet_pdf(packet), content_type="application/pdf")
        disposition = content_disposition_header(as_attachment=True, filename=packet_filename(packet.report))
        response["Content-Disposition"] = disposition
    else:
        response = HttpResponse(packet_document(packet), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = NO_STORE
    return response
