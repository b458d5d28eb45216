"""Builders for hostile and ordinary image files used by the upload tests."""

import io
import struct
import zlib

from PIL import Image


def jpeg(size=(40, 30), color=(200, 30, 30), exif: Image.Exif | None = None, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    options = {}
    if exif is not None:
        options["exif"] = exif
    if comment:
        options["comment"] = comment
    Image.new("RGB", size, color).save(out, format="JPEG", **options)
    return out.getvalue()


def png(size=(40, 30), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


def webp(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(out, format="WEBP")
    return out.getvalue()


def gif(size=(10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size).save(out, format="GIF")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions but holds a few bytes of data: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
