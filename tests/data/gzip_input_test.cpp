// Gzip read as zcat reads it (data/gzip_input.h), on files the gzip tool makes: concatenated
// members are one stream, zero padding after the last member is ignored, other trailing bytes
// and a cut or damaged member are refused with one line naming the file.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "data/idx.h"
#include "support/data_support.h"
#include "support/test_support.h"

using ganscope::data::read_idx_images;
using ganscope::testing::be32;
using ganscope::testing::has;
using ganscope::testing::image_error;
using ganscope::testing::make_temp_dir;
using ganscope::testing::read_file;
using ganscope::testing::run_command;
using ganscope::testing::write_file;

namespace {

// gzip -c of bytes, by the gzip tool itself.
std::string gzip_tool(const std::string& dir, const std::string& bytes) {
  write_file(dir + "/plain", bytes);
  auto r = run_command("sh -c 'gzip -c -n " + dir + "/plain > " + dir + "/made.gz'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return read_file(dir + "/made.gz");
}

// The header and the first pixels in one member, the other pixels in a second one.
TEST(GzipAsZcat, ConcatenatedMembersAreOneStream) {
  const std::string dir = make_temp_dir("gzcat");
  std::string pixels(2 * 3 * 4, '\0');
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = char(10 + i);
  const std::string first = be32(0x803) + be32(2) + be32(3) + be32(4) + pixels.substr(0, 5);
  const std::string two = gzip_tool(dir, first) + gzip_tool(dir, pixels.substr(5));
  write_file(dir + "/two.gz", two);
  // zcat agrees: it prints the whole file.
  auto r = run_command("sh -c 'zcat " + dir + "/two.gz | wc -c'");
  EXPECT_EQ(r.out, "40\n");
  const auto im = read_idx_images(dir + "/two.gz");
  ASSERT_EQ(im.count, 2);
  EXPECT_EQ(std::string(im.pixels.begin(), im.pixels.end()), pixels);
}

TEST(GzipAsZcat, TrailingZerosAreIgnoredOtherBytesRefused) {
  const std::string dir = make_temp_dir("gzpad");
  const std::string gz = gzip_tool(dir, be32(0x803) + be32(1) + be32(2) + be32(2) + "abcd");
  write_file(dir + "/zeros.gz", gz + std::string(512, '\0'));
  EXPECT_EQ(run_command("zcat " + dir + "/zeros.gz > /dev/null").exit_code, 0);
  EXPECT_EQ(read_idx_images(dir + "/zeros.gz").count, 1);

  write_file(dir + "/junk.gz", gz + "junk");
  EXPECT_NE(run_command("zcat " + dir + "/junk.gz > /dev/null").exit_code, 0);  // warns, exit 2
  EXPECT_TRUE(has(image_error(dir + "/junk.gz"), "trailing bytes after its gzip data"));
  write_file(dir + "/zerojunk.gz", gz + std::string(4, '\0') + "x");
  EXPECT_TRUE(has(image_error(dir + "/zerojunk.gz"), "after the zero padding"));
  // The start of another member, then nothing or garbage: cut or corrupt, as zcat says.
  write_file(dir + "/cut.gz", gz + "\x1f");
  EXPECT_TRUE(has(image_error(dir + "/cut.gz"), "truncated gzip data"));
  write_file(dir + "/bad.gz", gz + "\x1f\x8bjunk");
  EXPECT_TRUE(has(image_error(dir + "/bad.gz"), "gzip"));
}

// A gzip file whose header claims far more than it holds costs what it holds, not the claim:
// the reader refuses it once the stream ends (here 16 MB claimed, within deflate's ratio for
// the file's 64 kB of noise, which is all the pixels there are).
TEST(GzipAsZcat, ShortStreamIsRefusedAtItsEnd) {
  const std::string dir = make_temp_dir("gzshort");
  std::string noise(65536, '\0');
  std::uint32_t x = 1;
  for (auto& c : noise) c = char((x = x * 1664525u + 1013904223u) >> 24);
  const std::string gz =
      gzip_tool(dir, be32(0x803) + be32(16384) + be32(32) + be32(32) + noise);
  write_file(dir + "/short.gz", gz);
  EXPECT_TRUE(has(image_error(dir + "/short.gz"), "truncated: data ends after 65536 of 16777216"));
}

}  // namespace
