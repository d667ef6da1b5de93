#include "images/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "images/font5x7.hpp"

namespace imgbench::images {
namespace {

struct Rgb {
  double r, g, b;
};

// A small, fast, well-mixed PRNG (splitmix64): the same sequence on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  // Box-Muller. Every verification regenerates and compares on the same machine, so libm
  // differences between platforms cannot affect a result.
  double gaussian() {
    const double u = 1.0 - uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * uniform());
  }

 private:
  std::uint64_t state_;
};

struct Canvas {
  int width, height;
  std::vector<Rgb> pixels;
  Rgb& at(int x, int y) { return pixels[static_cast<size_t>(y) * width + x]; }
  bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
};

// Smooth colour gradients with a gentle low-frequency wave: the "sky" of the picture.
void paint_gradients(Canvas& c) {
  for (int y = 0; y < c.height; ++y) {
    const double v = (y + 0.5) / c.height;
    for (int x = 0; x < c.width; ++x) {
      const double u = (x + 0.5) / c.width;
      const double wave = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * (1.5 * v + 0.7 * u));
      c.at(x, y) = {40 + 190 * u, 30 + 200 * v, 60 + 150 * wave * (1 - 0.5 * u)};
    }
  }
}

// Concentric rings whose local frequency grows linearly to 0.5 cycles/px at the rim.
void paint_zone_plate(Canvas& c, double cx, double cy, double radius) {
  for (int y = std::max(0, int(cy - radius)); y < std::min(c.height, int(cy + radius) + 1); ++y) {
    for (int x = std::max(0, int(cx - radius)); x < std::min(c.width, int(cx + radius) + 1); ++x) {
      const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      const double r2 = dx * dx + dy * dy;
      if (r2 >= radius * radius) continue;
      const double value = 128 + 110 * std::cos(std::numbers::pi * r2 / (2 * radius));
      c.at(x, y) = {value, value, value};
    }
  }
}

// Bands of black/white stripes with periods of 2 to 6 px, vertical then horizontal.
void paint_stripes(Canvas& c, int x0, int y0, int x1, int y1) {
  const int bands = 5;
  const int band_width = std::max(1, (x1 - x0) / bands);
  const int split = y0 + (y1 - y0) * 2 / 3;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (!c.inside(x, y)) continue;
      const int period = 2 + std::min(bands - 1, (x - x0) / band_width);
      const int phase = y < split ? x - x0 : y - split;
      const double value = (phase % period) * 2 < period ? 20 : 235;
      c.at(x, y) = {value, value, value};
    }
  }
}

// A 3 px red/green checkerboard: chroma detail that 4:2:0 and chroma filters must handle.
void paint_checkerboard(Canvas& c, int x0, int y0, int x1, int y1) {
  for (int y = std::max(0, y0); y < std::min(c.height, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(c.width, x1); ++x) {
      c.at(x, y) = ((x - x0) / 3 + (y - y0) / 3) % 2 ? Rgb{220, 30, 30} : Rgb{30, 200, 40};
    }
  }
}

// Hard-edged discs and bars in saturated colours.
void paint_shapes(Canvas& c, int x0, int y0, int x1, int y1) {
  const Rgb colours[] = {{250, 200, 0}, {0, 90, 250}, {240, 0, 160}, {0, 200, 200}};
  const int count = 4;
  const int cell = std::max(2, (x1 - x0) / count);
  const double r = std::max(1.0, std::min(cell, y1 - y0) * 0.4);
  for (int i = 0; i < count; ++i) {
    const double cx = x0 + (i + 0.5) * cell, cy = (y0 + y1) / 2.0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0 + i * cell; x < x0 + (i + 1) * cell; ++x) {
        if (!c.inside(x, y)) continue;
        const bool disc = i % 2 == 0 && std::hypot(x + 0.5 - cx, y + 0.5 - cy) < r;
        const bool bar =
            i % 2 == 1 && std::abs(x + 0.5 - cx) < r * 0.5 && std::abs(y + 0.5 - cy) < r;
        if (disc || bar) c.at(x, y) = colours[i];
      }
    }
  }
}

// Lines of text at integer scales 1..8 (7 to 56 px tall), dark on a light band.
void paint_text(Canvas& c, int x0, int y0, int x1, int y1) {
  constexpr std::string_view kText =
      "IMGBENCH 0123456789 THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG";
  for (int y = std::max(0, y0); y < std::min(c.height, y1); ++y) {
    for (int x = std::max(0, x0); x < std::min(c.width, x1); ++x) c.at(x, y) = {235, 232, 220};
  }
  int top = y0 + 2;
  for (int scale = 1; scale <= 8; ++scale) {
    if (top + 7 * scale > y1) break;
    const Rgb ink = scale % 2 ? Rgb{20, 20, 30} : Rgb{150, 20, 20};
    for (size_t i = 0; i < kText.size(); ++i) {
      const int left = x0 + 2 + static_cast<int>(i) * 6 * scale;
      if (left + 5 * scale > x1) break;
      const auto columns = glyph_columns(kText[i]);
      for (int gx = 0; gx < 5 * scale; ++gx) {
        for (int gy = 0; gy < 7 * scale; ++gy) {
          if ((columns[gx / scale] >> (gy / scale)) & 1) {
            if (c.inside(left + gx, top + gy)) c.at(left + gx, top + gy) = ink;
          }
        }
      }
    }
    top += 7 * scale + 3 + scale;
  }
}

// A 1-px line around the image, kFrameContrast levels above what lies beneath. What a filter
// reads beyond an edge depends on its edge rule: replicate copies the line, a mirror copies the
// pixels inside it. Without it the edges are a smooth gradient, where every edge rule gives
// nearly the same result and a wrong one hides in the noise (SEMANTICS.md, "Tolerances"). The
// contrast is kept low so that Pillow's blur, whose edge rule is replicate applied in each of its
// box passes, stays within the tolerance.
constexpr double kFrameContrast = 12;

void paint_edge_frame(Canvas& c) {
  for (int y = 0; y < c.height; ++y) {
    for (int x = 0; x < c.width; ++x) {
      if (x != 0 && y != 0 && x != c.width - 1 && y != c.height - 1) continue;
      Rgb& p = c.at(x, y);
      p = {p.r + kFrameContrast, p.g + kFrameContrast, p.b + kFrameContrast};
    }
  }
}

Canvas paint(int width, int height) {
  Canvas c{width, height, std::vector<Rgb>(static_cast<size_t>(width) * height)};
  const auto X = [&](double u) { return static_cast<int>(std::lround(u * width)); };
  const auto Y = [&](double v) { return static_cast<int>(std::lround(v * height)); };
  paint_gradients(c);
  paint_zone_plate(c, 0.22 * width, 0.30 * height, 0.19 * std::min(width, height));
  paint_stripes(c, X(0.47), Y(0.04), X(0.97), Y(0.30));
  paint_text(c, X(0.47), Y(0.33), X(0.97), Y(0.72));
  paint_checkerboard(c, X(0.04), Y(0.62), X(0.40), Y(0.74));
  paint_shapes(c, X(0.47), Y(0.76), X(0.97), Y(0.97));
  paint_edge_frame(c);
  return c;
}

unsigned char to_u8(double value) {
  return static_cast<unsigned char>(std::clamp(std::floor(value + 0.5), 0.0, 255.0));
}

}  // namespace

Image make_synthetic(int width, int height, std::uint64_t seed) {
  const Canvas canvas = paint(width, height);
  Random random(seed);
  Image image(width, height, 3);
  for (int y = 0; y < height; ++y) {
    unsigned char* row = image.row(y);
    for (int x = 0; x < width; ++x) {
      const Rgb& p = canvas.pixels[static_cast<size_t>(y) * width + x];
      row[3 * x + 0] = to_u8(p.r + 6 * random.gaussian());
      row[3 * x + 1] = to_u8(p.g + 6 * random.gaussian());
      row[3 * x + 2] = to_u8(p.b + 6 * random.gaussian());
    }
  }
  return image;
}

Image make_synthetic_rgba(int width, int height, std::uint64_t seed) {
  const Image rgb = make_synthetic(width, height, seed);
  Image image(width, height, 4);
  const double cx = 0.75 * width, cy = 0.25 * height, r = 0.12 * std::min(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int ch = 0; ch < 3; ++ch) image.at(x, y, ch) = rgb.at(x, y, ch);
      const bool hole = std::hypot(x + 0.5 - cx, y + 0.5 - cy) < r;
      image.at(x, y, 3) = hole ? 0 : to_u8(64 + 191.0 * (x + 0.5) / width);
    }
  }
  return image;
}

Image make_synthetic_gray(int width, int height, std::uint64_t seed) {
  const Image rgb = make_synthetic(width, height, seed);
  Image image(width, height, 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at(x, y, 0) =
          to_u8(0.299 * rgb.at(x, y, 0) + 0.587 * rgb.at(x, y, 1) + 0.114 * rgb.at(x, y, 2));
    }
  }
  return image;
}

}  // namespace imgbench::images
