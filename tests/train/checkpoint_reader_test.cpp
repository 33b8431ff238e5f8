// The checkpoint and config readers check a file's header and size before reading the rest:
// a huge file is refused from its size at once (sparse files here, so the test costs no disk),
// and an unreadable path names the real cause.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "support/test_support.h"
#include "train/checkpoint.h"
#include "train/config.h"

using namespace ganscope;
using ganscope::testing::has;
using ganscope::testing::make_temp_dir;
using ganscope::testing::one_line_error;
using ganscope::testing::write_file;

namespace {

std::string header(std::uint64_t payload) {
  std::string h = "GANSCOPE";
  for (int i = 0; i < 4; ++i) h += char(train::kCheckpointVersion >> (8 * i));
  for (int i = 0; i < 8; ++i) h += char(payload >> (8 * i));
  return h + std::string(4, '\0');  // CRC: never reached here
}

// A file of `size` bytes starting with `head`, the rest a hole.
void sparse_file(const std::string& path, const std::string& head, std::uint64_t size) {
  write_file(path, head);
  ASSERT_EQ(::truncate(path.c_str(), off_t(size)), 0);
}

// The CheckpointError message of opening path: one line naming the file.
std::string checkpoint_error(const std::string& path) {
  return one_line_error<train::CheckpointError>([&] { train::CheckpointReader r(path); }, path);
}

TEST(CheckpointReader, RefusesFromTheHeaderBeforeReading) {
  const std::string dir = make_temp_dir("ckhead");
  const auto t0 = std::chrono::steady_clock::now();
  // 5 GB, header consistent with the size: more than any model's checkpoint.
  const std::uint64_t big = 5'000'000'000ull;
  sparse_file(dir + "/big", header(big - 24), big);
  EXPECT_TRUE(has(checkpoint_error(dir + "/big"), "checkpoint is 5.0 GB, more than any model's"));
  // A header claiming a terabyte in a small file.
  sparse_file(dir + "/claims", header(1ull << 40), 4096);
  EXPECT_TRUE(has(checkpoint_error(dir + "/claims"), "truncated or has trailing bytes"));
  std::string wrong = header(10);
  wrong[8] = 9;
  write_file(dir + "/future", wrong + std::string(10, 'x'));
  EXPECT_TRUE(has(checkpoint_error(dir + "/future"), "format version 9"));
  write_file(dir + "/tiny", "GANS");
  EXPECT_TRUE(has(checkpoint_error(dir + "/tiny"), "not a ganscope checkpoint"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0)
      << "the payload must not be read";
}

TEST(CheckpointReader, UnreadablePathNamesTheCause) {
  const std::string dir = make_temp_dir("ckpath");
  EXPECT_TRUE(has(checkpoint_error(dir), "cannot open the checkpoint (a folder, not a file)"));
  ASSERT_EQ(::symlink("gone", (dir + "/link").c_str()), 0);
  EXPECT_TRUE(has(checkpoint_error(dir + "/link"), "a symbolic link to gone, which does not exist"));
}

TEST(ConfigFile, RefusesAHugeFileAndNamesTheCause) {
  const std::string dir = make_temp_dir("cfgsize");
  sparse_file(dir + "/huge.json", "{", 3'000'000'000ull);
  try {
    train::load_config_file(dir + "/huge.json");
    ADD_FAILURE() << "no error";
  } catch (const train::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + "/huge.json: is 3.0 GB, more than a config file can be (1.0 MB)");
  }
  try {
    train::load_config_file(dir);
    ADD_FAILURE() << "no error";
  } catch (const train::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": cannot open (a folder, not a file)");
  }
}

}  // namespace

namespace {

// The writer builds the file in place: bytes() (a copy) and release() (moved out) are the
// same file, whatever was reserved, and read back section by section.
TEST(CheckpointWriter, BytesAndReleaseAreTheSameFile) {
  for (std::size_t reserve : {std::size_t(0), std::size_t(1) << 16}) {
    train::CheckpointWriter w(reserve);
    w.add("text", "hello");
    w.add_floats("floats", {1.5f, -2.0f, 3.25f});
    const std::string copy = w.bytes();
    const std::string moved = w.release();
    EXPECT_EQ(copy, moved);
    const train::CheckpointReader r = train::CheckpointReader::from_bytes(moved, "memory");
    EXPECT_EQ(r.get("text"), "hello");
    EXPECT_EQ(r.get_floats("floats"), (std::vector<float>{1.5f, -2.0f, 3.25f}));
  }
}

}  // namespace
