// imgbench images: generate the synthetic test images.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "images/catalog.hpp"

namespace imgbench::cli {

int run_images(int argc, char** argv) {
  const Args args(argc, argv, command_spec("images"));
  if (!args.positionals().empty())
    throw UsageError("images: unexpected argument '" + args.positionals()[0] + "'");
  const std::string dir = args.value("images", images::default_image_dir());
  const int max_side = args.integer("max-side", 1 << 30, 1, 1 << 30);
  const auto written = images::generate_synthetic_set(dir, args.flag("force"), max_side);
  for (const auto& path : written) std::cout << "wrote " << path << "\n";
  std::cout << "images: " << written.size() << " file(s) written, synthetic set complete in " << dir
            << "/synthetic\n";
  return 0;
}

}  // namespace imgbench::cli
