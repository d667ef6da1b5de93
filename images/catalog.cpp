#include "images/catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"

namespace imgbench::images {
namespace fs = std::filesystem;
namespace {

std::string size_name(Size2 size) {
  return "synth-" + std::to_string(size.width) + "x" + std::to_string(size.height);
}

// Writes `bytes` unless the file exists (and `force` is off); records what was written.
void write_unless_present(const fs::path& path, bool force, std::vector<std::string>& written,
                          const std::function<Bytes()>& make) {
  if (!force && fs::exists(path)) return;
  write_file_atomic(path.string(), make());
  written.push_back(path.string());
}

// The synthetic set's version, kept in <dir>/synthetic/VERSION: a set written by another version of
// the generator is removed and written again, so that a cache never holds images the measurements
// in SEMANTICS.md were not made on. Version 2 added the edge frame.
constexpr const char* kSyntheticVersion = "2";

bool current_version(const fs::path& stamp) {
  if (!fs::exists(stamp)) return false;
  const Bytes text = read_file(stamp.string());
  return std::string(text.begin(), text.end()) == kSyntheticVersion;
}

}  // namespace

std::string default_image_dir() {
  if (const char* env = std::getenv("IMGBENCH_IMAGES"); env && *env) return env;
  return IMGBENCH_DEFAULT_IMAGE_DIR;
}

std::vector<Size2> synthetic_sizes() {
  return {{512, 512}, {2560, 1600}, {4096, 4096}};
}

std::vector<std::string> generate_synthetic_set(const std::string& dir, bool force, int max_side) {
  const fs::path out = fs::path(dir) / "synthetic";
  std::error_code error;
  fs::create_directories(out, error);
  if (error) throw Error(out.string() + ": cannot create directory: " + error.message());
  const fs::path stamp = out / "VERSION";
  if (!current_version(stamp)) {
    // Another generator's set: remove the files it wrote (synth-*, nothing else), so that a size
    // skipped below (max_side) is missing rather than stale once the new stamp is written.
    for (const auto& entry : fs::directory_iterator(out)) {
      if (entry.is_regular_file() && entry.path().filename().string().starts_with("synth-")) {
        fs::remove(entry.path(), error);
        if (error) throw Error(entry.path().string() + ": cannot remove: " + error.message());
      }
    }
    force = true;
  }
  std::vector<std::string> written;
  bool smallest = true;
  for (const Size2 size : synthetic_sizes()) {
    if (std::max(size.width, size.height) > max_side) continue;
    const std::string base = size_name(size);
    const fs::path png = out / (base + ".png");
    const fs::path jpeg420 = out / (base + "-q95-420.jpg");
    const fs::path jpeg444 = out / (base + "-q95-444.jpg");
    const bool need = force || !fs::exists(png) || !fs::exists(jpeg420) || !fs::exists(jpeg444);
    if (need) {
      const Image image = make_synthetic(size.width, size.height);
      using reference::Subsampling;
      write_unless_present(png, force, written, [&] { return reference::encode_png(image); });
      write_unless_present(jpeg420, force, written,
                           [&] { return reference::encode_jpeg(image, 95, Subsampling::s420); });
      write_unless_present(jpeg444, force, written,
                           [&] { return reference::encode_jpeg(image, 95, Subsampling::s444); });
      if (smallest) {
        write_unless_present(out / (base + "-q95-420-exif6.jpg"), force, written, [&] {
          return add_exif_orientation(reference::encode_jpeg(image, 95, Subsampling::s420), 6);
        });
      }
    }
    if (smallest) {
      write_unless_present(out / (base + "-rgba.png"), force, written, [&] {
        return reference::encode_png(make_synthetic_rgba(size.width, size.height));
      });
      write_unless_present(out / (base + "-gray.png"), force, written, [&] {
        return reference::encode_png(make_synthetic_gray(size.width, size.height));
      });
    }
    smallest = false;
  }
  if (force) {
    const std::string version = kSyntheticVersion;
    write_file_atomic(stamp.string(), Bytes(version.begin(), version.end()));
  }
  return written;
}

std::vector<TestImage> list_test_images(const std::string& dir) {
  std::vector<TestImage> found;
  for (const char* group : {"synthetic", "photos"}) {
    const fs::path folder = fs::path(dir) / group;
    if (!fs::is_directory(folder)) continue;
    std::vector<TestImage> images;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = file_extension(entry.path().string());
      TestImage image;
      if (ext == "png") {
        image.format = ImageFormat::png;
      } else if (ext == "jpg" || ext == "jpeg") {
        image.format = ImageFormat::jpeg;
      } else {
        continue;  // partial downloads, notes, ...
      }
      image.name = entry.path().stem().string();
      image.path = entry.path().string();
      image.synthetic = std::string_view(group) == "synthetic";
      images.push_back(image);
    }
    // Synthetic images by pixel count then name; photos by name.
    auto pixels = [](const std::string& name) {
      int w = 0, h = 0;
      std::sscanf(name.c_str(), "synth-%dx%d", &w, &h);
      return static_cast<long>(w) * h;
    };
    std::sort(images.begin(), images.end(), [&](const TestImage& a, const TestImage& b) {
      if (a.synthetic && pixels(a.name) != pixels(b.name)) return pixels(a.name) < pixels(b.name);
      return a.name < b.name;
    });
    found.insert(found.end(), images.begin(), images.end());
  }
  return found;
}

TestImage input_image(const std::string& path) {
  TestImage image;
  image.path = path;
  image.name = fs::path(path).filename().string();
  image.format = file_extension(path) == "png" ? ImageFormat::png : ImageFormat::jpeg;
  try {
    if (const auto format = reference::detect_format(read_file(path))) image.format = *format;
  } catch (const Error&) {
  }
  return image;
}

Shape probe_shape(const TestImage& image) {
  return reference::probe_shape(read_file(image.path), image.path);
}

std::vector<std::uint8_t> add_exif_orientation(const std::vector<std::uint8_t>& jpeg,
                                               int orientation) {
  if (jpeg.size() < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw Error("EXIF: not a JPEG");
  // "Exif\0\0", then a little-endian TIFF header with one IFD holding tag 0x0112 (SHORT).
  // clang-format off
  const std::vector<std::uint8_t> payload = {
      'E', 'x', 'i', 'f', 0, 0,                         // Exif identifier
      'I', 'I', 42, 0, 8, 0, 0, 0,                      // TIFF header, IFD0 at offset 8
      1, 0,                                             // one entry
      0x12, 0x01, 3, 0, 1, 0, 0, 0,                     // Orientation, SHORT, count 1
      static_cast<std::uint8_t>(orientation), 0, 0, 0,  // value
      0, 0, 0, 0};                                      // no next IFD
  // clang-format on
  const std::size_t length = payload.size() + 2;  // the length field counts itself
  std::vector<std::uint8_t> segment = {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8),
                                       static_cast<std::uint8_t>(length & 0xFF)};
  segment.insert(segment.end(), payload.begin(), payload.end());
  std::vector<std::uint8_t> out = jpeg;
  out.insert(out.begin() + 2, segment.begin(), segment.end());
  return out;
}

}  // namespace imgbench::images
