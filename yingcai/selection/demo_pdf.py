"""Small, real PDFs for demo materials, drawn without any library in microseconds: an A4 page of
text in the standard Chinese font STSong-Light (Adobe-GB1, not embedded: every PDF reader has or
substitutes it), so seeding hundreds of documents costs nothing and each opens in a viewer."""

from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
_FONT = (
    b"<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H/DescendantFonts[6 0 R]>>",
    b"<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
    b"/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 4>>/FontDescriptor 7 0 R/DW 1000/W[1 95 500]>>",
    b"<</Type/FontDescriptor/FontName/STSong-Light/Flags 6/FontBBox[-25 -254 1000 880]/ItalicAngle 0"
    b"/Ascent 880/Descent -120/CapHeight 880/StemV 93>>",
)


def _width(text: str, size: float) -> float:
    return sum(size * (0.5 if ord(ch) < 0x80 else 1.0) for ch in text)


def wrap(text: str, size: float, width: float = PAGE_WIDTH - 2 * MARGIN) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if _width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines or [""]


def _hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def text_pdf(title: str, paragraphs: Sequence[str], *, size: float = 11, closing: str = "") -> bytes:
    """One A4 page: a centred title, the paragraphs wrapped to the page, a right-aligned closing."""
    ops, y = [b"BT"], PAGE_HEIGHT - MARGIN - 18
    title_size = 18
    x = (PAGE_WIDTH - _width(title, title_size)) / 2
    ops.append(b"/F1 %d Tf 1 0 0 1 %.1f %.1f Tm %s Tj" % (title_size, x, y, _hex(title)))
    y -= 36
    for paragraph in paragraphs:
        for line in wrap(paragraph, size):
            if y < MARGIN:
                break
            ops.append(b"/F1 %.1f Tf 1 0 0 1 %d %.1f Tm %s Tj" % (size, MARGIN, y, _hex(line)))
            y -= size * 1.8
        y -= size * 0.6
    if closing:
        y -= size * 3
        ops.append(
            b"/F1 %.1f Tf 1 0 0 1 %.1f %.1f Tm %s Tj"
            % (size, PAGE_WIDTH - MARGIN - _width(closing, size), max(y, MARGIN), _hex(closing))
        )
    ops.append(b"ET")
    content = b"\n".join(ops)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 %d %d]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>"
        % (PAGE_WIDTH, PAGE_HEIGHT),
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
        *_FONT,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
