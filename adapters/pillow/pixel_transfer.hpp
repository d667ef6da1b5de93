#pragma once
// Moving pixels between a PIL image and our Image in one pass, straight through Pillow's own
// row pointers (the "PIL Imaging" capsule and Imaging.h from python3-pil), with the GIL released
// while bytes are copied. numpy.array(im) instead goes through tobytes(): chunks, a join, a copy.
#include "core/image.hpp"
#include "python_runtime.hpp"

namespace imgbench::pillow {

// A PIL image of mode L, RGB or RGBA -> Image (1, 3 or 4 channels). GIL held on entry.
Image to_image(const py::object& pil_image);

// Image -> a new PIL image of mode L, RGB or RGBA. GIL held on entry.
py::object from_image(const Image& image);

}  // namespace imgbench::pillow
