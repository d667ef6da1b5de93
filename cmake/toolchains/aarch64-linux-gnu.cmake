# Cross-compiling for 64-bit Arm (Raspberry Pi 4 and 5, Graviton, ...) on an x86-64 Debian 12 host:
#   g++-aarch64-linux-gnu, the arm64 libraries installed beside the host's ones (multiarch:
#   dpkg --add-architecture arm64; libhwy-dev:arm64 ...), and qemu-user to run the tests.
# scripts/test --aarch64 installs all of it and uses this file through the "aarch64" preset.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(IMGBENCH_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${IMGBENCH_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${IMGBENCH_TRIPLE}-g++)

# Multiarch: the arm64 libraries live in /usr/lib/aarch64-linux-gnu, their headers in /usr/include
# (shared with the host) and /usr/include/aarch64-linux-gnu. Search there for libraries and
# packages, never in the host's own library directories.
set(CMAKE_LIBRARY_ARCHITECTURE ${IMGBENCH_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${IMGBENCH_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/cmake)
# pkg-config: only the arm64 .pc files (and the architecture-independent ones).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${IMGBENCH_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# ctest runs every test binary through qemu-user. The CPU it emulates comes from QEMU_CPU
# (cortex-a72 = Raspberry Pi 4, cortex-a76 = Pi 5, max = SVE2), which scripts/test sets per pass.
# The programs load the multiarch libc6:arm64 (/lib/ld-linux-aarch64.so.1) like the libraries
# they link. Not `-L /usr/aarch64-linux-gnu`: with the cross toolchain's older libc there, the
# first std::thread joined hung under qemu 7.2.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
