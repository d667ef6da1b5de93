#pragma once
// Shrink on load, the shortcut libvips, sharp and Pillow (draft()) offer for a sequence that
// downscales: decode the JPEG at 1/2, 1/4 or 1/8 of its size in the DCT (libjpeg's scaled IDCT),
// then run what is left of the sequence on the smaller image. The plan (the reduction, the order of
// the steps) is the same for every library that offers it; only the reduced decode is the
// library's own.
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench::shrink_on_load {

struct Plan {
  int reduction = 1;             // 2, 4 or 8
  std::vector<Transform> steps;  // the resize first, then the steps that preceded it, the rest
};

// The plan for `steps` on a JPEG of `source` shape. The steps before the first resize may only be
// rotations, which commute with it: the resize runs first, on the smallest image. The reduction is
// the largest of 2, 4 and 8 that leaves at least 1.25x of the resize to the library's filter: 2 for
// the full cycle's 2.5x, 4 for an 8x thumbnail, 8 from 10x. The factor is the one asked for
// (scale=N), else the smaller of the sides' ratios. None when there is no such resize, or no room
// for a reduction of 2. The reduced image's last row and column cover only part of a block when
// the sides do not divide: the resize maps them whole, a stretch of under `reduction` / 2 source
// pixels that the measured PSNR includes.
std::optional<Plan> plan(std::span<const Transform> steps, const Shape& source);

// The library's decode of a JPEG at 1/`reduction` of its size; `source` is its full shape, already
// read from its header (and checked: format, CMYK, pixel limit).
using ReducedDecode = std::function<NativePtr(std::span<const std::uint8_t> jpeg,
                                              const Shape& source, int reduction)>;

// `adapter`'s "shrink-on-load" shortcut: `decode` at the plan's reduction, then each of the plan's
// steps through adapter.apply(). `call` names the library's reduced decode as written.
Shortcut shortcut(const Adapter& adapter, std::string call, ReducedDecode decode);

// The resize of a sequence a library's thumbnail call runs (which shrinks on load itself): one
// lanczos3 downscale of a JPEG and nothing else; null for any other sequence.
const Resize* thumbnail_request(std::span<const Transform> steps, const Shape& source,
                                ImageFormat format);

}  // namespace imgbench::shrink_on_load
