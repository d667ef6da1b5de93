#include "tests/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/file_io.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"

namespace imgbench::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("imgbench-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

Image small_rgb(int width, int height) {
  return images::make_synthetic(width, height);
}

std::vector<images::TestImage> write_small_image_set(const std::string& dir) {
  const fs::path out = fs::path(dir) / "synthetic";
  fs::create_directories(out);
  const Image rgb = small_rgb();
  auto write = [&](const std::string& name, const Bytes& bytes) {
    write_file_atomic((out / name).string(), bytes);
  };
  using reference::Subsampling;
  write("synth-203x157.png", reference::encode_png(rgb));
  write("synth-203x157-q95-420.jpg", reference::encode_jpeg(rgb, 95, Subsampling::s420));
  write("synth-203x157-q95-444.jpg", reference::encode_jpeg(rgb, 95, Subsampling::s444));
  write("synth-203x157-gray.png", reference::encode_png(images::make_synthetic_gray(203, 157)));
  write("synth-203x157-rgba.png", reference::encode_png(images::make_synthetic_rgba(203, 157)));
  return images::list_test_images(dir);
}

namespace {

// `arg` in single quotes for the shell.
std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (const char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

RunResult run_imgbench(const TempDir& dir, const std::vector<std::string>& args) {
  std::string command = quote(IMGBENCH_BINARY);
  if (const char* launcher = std::getenv("IMGBENCH_LAUNCHER")) command = launcher + (' ' + command);
  for (const auto& arg : args) command += ' ' + quote(arg);
  command += " >" + quote(dir.file("stdout")) + " 2>" + quote(dir.file("stderr")) + " </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir.file("stdout")),
          slurp(dir.file("stderr"))};
}

}  // namespace imgbench::testing
