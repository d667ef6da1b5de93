#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace imgbench {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// Closes the descriptor when the scope ends, whatever happens.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Bytes read_file(const std::string& path) {
  // O_NONBLOCK: opening a named pipe with no writer would otherwise block for ever; it has no
  // effect on the regular files read below.
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) throw Error(path + ": cannot open: " + errno_text());
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) throw Error(path + ": cannot stat: " + errno_text());
  if (!S_ISREG(info.st_mode)) throw Error(path + ": not a regular file");
  Bytes bytes(static_cast<std::size_t>(info.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(file.fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(path + ": read failed: " + errno_text());
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

void write_file_atomic(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::string temporary = path + ".tmp-XXXXXX";
  FileDescriptor file{::mkstemp(temporary.data())};
  if (file.fd < 0) throw Error(path + ": cannot create a temporary file: " + errno_text());
  auto fail = [&](const std::string& what) {
    const std::string cause = errno_text();
    ::unlink(temporary.c_str());
    throw Error(path + ": " + what + ": " + cause);
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(file.fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) fail("write failed");
    done += static_cast<std::size_t>(wrote);
  }
  // mkstemp creates 0600; an output file gets the usual permissions.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(file.fd, 0666 & ~mask) != 0) fail("chmod failed");
  if (::fsync(file.fd) != 0) fail("fsync failed");
  if (::close(file.fd) != 0) {
    file.fd = -1;
    fail("close failed");
  }
  file.fd = -1;
  if (::rename(temporary.c_str(), path.c_str()) != 0) fail("rename failed");
}

std::string file_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace imgbench
