#pragma once
// libjpeg reports errors through callbacks that must not return: this error manager jumps back to
// the caller's setjmp, which then throws from C++ code. Warnings (such as "premature end of
// data", which libjpeg would pad with grey) are errors too. Used by the reference codec and by the
// simd adapter's partial decode. Include <cstdio> and <jpeglib.h> first.
#include <csetjmp>

namespace imgbench::jpeg_errors {

struct ErrorManager {
  jpeg_error_mgr base{};
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = {};
};

inline void on_error(j_common_ptr info) {
  auto* manager = reinterpret_cast<ErrorManager*>(info->err);
  info->err->format_message(info, manager->message);
  std::longjmp(manager->jump, 1);
}

inline void on_message(j_common_ptr info, int level) {
  if (level < 0) on_error(info);  // a warning: treat as fatal
}

// Points `slot` (a codec's err field) at `manager`, which must outlive the codec.
inline void install(ErrorManager& manager, jpeg_error_mgr*& slot) {
  slot = jpeg_std_error(&manager.base);
  manager.base.error_exit = on_error;
  manager.base.emit_message = on_message;
}

}  // namespace imgbench::jpeg_errors
