// imgbench: verify and benchmark image libraries against one canonical meaning.
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/screening.hpp"
#include "core/error.hpp"

namespace {

constexpr const char* kUsage = R"(usage: imgbench COMMAND [options]

commands:
  list   [--json] [--images DIR]
         adapters with library versions, operations, variants; test images
  apply  --lib NAME [--threads N] [--simd LEVEL] [--op SPEC]... INPUT OUTPUT
         run operations through one adapter; output format from the extension (.jpg .png .ppm)
         SPEC: an operation as `imgbench list` declares it, e.g. resize:scale=2.5,filter=lanczos3
               blur:sigma=2, grayscale, crop:x=10,y=20,w=300,h=200; save:quality=85 (last)
  verify [--lib NAME]... [--op NAME]... [--image NAME]... [--variants] [--json FILE]
         [--images DIR] [--input FILE]... [--time-limit S] [--threads N] [--simd LEVEL] [FILE...]
         every supported (adapter, operation, test image) against the reference; exit 1 on a FAIL.
         FILE or --input FILE: verify these files instead of the test images; each is first
         decoded by every adapter in a child process (imgbench probe), S seconds allowed per
         decode (default 60), and one that crashes or hangs a decoder is recorded as an ERROR
  images [--images DIR] [--force] [--max-side N]
         generate the synthetic test images (photos come from images/fetch-photos)
  throughput --lib NAME [--workers N]... [--seconds S] [--rounds R] [--image NAME]
         [--filter F] [--threads N] [--simd LEVEL]
         the full cycle (decode, rotate90, resize 2.5x, blur 4, encode q85) in N worker threads;
         every step is verified on the image first
  bench  [--suite quick|full|ops|levels|inputs|counted] [--measure time|counts] [--out FILE] [--lib NAME]...
         [--simd LEVEL] [--images DIR] [--input FILE]... [--time-limit S]
         [--benchmark_* flags] [FILE...]
         Google Benchmark, single thread, every case verified before it is timed (a failure is
         reported with its PSNR, exit 1). quick (default, ~2 min): single operations on
         2560x1600 RGB, the full cycle's stages on a photo, crop batches on 512x512; full (the
         nightly): every suite image, photo and crop source; ops: every single operation on
         synthetic 2560x1600 and 4096x4096 RGB/RGBA beside memcpy; inputs: the full cycle on
         each FILE (or --input FILE), screened as in verify; counted: the cases a counts run of
         quick counts, timed at the same sizes. --out FILE writes the JSON.
         Repetitions and filters are Google Benchmark flags, e.g. --benchmark_repetitions=5.
  bench  --pipeline 'SPEC;SPEC;...'... | --suite-file FILE   [FILE...] [--input FILE]...
         users' pipelines instead of a suite: each SPEC as in apply, on the files given (or the
         suite file's inputs), through every adapter that supports each step, each verified
         against the reference sequence before it is timed
         --measure counts: instructions and simulated cache misses under valgrind's callgrind
         (one warm-up, one counted iteration, at small sizes; deterministic, for comparing a
         build with itself); cases that run threads of their own are listed as not counted
  sweep  [--lib NAME]... [--seconds S] [--requests N] [--load F]... [--filter F]... [--json FILE]
         latency versus throughput of the full cycle over the JPEG test images: closed loop
         with 1 .. N+1 and 2N workers (library threads 1) and 1 worker with N library threads;
         open loop (Poisson arrivals) at 10% .. 100% of the best closed-loop rate, N+1 workers
  interop [--sizes 256,512,...] [--repetitions N]
         Pillow pixel transfer: numpy.array, asarray, tobytes, chunked encoder, our C++ path
  probe  [--lib NAME]... [--skip N] FILE...
         decode each FILE with each adapter, a line per pair: what verify and bench --input run
         in a child process, so that a file that crashes or hangs a decoder cannot end the run

--max-pixels N (any command) refuses images above N pixels before any pixel memory is allocated,
in every adapter and in each library's own limit where it has one (default 256000000).

--simd LEVEL picks the SIMD level of the simd adapter's kernels (scalar, ssse3, sse4, avx2,
avx3 = AVX-512, neon, sve, ...; default: $IMGBENCH_SIMD, else the best); `list` shows them.

exit status: 0 success, 1 verification failed, 2 bad input or usage
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace imgbench::cli;
  try {
    take_global_options(argc, argv);
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "list") return run_list(argc, argv);
    if (command == "apply") return run_apply(argc, argv);
    if (command == "verify") return run_verify(argc, argv);
    if (command == "images") return run_images(argc, argv);
    if (command == "throughput") return run_throughput(argc, argv);
    if (command == "bench") return run_bench(argc, argv);
    if (command == "sweep") return run_sweep(argc, argv);
    if (command == "probe") return run_probe(argc, argv);
    if (command == "interop") {
#ifdef IMGBENCH_HAVE_PILLOW
      return run_interop(argc, argv);
#else
      throw imgbench::Error("interop needs the pillow adapter, which this build does not have");
#endif
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "imgbench: error: "
              << (command.empty() ? "no command given" : "unknown command '" + command + "'")
              << " (try imgbench --help)\n";
    return 2;
  } catch (const imgbench::Error& error) {
    std::cerr << "imgbench: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "imgbench: error: unexpected failure: " << error.what() << "\n";
    return 2;
  }
}
