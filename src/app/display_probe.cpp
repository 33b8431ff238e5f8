#include "app/display_probe.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <chrono>
#include <cstring>

namespace ganscope::app {

namespace {

using Clock = std::chrono::steady_clock;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

int ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? int(left.count()) : 0;
}

enum class Answer { Yes, Silent, Unknown };

// Connects fd to addr without blocking past the deadline, then sends the setup request and
// waits for a reply. Unknown: the connection itself failed (GLFW will say so).
Answer ask(int fd, const sockaddr* addr, socklen_t len, Clock::time_point deadline) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  if (::connect(fd, addr, len) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN) return Answer::Unknown;
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, ms_left(deadline)) == 0) return Answer::Silent;
    int err = 0;
    socklen_t n = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n) != 0 || err != 0) return Answer::Unknown;
  }
  // Byte order 'l' (little-endian), protocol 11.0, no authorisation name or data.
  const unsigned char setup[12] = {'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  if (::send(fd, setup, sizeof setup, MSG_NOSIGNAL) != ssize_t(sizeof setup))
    return Answer::Unknown;
  pollfd p{fd, POLLIN, 0};
  for (;;) {
    const int r = ::poll(&p, 1, ms_left(deadline));
    if (r > 0) return Answer::Yes;  // a reply, or the server hung up: either way, not a hang
    if (r == 0) return Answer::Silent;
    if (errno != EINTR) return Answer::Unknown;
  }
}

Answer ask_unix(const std::string& path, bool abstract, Clock::time_point deadline) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::size_t at = abstract ? 1 : 0;  // abstract names start with a NUL byte
  if (path.size() + at >= sizeof addr.sun_path) return Answer::Unknown;
  std::memcpy(addr.sun_path + at, path.data(), path.size());
  Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return Answer::Unknown;
  const auto len = socklen_t(offsetof(sockaddr_un, sun_path) + at + path.size() + (abstract ? 0 : 1));
  return ask(s.fd, reinterpret_cast<const sockaddr*>(&addr), len, deadline);
}

Answer ask_tcp(const std::string& host, int port, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
    return Answer::Unknown;
  Answer answer = Answer::Unknown;
  for (addrinfo* a = found; a && answer == Answer::Unknown; a = a->ai_next) {
    Fd s{::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol)};
    if (s.fd >= 0) answer = ask(s.fd, a->ai_addr, a->ai_addrlen, deadline);
  }
  ::freeaddrinfo(found);
  return answer;
}

}  // namespace

std::string silent_display(const char* display, int timeout_seconds) {
  if (!display || !*display || display[0] == '/') return "";  // unset, or a launchd path
  std::string d = display;
  if (const auto slash = d.find('/'); slash != std::string::npos) d.erase(0, slash + 1);  // tcp/
  const auto colon = d.rfind(':');
  if (colon == std::string::npos || (colon > 0 && d[colon - 1] == ':')) return "";  // DECnet
  const std::string host = d.substr(0, colon);
  const std::string rest = d.substr(colon + 1);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits == 0 || digits > 4 || (digits < rest.size() && rest[digits] != '.')) return "";
  const int n = std::stoi(rest.substr(0, digits));

  const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  Answer answer = Answer::Unknown;
  if (host.empty() || host == "unix") {
    const std::string path = "/tmp/.X11-unix/X" + std::to_string(n);
    answer = ask_unix(path, /*abstract=*/true, deadline);  // as libxcb: abstract first
    if (answer == Answer::Unknown) answer = ask_unix(path, /*abstract=*/false, deadline);
  } else {
    answer = ask_tcp(host, 6000 + n, deadline);
  }
  if (answer != Answer::Silent) return "";
  return "the display " + std::string(display) + " did not answer within " +
         std::to_string(timeout_seconds) + " s";
}

}  // namespace ganscope::app
