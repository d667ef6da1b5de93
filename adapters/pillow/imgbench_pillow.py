"""Pillow operations for imgbench's pillow adapter.

The C++ adapter runs this module inside its embedded interpreter. Every function returns an
image whose pixels are computed: nothing is left for Pillow to do lazily later.
"""
import io
import warnings

import numpy
from PIL import Image, ImageFilter

RESAMPLING = {
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,  # Catmull-Rom (a = -0.5)
    "lanczos3": Image.Resampling.LANCZOS,
}
# Modes the adapter hands to C++ as 1, 3 or 4 interleaved 8-bit channels.
CHANNELS = {"L": 1, "RGB": 3, "RGBA": 4}


def set_max_pixels(pixels):
    """Refuse images above `pixels` (Pillow only warns up to twice its limit)."""
    Image.MAX_IMAGE_PIXELS = pixels
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def decode(data, reduction=1):
    """Decode JPEG/PNG bytes; truncated files raise (LOAD_TRUNCATED_IMAGES stays off). A JPEG with
    `reduction` 2, 4 or 8 is decoded at that fraction of its size in the DCT (draft())."""
    with Image.open(io.BytesIO(data)) as image:
        if reduction > 1:
            width, height = image.size
            # draft() takes the largest scale whose image is at least the size asked for.
            image.draft(image.mode, (max(1, width // reduction), max(1, height // reduction)))
        image.load()
        if image.mode in CHANNELS:
            return image
        if image.mode == "LA":
            return image.convert("RGBA")
        if image.mode == "P":
            return image.convert("RGBA" if "transparency" in image.info else "RGB")
        if image.mode == "1":
            return image.convert("L")
        raise ValueError(f"unsupported image mode {image.mode}")


def encode(image, quality):
    """Canonical JPEG: baseline, 4:2:0, standard Huffman tables."""
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, subsampling=2, optimize=False,
               progressive=False)
    return out.getvalue()


def rotate90(image):
    """Clockwise: Pillow's ROTATE_90 is counter-clockwise."""
    return image.transpose(Image.Transpose.ROTATE_270)


def resize(image, width, height, name):
    """Antialiased by design; reducing_gap stays None (no box pre-reduction)."""
    return image.resize((width, height), RESAMPLING[name], reducing_gap=None)


def blur(image, sigma):
    """Pillow's radius is the standard deviation (an extended-box approximation)."""
    return image.filter(ImageFilter.GaussianBlur(radius=sigma))


def crop(image, x, y, width, height):
    cropped = image.crop((x, y, x + width, y + height))
    cropped.load()
    return cropped


def rotate_counter_clockwise(image):
    """Known-wrong: rotate(90) turns counter-clockwise, and without expand it crops."""
    return image.rotate(90)


def blur_half_radius(image, sigma):
    """Known-wrong: radius taken as twice sigma's worth, i.e. radius = sigma / 2."""
    return image.filter(ImageFilter.GaussianBlur(radius=sigma / 2))


def resize_reducing_gap(image, width, height, name):
    """Known-wrong: reducing_gap=1.0 box-reduces first, a different semantic."""
    return image.resize((width, height), RESAMPLING[name], reducing_gap=1.0)


def thumbnail(data, width, height):
    """Image.thumbnail() as its users call it: draft() to twice the size, then a LANCZOS resize
    with reducing_gap 2.0 (a box reduction first)."""
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((width, height), Image.Resampling.LANCZOS)
        image.load()
        return image


def synthetic_rgb(size):
    """A deterministic size x size RGB image for the transfer benchmark."""
    ramp = numpy.arange(size, dtype=numpy.uint32)
    pixels = numpy.empty((size, size, 3), dtype=numpy.uint8)
    pixels[..., 0] = (ramp[None, :] * 7) & 255
    pixels[..., 1] = (ramp[:, None] * 3) & 255
    pixels[..., 2] = (ramp[None, :] + ramp[:, None]) & 255
    return Image.fromarray(pixels, "RGB")


# The ways Python code moves a PIL image into a NumPy array, for the interop benchmark.
def to_numpy_array(image):
    return numpy.array(image)


def to_numpy_asarray(image):
    return numpy.asarray(image)


def to_bytes(image):
    return image.tobytes()


def to_numpy_chunked(image):
    """The raw encoder's chunks copied straight into a preallocated array (see the article)."""
    image.load()
    encoder = Image._getencoder(image.mode, "raw", image.mode)
    encoder.setimage(image.im)
    shape, typestr = Image._conv_type_shape(image)
    array = numpy.empty(shape, dtype=numpy.dtype(typestr))
    flat = array.reshape(-1)
    offset, status = 0, 0
    while not status:
        length, status, chunk = encoder.encode(65536)
        flat[offset:offset + len(chunk)] = numpy.frombuffer(chunk, dtype=numpy.uint8)
        offset += len(chunk)
    if status < 0:
        raise RuntimeError(f"encoder error {status}")
    return array


def new_image(mode, width, height):
    """A blank image for the C++ side to fill through its row pointers."""
    return Image.new(mode, (width, height))
