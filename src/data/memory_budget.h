// What this process may allocate, so a request (a sample count, a batch, a checkpoint) can be
// refused with one line naming it before it is allocated, rather than ending in
// std::bad_alloc or the kernel's OOM killer.
#pragma once

#include <cstdint>
#include <string>

namespace ganscope::data {

// The least of the machine's physical memory, the cgroup's memory.max (a container's limit),
// RLIMIT_AS / RLIMIT_DATA and GANSCOPE_MEMORY_LIMIT (bytes, e.g. "2e9": a lower limit for
// sharing a machine, and for tests, which cannot shrink the machine and whose sanitizer
// builds cannot run under ulimit -v).
std::uint64_t memory_limit_bytes();

// "" when bytes fit in memory_limit_bytes(), else one line: "<request> would need 31 GB of
// memory; this machine has 8.2 GB". request names the option and the value as the user
// wrote it, e.g. "--n 10000000".
std::string memory_refusal(const std::string& request, double bytes, const std::string& of = "");

}  // namespace ganscope::data
