#include "cli/args.hpp"

#include <charconv>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace imgbench::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& with_value,
           const std::set<std::string>& flags) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) positionals_.emplace_back(argv[i]);
      break;
    }
    if (!arg.starts_with("--") || arg.size() == 2) {
      positionals_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), inline_value;
    const bool has_inline = name.find('=') != std::string::npos;
    if (has_inline) {
      inline_value = name.substr(name.find('=') + 1);
      name = name.substr(0, name.find('='));
    }
    if (flags.contains(name) && !has_inline) {
      flags_.insert(name);
    } else if (with_value.contains(name)) {
      if (!has_inline && i + 1 >= argc) throw UsageError("option --" + name + " needs a value");
      values_[name].push_back(has_inline ? inline_value : argv[++i]);
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

namespace {

std::set<std::string> declared(const CommandSpec& command, bool with_value) {
  std::set<std::string> names;
  for (const OptionSpec& option : command.options) {
    if (option.value.empty() != with_value) names.emplace(option.name);
  }
  return names;
}

}  // namespace

Args::Args(int argc, char** argv, const CommandSpec& command)
    : Args(argc, argv, 2, declared(command, true), declared(command, false)) {}

const std::vector<std::string>& Args::values(const std::string& name) const {
  static const std::vector<std::string> none;
  const auto it = values_.find(name);
  return it == values_.end() ? none : it->second;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
  const auto& all = values(name);
  return all.empty() ? fallback : all.back();
}

namespace {

template <class T>
T parse_in_range(const std::string& name, const std::string& text, T min, T max, const char* kind) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !(value >= min && value <= max)) {
    throw UsageError("option --" + name + ": expected " + kind + " in " + std::to_string(min) +
                     ".." + std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

}  // namespace

int Args::integer(const std::string& name, int fallback, int min, int max) const {
  const auto& all = values(name);
  return all.empty() ? fallback : parse_in_range(name, all.back(), min, max, "an integer");
}

std::vector<int> Args::integers(const std::string& name, int min, int max) const {
  std::vector<int> result;
  for (const auto& text : values(name))
    result.push_back(parse_in_range(name, text, min, max, "an integer"));
  return result;
}

double Args::real(const std::string& name, double fallback, double min, double max) const {
  const auto& all = values(name);
  return all.empty() ? fallback : parse_in_range(name, all.back(), min, max, "a number");
}

AdapterConfig adapter_config(const Args& args) {
  return {args.integer("threads", 1, 1, 1024), args.value("simd", "")};
}

void take_global_options(int& argc, char** argv) {
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    if (arg == "--max-pixels") {
      if (i + 1 >= argc) throw UsageError("option --max-pixels needs a value");
      value = argv[++i];
    } else if (arg.starts_with("--max-pixels=")) {
      value = arg.substr(std::string("--max-pixels=").size());
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    std::size_t used = 0;
    unsigned long long pixels = 0;
    try {
      pixels = std::stoull(value, &used);
    } catch (const std::exception&) {
    }
    if (used != value.size() || pixels == 0 || value.front() == '-') {
      throw UsageError("option --max-pixels: expected a positive pixel count, got '" + value + "'");
    }
    set_max_pixels(pixels);
  }
  argc = kept;
}

}  // namespace imgbench::cli
