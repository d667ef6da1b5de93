#!/usr/bin/python3
"""Writes the bad-input corpus: the broken, hostile and unusual files real collections contain.

Every adapter, and apply, verify and bench, must either produce the canonical result for each of
them or refuse it with a one-line error naming the file and the cause; none may crash or hang.
Nothing here is committed: the files are generated from a small synthetic image with Pillow.

usage: images/bad_inputs.py DIR

DIR receives the files and `manifest.tsv`, one line per entry:
    file <TAB> expect <TAB> what
where expect is
    error    every reader must refuse it;
    correct  every adapter that reads it must give the reference decoder's pixels (an adapter
             may still refuse a format it does not read, e.g. a PNG for a JPEG-only adapter);
    either   a clear refusal or the reference decoder's pixels (CMYK, 16-bit, an unreadable
             file that root can read anyway).
Entries whose file is absent on purpose (missing.jpg) are listed too.
"""
import io
import os
import random
import stat
import struct
import sys
import zlib

from PIL import Image

WIDTH, HEIGHT = 67, 45  # odd, so that chroma subsampling has edges to get wrong


def source_image():
    """A deterministic image with edges and texture (smooth gradients hide decoding errors)."""
    rng = random.Random(7)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.putdata([((x * 255) // WIDTH, (y * 255) // HEIGHT, rng.randrange(256))
                   for y in range(HEIGHT) for x in range(WIDTH)])
    return image


def jpeg(image, **options):
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, **options)
    return out.getvalue()


def png(image, **options):
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def segments(data):
    """(offset, marker) of each JPEG marker segment up to the first scan, SOS included."""
    found, offset = [], 2
    while offset + 4 <= len(data):
        assert data[offset] == 0xFF, "not a marker"
        marker = data[offset + 1]
        found.append((offset, marker))
        if marker == 0xDA:
            break
        offset += 2 + struct.unpack(">H", data[offset + 2:offset + 4])[0]
    return found


def scan_start(data):
    """Offset of the first byte of entropy-coded data."""
    offset, _ = segments(data)[-1]
    return offset + 2 + struct.unpack(">H", data[offset + 2:offset + 4])[0]


def with_frame_size(data, width, height):
    """The same JPEG with its SOF header declaring another size (a decompression bomb)."""
    patched = bytearray(data)
    for offset, marker in segments(data):
        if marker in (0xC0, 0xC1, 0xC2):
            patched[offset + 5:offset + 9] = struct.pack(">HH", height, width)
            return bytes(patched)
    raise ValueError("no SOF marker")


def corrupt_huffman(data):
    """Entropy-coded data replaced, a third of the way in, by a run of 1 bits: all-ones is no
    code in any Huffman table, so a decoder meets an invalid code, not just other pixels."""
    start = scan_start(data)
    middle = start + (len(data) - 2 - start) // 3
    return data[:middle] + b"\xff\x00" * 48 + data[middle + 96:]


def png_chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def png_declaring(width, height):
    """A well-formed PNG whose IHDR declares width x height RGB, with one row of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) +
            png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


def exif_orientation(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def entries():
    """(file name, expectation, description, bytes or None for entries made specially)."""
    image = source_image()
    base = jpeg(image)
    start = scan_start(base)
    rng = random.Random(11)
    wide = Image.new("I;16", (WIDTH, HEIGHT))
    wide.putdata([(x * 977 + y * 131) % 65536 for y in range(HEIGHT) for x in range(WIDTH)])
    return [
        ("empty.jpg", "error", "a zero-length file", b""),
        ("random-bytes.jpg", "error", "4 KiB of random bytes named .jpg",
         bytes(rng.randrange(256) for _ in range(4096))),
        ("png-named.jpg", "correct", "a valid PNG named .jpg", png(image)),
        ("truncated-header.jpg", "error", "a JPEG cut inside its headers", base[:start // 2]),
        ("truncated-scan.jpg", "error", "a JPEG cut half-way through its scan",
         base[:(start + len(base)) // 2]),
        ("truncated-end.jpg", "error", "a JPEG missing its last 8 bytes", base[:-8]),
        ("corrupt-huffman.jpg", "error", "a JPEG with invalid Huffman codes in its scan",
         corrupt_huffman(base)),
        ("bomb-65500.jpg", "error", "a valid JPEG header declaring 65500x65500",
         with_frame_size(base, 65500, 65500)),
        ("bomb-100000.png", "error", "a PNG declaring 100000x100000",
         png_declaring(100000, 100000)),
        ("progressive.jpg", "correct", "a progressive JPEG", jpeg(image, progressive=True)),
        ("cmyk.jpg", "either", "a CMYK JPEG", jpeg(image.convert("CMYK"))),
        ("gray.jpg", "correct", "a grayscale JPEG", jpeg(image.convert("L"))),
        ("gray16.png", "either", "a 16-bit grayscale PNG", png(wide)),
        ("palette.png", "correct", "a palette PNG", png(image.quantize(64))),
        ("exif-rotated.jpg", "correct", "a JPEG tagged EXIF orientation 6",
         jpeg(image, exif=exif_orientation(6))),
        ("one-pixel.jpg", "correct", "a 1x1 JPEG", jpeg(Image.new("RGB", (1, 1), (200, 30, 90)))),
        ("one-pixel.png", "correct", "a 1x1 PNG", png(Image.new("RGB", (1, 1), (200, 30, 90)))),
        ("missing.jpg", "error", "a file that does not exist", None),
        ("unreadable.jpg", "either", "a valid JPEG with mode 000 (root reads it anyway)", base),
        ("directory.jpg", "error", "a directory named .jpg", None),
        ("fifo.jpg", "error", "a named pipe with nothing behind it (reading it would block)",
         None),
    ]


def write_corpus(directory):
    os.makedirs(directory, exist_ok=True)
    lines = []
    for name, expect, what, data in entries():
        path = os.path.join(directory, name)
        if os.path.lexists(path) and not os.path.isdir(path):
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            os.remove(path)
        if name == "directory.jpg":
            os.makedirs(path, exist_ok=True)
        elif name == "fifo.jpg":
            os.mkfifo(path)
        elif data is not None:
            with open(path, "wb") as out:
                out.write(data)
        if name == "unreadable.jpg":
            os.chmod(path, 0)
        lines.append(f"{name}\t{expect}\t{what}\n")
    with open(os.path.join(directory, "manifest.tsv"), "w") as manifest:
        manifest.writelines(lines)
    return len(lines)


def main(argv):
    if len(argv) != 2:
        print("usage: bad_inputs.py DIR", file=sys.stderr)
        return 2
    count = write_corpus(argv[1])
    print(f"{argv[1]}: {count} bad inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
