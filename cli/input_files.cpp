#include "cli/input_files.hpp"

#include "reference/codec.hpp"

namespace imgbench::cli {

std::vector<std::string> input_files(const Args& args) {
  std::vector<std::string> files = args.values("input");
  files.insert(files.end(), args.positionals().begin(), args.positionals().end());
  return files;
}

NativePtr decode_input(const Adapter& adapter, const std::string& path, std::string& note) {
  const Bytes bytes = read_file(path);
  if (bytes.empty()) throw Error(path + ": empty file");
  const auto format = reference::detect_format(bytes);
  if (!format) throw Error(path + ": not a JPEG, PNG or PPM file");
  Image canonical = reference::decode_image(bytes, path);
  if (!adapter.supports(Decode{*format}, {}).supported) {
    note = std::string(adapter.name()) + " cannot decode " + std::string(to_string(*format)) +
           "; decoded by the reference codec";
    return adapter.import_image(canonical);
  }
  try {
    return adapter.decode(bytes);
  } catch (const Error& error) {
    throw Error(path + ": " + error.what());
  }
}

}  // namespace imgbench::cli
