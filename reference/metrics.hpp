#pragma once
// Image comparison metrics. PSNR is over all samples of all channels with peak 255; identical
// images give +infinity.
//
// A PSNR over the whole image dilutes an error confined to a small part of it, and the more so
// the bigger the image: a blur with the wrong edge rule differs only within a few sigma of the
// edges. So a comparison also measures two local PSNRs, on regions whose size does not grow with
// the image: the worst of the four border bands (the pixels within `border_band` pixels of one
// edge, each edge judged alone) and the worst of the kTile x kTile tiles that cover the image.
#include <cstdint>
#include <string_view>

#include "core/image.hpp"

namespace imgbench::reference {

// The border band's default width and the tiles' side, in pixels (SEMANTICS.md, "Tolerances").
inline constexpr int kBorderBand = 8;
inline constexpr int kTile = 16;

// Which edge's band a border PSNR was measured on (none: not measured, or identical images).
enum class BorderEdge { none, top, bottom, left, right };
std::string_view to_string(BorderEdge edge);  // "top", ..., "" for none

struct Comparison {
  bool same_shape = false;
  double psnr = 0;                            // full image
  double psnr_border = 0;                     // the worst edge's band of `border_band` pixels
  BorderEdge border_edge = BorderEdge::none;  // that edge
  double psnr_tile = 0;                       // the worst kTile x kTile tile
  int tile_x = 0;                             // that tile's top-left corner
  int tile_y = 0;
  int max_diff = 0;       // largest absolute sample difference, full image
  double mean_error = 0;  // mean of (actual - expected): a bias shows truncation
  std::uint64_t differing_samples = 0;
};

double psnr_from_mse(double mse);

// Compares `actual` with `expected`. Different shapes give same_shape = false and every PSNR
// -inf. A band is at most the whole image (an image narrower than the band is all band); a side
// shorter than a tile gives tiles as long as that side.
Comparison compare(const Image& expected, const Image& actual, int border_band = kBorderBand);

// The whole-image measures alone, for comparisons that give no verdict (how closely two libraries
// agree): psnr_border and psnr_tile are NaN.
Comparison compare_whole(const Image& expected, const Image& actual);

}  // namespace imgbench::reference
