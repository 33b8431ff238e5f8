// The C library's words for the current errno, for messages: "No such file or directory".
#pragma once

#include <cerrno>
#include <cstring>
#include <string>

namespace ganscope::io {

inline std::string errno_text() { return std::strerror(errno); }

}  // namespace ganscope::io
