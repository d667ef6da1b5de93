#include "cli/usage.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace imgbench::cli {
namespace {

// Options several commands share, with the same meaning everywhere.
constexpr OptionSpec kLib{"lib", "NAME", true, "an adapter (`imgbench list`); default: every one"};
constexpr OptionSpec kTheLib{"lib", "NAME", false, "the adapter (`imgbench list`); required"};
constexpr OptionSpec kThreads{"threads", "N", false, "library threads (default 1)"};
constexpr OptionSpec kSimd{"simd", "LEVEL", false,
                           "our kernels' SIMD level (scalar, sse4, avx2, neon, sve, ...; "
                           "default: $IMGBENCH_SIMD, else the best)"};
constexpr OptionSpec kImages{"images", "DIR", false,
                             "the test images (default: $IMGBENCH_IMAGES, else .cache/images)"};
constexpr OptionSpec kInput{"input", "FILE", true, "a file of your own (as FILE operands are)"};
constexpr OptionSpec kTimeLimit{"time-limit", "S", false,
                                "seconds each adapter may take to decode an input (default 60)"};

// The option every command takes (cli/args.hpp, take_global_options).
const OptionSpec kMaxPixels{"max-pixels", "N", false,
                            "refuse images above N pixels (default 256000000) in every adapter, "
                            "before any pixel memory is allocated"};

constexpr std::string_view kExitStatus =
    "exit status: 0 success, 1 verification failed, 2 bad input or usage\n";

std::vector<CommandSpec> make_specs() {
  return {
      {"list",
       "",
       "adapters with library versions, operations, variants; the test images",
       "Lists every adapter of this build with its library's version and SIMD levels, every\n"
       "operation with its declared cases and tolerances, the known-wrong variants, and the\n"
       "test images.",
       {{"json", "", false, "the same as JSON on stdout"}, kImages}},
      {"apply",
       "INPUT OUTPUT",
       "run operations on a file through one adapter",
       "Runs the operations in order through one adapter and writes OUTPUT, its format from the\n"
       "extension (.jpg .png .ppm). SPEC is an operation as `imgbench list` declares it:\n"
       "resize:scale=2.5,filter=lanczos3, blur:sigma=2, grayscale, crop:x=10,y=20,w=300,h=200,\n"
       "rotate90; save:quality=85 last. --lib is required.",
       {kTheLib,
        {"op", "SPEC", true, "an operation, applied in the order given"},
        kThreads,
        kSimd}},
      {"verify",
       "[FILE...]",
       "every adapter's output against the exact reference",
       "Every supported (adapter, operation, test image) against the reference, with the PSNR\n"
       "tolerances of SEMANTICS.md (whole image, each edge's border band, worst tile); exit 1\n"
       "on a FAIL. FILE (or --input FILE): verify these files instead of the test images; each\n"
       "is first decoded by every adapter in a child process (imgbench probe), and one that\n"
       "crashes or hangs a decoder is recorded as an ERROR.",
       {kLib,
        {"op", "NAME", true, "an operation (default: every one)"},
        {"image", "NAME", true, "a test image (default: every one)"},
        {"variants", "", false, "also the known-wrong variants, which must fail"},
        {"json", "FILE", false, "write the table as JSON"},
        kImages,
        kInput,
        kTimeLimit,
        kThreads,
        kSimd}},
      {"images",
       "",
       "generate the synthetic test images",
       "Generates the synthetic test images (the real photos come from Debian packages:\n"
       "images/fetch-photos, run by scripts/setup). Existing images are kept unless --force.",
       {kImages,
        {"force", "", false, "make them again"},
        {"max-side", "N", false, "leave out images with a side above N"}}},
      {"throughput",
       "",
       "the full cycle in N worker threads: images per second",
       "The full cycle (decode, rotate90, resize 2.5x, blur sigma 4, encode q85) in N worker\n"
       "threads, each round timed for S seconds; every step is verified on the image first.\n"
       "--lib is required.",
       {kTheLib,
        {"workers", "N", true, "worker threads (default: 1 and 2)"},
        {"seconds", "S", false, "seconds per round and worker count (default 5)"},
        {"rounds", "R", false, "rounds, an odd number: the median is reported (default 3)"},
        {"image", "NAME", false, "the JPEG test image (default photo-path)"},
        {"filter", "F", false, "the downscale's filter: bicubic (default) or area"},
        kThreads,
        kSimd,
        kImages}},
      {"bench",
       "[FILE...]",
       "Google Benchmark suites and pipelines, every case verified before it is timed",
       "Google Benchmark, single thread; every case is verified against the reference before\n"
       "it is timed, and a failure is reported with its PSNR, never timed (exit 1). Suites:\n"
       "quick (the default): single operations on 2560x1600 RGB, the full cycle's stages and\n"
       "the 8x thumbnail on a photo, crop batches on 512x512, blur and the codec at every SIMD\n"
       "level; full (the nightly): every suite image, photo and crop source; ops: every single\n"
       "operation beside memcpy; levels: each adapter at each SIMD level; inputs: the full\n"
       "cycle on each FILE, screened as in verify; counted: the cases a counts run of quick\n"
       "counts, timed at the same sizes.\n"
       "--pipeline 'SPEC;SPEC;...' (or --suite-file FILE) times users' pipelines instead, on\n"
       "the files given, through every adapter that supports each step.\n"
       "--measure counts: instructions and simulated cache misses under callgrind, one counted\n"
       "iteration per case at small sizes: deterministic, for comparing a build with itself.\n"
       "Google Benchmark's own flags pass through: --benchmark_filter=REGEX,\n"
       "--benchmark_repetitions=N, --benchmark_min_time=S, --benchmark_list_tests=true, ...",
       {{"suite", "quick|full|ops|levels|inputs|counted", false, "the suite (default quick)"},
        {"measure", "time|counts", false, "wall time (default) or instruction counts"},
        {"out", "FILE", false, "write the JSON result file (written whole at the end)"},
        kLib,
        {"pipeline", "SPECS", true, "a pipeline of your own: operations joined by ';'"},
        {"suite-file", "FILE", false, "pipelines and inputs from a suite file"},
        kImages,
        kInput,
        kTimeLimit,
        {"threads", "N", false, "library threads: 1, the only count the suites run at"},
        kSimd}},
      {"sweep",
       "",
       "latency against throughput of the full cycle",
       "The full cycle over a stream of the JPEG test images: closed loop with 1 .. N+1 and 2N\n"
       "workers (library threads 1) and 1 worker with N library threads; open loop (Poisson\n"
       "arrivals) at fractions of the best closed-loop rate, N+1 workers.",
       {kLib,
        {"seconds", "S", false, "seconds per point (default 2)"},
        {"requests", "N", false, "at most N requests per point (default: no limit)"},
        {"load", "F", true, "an open-loop load, a fraction of the best rate in (0, 2]"},
        {"filter", "F", true, "the downscale's filter: bicubic, area (default: both)"},
        {"json", "FILE", false, "write the points as JSON"},
        kImages,
        kSimd}},
      {"interop",
       "",
       "Pillow pixel transfer (builds with the Pillow adapter)",
       "Pillow pixel transfer at each size: numpy.array, asarray, tobytes, the chunked encoder\n"
       "and our C++ path, each the median of its repetitions.",
       {{"sizes", "N,N,...", false, "image sides (default 256,512,1024,2048,4096,8192)"},
        {"repetitions", "N", false, "repetitions per size (default 5)"}}},
      {"probe",
       "FILE...",
       "decode each file with each adapter, a line per pair",
       "Decodes each FILE with each adapter, a line per pair: what verify and bench --input run\n"
       "in a child process, so that a file that crashes or hangs a decoder cannot end the run.",
       {kLib, kSimd, {"skip", "N", false, "skip the first N (file, adapter) pairs"}}},
  };
}

std::string option_text(const OptionSpec& option) {
  // Appended, not "--" + string: gcc 12 warns falsely on that (-Wrestrict, its bug 105329).
  std::string text = std::string("--").append(option.name);
  if (!option.value.empty()) text.append(" ").append(option.value);
  if (option.repeatable) text += " ...";
  return text;
}

// An option and its help as `git --help` lays them out: the help from column 24, wrapped at 80;
// an option too long for its column has its help on the next line.
void append_option(std::ostringstream& text, const OptionSpec& option) {
  constexpr std::size_t kColumn = 24, kWidth = 80;
  const std::string name = "  " + option_text(option);
  std::string line = name.size() + 2 <= kColumn ? name + std::string(kColumn - name.size(), ' ')
                                                : name + "\n" + std::string(kColumn, ' ');
  std::size_t used = kColumn;  // the help starts at its column either way
  std::istringstream words{std::string(option.help)};
  bool first = true;
  for (std::string word; words >> word; first = false) {
    if (!first && used + 1 + word.size() > kWidth) {
      line += "\n" + std::string(kColumn, ' ');
      used = kColumn;
    } else if (!first) {
      line += ' ';
      ++used;
    }
    line += word;
    used += word.size();
  }
  text << line << "\n";
}

}  // namespace

const std::vector<CommandSpec>& command_specs() {
  static const std::vector<CommandSpec> specs = make_specs();
  return specs;
}

const CommandSpec* find_command(std::string_view name) {
  const auto& specs = command_specs();
  const auto it = std::find_if(specs.begin(), specs.end(),
                               [&](const CommandSpec& spec) { return spec.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

const CommandSpec& command_spec(std::string_view name) {
  if (const CommandSpec* command = find_command(name)) return *command;
  throw std::logic_error("no command spec named " + std::string(name));
}

std::string overview_help() {
  std::ostringstream text;
  text << "usage: imgbench COMMAND [options]\n"
          "       imgbench COMMAND --help   (or imgbench help COMMAND): that command's options\n\n"
          "imgbench verifies image libraries against one exact reference, then benchmarks\n"
          "them: a library that computes something else is reported with its PSNR, never\n"
          "timed.\n\n"
          "commands:\n";
  for (const CommandSpec& command : command_specs()) {
    text << "  " << command.name << std::string(12 - command.name.size(), ' ') << command.summary
         << "\n";
  }
  text << "\noptions of every command:\n";
  append_option(text, kMaxPixels);
  text << "\n" << kExitStatus;
  return text.str();
}

std::string command_help(const CommandSpec& command) {
  std::ostringstream text;
  text << "usage: imgbench " << command.name << " [options]";
  if (!command.operands.empty()) text << " " << command.operands;
  text << "\n\n" << command.details << "\n\noptions:\n";
  for (const OptionSpec& option : command.options) append_option(text, option);
  append_option(text, kMaxPixels);
  text << "\n" << kExitStatus;
  return text.str();
}

}  // namespace imgbench::cli
