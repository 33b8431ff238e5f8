// The memory limit (data/memory_budget.h) and the IDX reader's refusal of pixels beyond it,
// before they are allocated or read.
#include "data/memory_budget.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "data/idx.h"
#include "support/test_support.h"

using namespace ganscope::data;

namespace {

// Sets GANSCOPE_MEMORY_LIMIT while it lives.
struct MemoryLimit {
  explicit MemoryLimit(const char* bytes) { ::setenv("GANSCOPE_MEMORY_LIMIT", bytes, 1); }
  ~MemoryLimit() { ::unsetenv("GANSCOPE_MEMORY_LIMIT"); }
};

TEST(MemoryBudget, EnvironmentOnlyLowersTheLimit) {
  const std::uint64_t machine = memory_limit_bytes();
  EXPECT_GT(machine, 100'000'000u);
  {
    MemoryLimit limit("1e6");
    EXPECT_EQ(memory_limit_bytes(), 1'000'000u);
    EXPECT_EQ(memory_refusal("--n 10", 2e6, "the samples"),
              "--n 10 would need 2.0 MB of memory for the samples; this machine has 1.0 MB");
    EXPECT_EQ(memory_refusal("--n 1", 5e5), "");
  }
  MemoryLimit limit("1e30");  // more than the machine: ignored
  EXPECT_EQ(memory_limit_bytes(), machine);
}

TEST(MemoryBudget, IdxPixelsBeyondTheLimitAreRefused) {
  const std::string dir = ganscope::testing::make_temp_dir("idxmem");
  IdxImages im;
  im.count = 2000, im.rows = im.cols = 28;
  im.pixels.assign(2000 * 784, 7);
  write_idx_images(dir + "/im", im);
  MemoryLimit limit("1e6");
  try {
    read_idx_images(dir + "/im");
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/im: reading its 2000 images of 28x28 would need "
                                           "1.6 MB of memory; this machine has 1.0 MB");
  }
  EXPECT_EQ(read_idx_image_shape(dir + "/im").count, 2000);  // the header alone is cheap
}

}  // namespace
