# Cross-compiling for 64-bit Arm (Raspberry Pi 4 and 5, Graviton, ...) on an x86-64 Debian 12 host:
# g++-aarch64-linux-gnu against an arm64 sysroot that holds every library of the build (made by
# `scripts/setup --aarch64` with mmdebstrap), and qemu-user to run the tests. scripts/build passes
# the sysroot as IMGBENCH_AARCH64_SYSROOT; the "aarch64" preset uses this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(IMGBENCH_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${IMGBENCH_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${IMGBENCH_TRIPLE}-g++)

# The compiler checks' own projects read this file again without our cache: pass the sysroot on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES IMGBENCH_AARCH64_SYSROOT)
if(NOT IMGBENCH_AARCH64_SYSROOT OR NOT EXISTS "${IMGBENCH_AARCH64_SYSROOT}/usr/include")
  message(FATAL_ERROR "no arm64 sysroot at '${IMGBENCH_AARCH64_SYSROOT}': run scripts/setup "
                      "--aarch64, then scripts/build --preset aarch64 (which passes "
                      "-DIMGBENCH_AARCH64_SYSROOT)")
endif()
set(CMAKE_SYSROOT "${IMGBENCH_AARCH64_SYSROOT}")

# Libraries, headers and CMake packages from the sysroot only; programs (pkg-config, python3 for
# the tests) from the host.
set(CMAKE_LIBRARY_ARCHITECTURE ${IMGBENCH_TRIPLE})
set(CMAKE_FIND_ROOT_PATH "${CMAKE_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config: the sysroot's .pc files only, their paths prefixed with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${CMAKE_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${CMAKE_SYSROOT}/usr/lib/${IMGBENCH_TRIPLE}/pkgconfig:${CMAKE_SYSROOT}/usr/lib/pkgconfig:${CMAKE_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest runs every test program through qemu-user, which finds the program's loader, its
# libraries and (for the pillow adapter) Python's standard library and Pillow in the sysroot
# (-L). The CPU it emulates comes from QEMU_CPU (cortex-a72 = Raspberry Pi 4, cortex-a76 = Pi 5,
# max = SVE2), which scripts/test sets per pass. libvips' vector paths are off (VIPS_NOVECTOR):
# under qemu-aarch64 7.2 the code ORC 0.4.33 compiles for aarch64 resized to garbage and crashed,
# where libvips' C paths verify (reference/SEMANTICS.md, "libvips under emulation").
set(CMAKE_CROSSCOMPILING_EMULATOR env VIPS_NOVECTOR=1 qemu-aarch64 -L "${CMAKE_SYSROOT}")
