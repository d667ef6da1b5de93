"""Tests of the Pillow helper module that the pillow adapter embeds (adapters/pillow)."""
import io
import os
import sys

import numpy
import pytest
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "adapters", "pillow"))
import imgbench_pillow as helper  # noqa: E402


def sample(mode="RGB", size=(37, 23)):
    rng = numpy.random.default_rng(7)
    channels = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
    shape = (size[1], size[0]) if channels == 1 else (size[1], size[0], channels)
    return Image.fromarray(rng.integers(0, 256, shape, dtype=numpy.uint8), mode)


def jpeg_bytes(image, **options):
    out = io.BytesIO()
    image.save(out, format="JPEG", **options)
    return out.getvalue()


def test_rotate90_is_clockwise():
    image = sample()
    rotated = numpy.asarray(helper.rotate90(image))
    assert rotated.shape == (37, 23, 3)
    # The input's bottom-left pixel becomes the output's top-left.
    assert (rotated[0, 0] == numpy.asarray(image)[-1, 0]).all()
    assert (rotated == numpy.rot90(numpy.asarray(image), k=-1)).all()


def test_counter_clockwise_variant_differs():
    image = sample(size=(30, 30))
    assert not (numpy.asarray(helper.rotate_counter_clockwise(image))
                == numpy.asarray(helper.rotate90(image))).all()


def test_resize_keeps_reducing_gap_off():
    image = sample(size=(500, 300))
    plain = helper.resize(image, 200, 120, "lanczos3")
    explicit = image.resize((200, 120), Image.Resampling.LANCZOS, reducing_gap=None)
    assert numpy.array_equal(numpy.asarray(plain), numpy.asarray(explicit))
    gap = helper.resize_reducing_gap(image, 200, 120, "lanczos3")
    assert not numpy.array_equal(numpy.asarray(plain), numpy.asarray(gap))


def test_encode_is_baseline_420_standard_huffman():
    data = helper.encode(sample(size=(64, 48)), 85)
    decoded = Image.open(io.BytesIO(data))
    assert decoded.format == "JPEG"
    assert not decoded.info.get("progressive")
    from PIL import JpegImagePlugin
    assert JpegImagePlugin.get_sampling(decoded) == 2  # 4:2:0
    assert data == jpeg_bytes(sample(size=(64, 48)), quality=85, subsampling=2, optimize=False)


def test_decode_refuses_truncated_files():
    data = jpeg_bytes(sample(size=(64, 64)), quality=90)
    with pytest.raises(OSError):
        helper.decode(data[: len(data) // 2])


def test_decode_converts_palette_and_gray_alpha():
    assert helper.decode(png_bytes(sample().convert("P"))).mode == "RGB"
    assert helper.decode(png_bytes(sample("L").convert("LA"))).mode == "RGBA"


def test_decode_refuses_images_just_over_the_limit():
    # 144 pixels: over the limit of 100 but under twice it, where Pillow itself only warns.
    data = png_bytes(sample(size=(12, 12)))
    helper.set_max_pixels(100)
    try:
        with pytest.raises(Image.DecompressionBombWarning):
            helper.decode(data)
    finally:
        helper.set_max_pixels(256_000_000)


def png_bytes(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("method", [helper.to_numpy_array, helper.to_numpy_asarray,
                                    helper.to_numpy_chunked])
def test_transfer_methods_agree(method):
    image = helper.synthetic_rgb(64)
    assert numpy.array_equal(numpy.asarray(method(image)), numpy.array(image))
    assert helper.to_bytes(image) == numpy.array(image).tobytes()
