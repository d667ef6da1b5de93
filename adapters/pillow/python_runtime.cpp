#include "python_runtime.hpp"

#include <pybind11/embed.h>

#include <mutex>

#include "core/limits.hpp"

namespace imgbench::pillow {
namespace {

// Debian's interpreter, configured from its prefix rather than the environment, so that a
// PYTHONHOME or PYTHONPATH meant for another python3 on PATH cannot redirect it.
void initialize_interpreter() {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.install_signal_handlers = 0;  // Ctrl-C stays ours
  config.use_environment = 0;
#if PY_VERSION_HEX >= 0x030B0000
  // Nothing imported from the working directory, which sys.path would otherwise start with.
  config.safe_path = 1;
#endif
  // A fixed hash seed: dict and set layouts, and so the instructions executed, are the same in
  // every run (the counts measure compares runs instruction for instruction).
  config.use_hash_seed = 1;
  config.hash_seed = 0;
  PyStatus status = PyConfig_SetBytesString(&config, &config.home, IMGBENCH_PYTHON_PREFIX);
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    throw Error(std::string("cannot start the embedded Python: ") +
                (status.err_msg ? status.err_msg : "unknown error"));
  }
}

// pybind11 creates its internals at its first gil_scoped_acquire, and records there, as the
// calling thread's own, the thread state that is current at that moment (pybind11 2.10,
// detail/internals.h). Made here, that is the interpreter's main thread state, which lives as long
// as the process. Left to the first worker, it was a temporary one that Python freed as soon as the
// internals were made: the next acquire in that thread used it after it was freed (a SIGSEGV in
// _PyThreadState_DeleteCurrent, found by Threads.EveryAdapterRunsTheCycleInSeveralWorkers).
// GIL held.
void create_pybind11_internals() {
  py::gil_scoped_acquire{};
}

}  // namespace

std::string describe(const py::error_already_set& error) {
  std::string text = error.what();
  const auto newline = text.find('\n');  // drop the traceback: one line for the user
  if (newline != std::string::npos) text.resize(newline);
  return text;
}

const py::module_& helper() {
  // Never destroyed: the interpreter lives until the process ends (finalising it while other
  // threads may still hold Python objects is not worth the risk). A failure is remembered, so
  // the interpreter is never initialised twice.
  static py::module_* module = nullptr;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      initialize_interpreter();
    } catch (const Error& error) {
      failure = error.what();
      return;
    }
    try {
      static py::module_::module_def definition;  // must outlive the module: static storage
      py::module_ created =
          py::module_::create_extension_module("imgbench_pillow", nullptr, &definition);
      py::exec(helper_module_source(), created.attr("__dict__"));
      created.attr("set_max_pixels")(max_pixels());
      module = new py::module_(std::move(created));
    } catch (py::error_already_set& error) {
      failure = "cannot load Pillow in the embedded Python: " + describe(error);
    }
    create_pybind11_internals();
    PyEval_SaveThread();  // release the GIL; every call takes it with gil_scoped_acquire
  });
  if (!module) throw Error(failure);
  return *module;
}

}  // namespace imgbench::pillow
