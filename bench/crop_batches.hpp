#pragma once
// Crop batches (core/crop_batch.hpp): a batch of 32 requests over one source image, each decoded
// from bytes in memory, cropped and resized to the window; sequentially, and spread over worker
// threads. Names: "crop-batch:<filter>:<mode>/<adapter>/<source>", mode "sequential" or
// "workers-N", e.g. "crop-batch:bilinear:workers-2/vips/synth-4000-gray-jpeg". Every request's
// output is verified against the reference once before the batch is timed. An adapter's crop fast
// path (its shortcut "partial-decode", which decodes a crop and resizes it in one go) runs on JPEG
// sources as the contender "<adapter>+partial-decode", held to the fast-path floor and reported
// with its PSNR.
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "reference/verdict.hpp"

namespace imgbench::bench {

struct CropSource {
  std::string name;  // e.g. "synth-512-rgb-png"
  Bytes bytes;       // JPEG q90 or PNG, encoded in memory
  Shape shape;
};

// The side of the suites' crop-batch sources (and of those `verify` checks).
inline constexpr int kCropSourceSide = 512;

// Synthetic sources of `side` x `side`, colour and/or grey, as JPEG and PNG.
std::vector<CropSource> make_crop_sources(int side, bool colour, bool grey);

// The verdict of every (filter, adapter, source) batch the adapter supports, its canonical mapping
// only, for `verify`: "crop-batch:<filter>/<adapter>/<source>", the name the benchmarks' verdicts
// have, with the known findings applied. The suite's batches: synthetic sources of `side`.
struct BatchVerdict {
  std::string name;
  std::string adapter;
  std::string filter;  // "crop-batch:<filter>"
  std::string source;
  reference::Verdict verdict;
};
std::vector<BatchVerdict> verify_crop_batches(const std::vector<const Adapter*>& adapters,
                                              int side);

// Registers every (filter, mode, adapter, source) case the adapter supports; `workers` lists the
// parallel modes (worker thread counts).
void register_crop_batches(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                           const std::vector<CropSource>& sources, const std::vector<int>& workers);

}  // namespace imgbench::bench
