#pragma once
// The embedded CPython: started once per process, Debian's interpreter and site-packages, with
// the GIL released between calls so that any thread can take it (pybind11::gil_scoped_acquire).
#include <pybind11/pybind11.h>

#include <string>

#include "core/error.hpp"

namespace imgbench::pillow {

namespace py = pybind11;

// Starts the interpreter (once) and returns the imgbench_pillow helper module. The caller must
// hold the GIL to use the module.
const py::module_& helper();

const char* helper_module_source();  // generated from imgbench_pillow.py

// Python's exception as one line: "TypeError: message".
std::string describe(const py::error_already_set& error);

// Call with the GIL held: runs `call`, turning a Python exception into imgbench::Error that
// carries the Python message (one line).
template <class F>
auto python_call(const char* what, F&& call) {
  try {
    return call();
  } catch (py::error_already_set& error) {
    throw Error(std::string("Pillow ") + what + ": " + describe(error));
  }
}

}  // namespace imgbench::pillow
