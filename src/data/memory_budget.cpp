#include "data/memory_budget.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "data/input_file.h"

namespace ganscope::data {

std::uint64_t memory_limit_bytes() {
  std::uint64_t limit = UINT64_MAX;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0) limit = std::uint64_t(pages) * std::uint64_t(page);
  std::ifstream cg("/sys/fs/cgroup/memory.max");  // "max" when unlimited
  std::uint64_t cg_max = 0;
  if (cg >> cg_max && cg_max > 0) limit = std::min(limit, cg_max);
  for (int which : {RLIMIT_AS, RLIMIT_DATA}) {
    struct rlimit r {};
    if (::getrlimit(which, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
      limit = std::min<std::uint64_t>(limit, r.rlim_cur);
  }
  if (const char* env = std::getenv("GANSCOPE_MEMORY_LIMIT"); env && *env) {
    char* end = nullptr;
    const double v = std::strtod(env, &end);
    if (end && *end == '\0' && v >= 0 && v < double(limit)) limit = std::uint64_t(v);
  }
  return limit;
}

std::string memory_refusal(const std::string& request, double bytes, const std::string& of) {
  const double limit = double(memory_limit_bytes());
  if (bytes <= limit) return "";
  return request + " would need " + byte_size_text(bytes) + " of memory" +
         (of.empty() ? "" : " for " + of) + "; this machine has " +
         byte_size_text(limit);
}

}  // namespace ganscope::data
