#pragma once
// Errors carry one line that names what is wrong; the CLI prints it and exits with status 2.
#include <stdexcept>
#include <string>

namespace imgbench {

// Bad input or a failed library call: the message is meant for the user, one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An adapter cannot express an operation with its canonical meaning.
class Unsupported : public Error {
 public:
  using Error::Error;
};

}  // namespace imgbench
