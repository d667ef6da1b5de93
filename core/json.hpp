#pragma once
// Minimal JSON text helpers for the few documents we write by hand.
#include <string>

namespace imgbench {

std::string json_quote(const std::string& text);  // a JSON string literal, escaped
std::string json_number(double value);            // NaN -> null, +-inf -> "inf"/"-inf"

}  // namespace imgbench
