#include "interop.hpp"

#include "pixel_transfer.hpp"

namespace imgbench::pillow {
namespace {

// Holds the shared PIL image; released with the GIL held.
struct SharedImage {
  explicit SharedImage(py::object o) : object(std::move(o)) {}
  ~SharedImage() {
    py::gil_scoped_acquire gil;
    object = py::object();
  }
  py::object object;
};

}  // namespace

std::vector<TransferMethod> transfer_methods(int size) {
  std::shared_ptr<SharedImage> image;
  {
    py::gil_scoped_acquire gil;
    image = std::make_shared<SharedImage>(
        python_call("interop", [&] { return helper().attr("synthetic_rgb")(size); }));
  }
  auto python_method = [image](const char* function) {
    return [image, function] {
      py::gil_scoped_acquire gil;
      python_call(function, [&] { helper().attr(function)(image->object); });
    };
  };
  return {
      {"numpy.array(im)", python_method("to_numpy_array")},
      {"numpy.asarray(im)", python_method("to_numpy_asarray")},
      {"im.tobytes()", python_method("to_bytes")},
      {"chunked encoder -> numpy", python_method("to_numpy_chunked")},
      {"imgbench C++ (row pointers)",
       [image] {
         py::gil_scoped_acquire gil;
         python_call("interop", [&] { return to_image(image->object); });
       }},
  };
}

}  // namespace imgbench::pillow
