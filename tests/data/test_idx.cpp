// IDX reader/writer: round trips, the real Fashion-MNIST files, and every malformed input the
// reader must refuse with a one-line DataError (never a crash, a hang or a huge allocation).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "data/idx.h"
#include "support/data_support.h"
#include "support/test_support.h"

using ganscope::data::DataError;
using ganscope::data::IdxImages;
using ganscope::data::read_idx_folder;
using ganscope::data::read_idx_images;
using ganscope::data::read_idx_labels;
using ganscope::data::write_idx_images;
using ganscope::data::write_idx_labels;
using ganscope::testing::be32;
using ganscope::testing::has;
using ganscope::testing::image_error;
using ganscope::testing::label_error;
using ganscope::testing::make_temp_dir;
using ganscope::testing::names_in;
using ganscope::testing::one_line_error;
using ganscope::testing::read_file;
using ganscope::testing::TempDir;
using ganscope::testing::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

std::string image_header(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                         std::uint32_t magic = 0x803) {
  return be32(magic) + be32(count) + be32(rows) + be32(cols);
}

std::string label_header(std::uint32_t count) { return be32(0x801) + be32(count); }

// n bytes that deflate compresses well (smooth ramps), or not at all (LCG noise).
std::string pattern(std::size_t n, bool noisy) {
  std::string s(n, '\0');
  std::uint32_t x = 12345;
  for (std::size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    s[i] = static_cast<char>(noisy ? x >> 24 : (i % 28) * 9 + (i / 784) % 3);
  }
  return s;
}

// 5 images of 3x4 with known pixels, and 5 labels.
IdxImages small_images() {
  IdxImages im;
  im.count = 5;
  im.rows = 3;
  im.cols = 4;
  for (int i = 0; i < 5 * 3 * 4; ++i) im.pixels.push_back(static_cast<std::uint8_t>(i * 37 % 256));
  return im;
}
const std::vector<std::uint8_t> kSmallLabels = {3, 1, 4, 1, 5};

void write_gz(const std::string& path, const std::string& bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  if (!bytes.empty()) {
    ASSERT_EQ(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
  }
  ASSERT_EQ(gzclose(gz), Z_OK);
}

void expect_same(const IdxImages& a, const IdxImages& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.pixels, b.pixels);
}

bool have_fashion() { return fs::exists(kFashion + "/train-images-idx3-ubyte.gz"); }

}  // namespace

// ---- round trips -------------------------------------------------------------------------------

TEST(IdxRoundTrip, RawImagesAndLabels) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/im", small_images());
  write_idx_labels(dir + "/lb", kSmallLabels);
  // The exact bytes: big-endian header, then the pixels as given.
  std::string raw = read_file(dir + "/im");
  ASSERT_EQ(raw.size(), 16u + 60u);
  EXPECT_EQ(raw.substr(0, 16), image_header(5, 3, 4));
  EXPECT_EQ(static_cast<std::uint8_t>(raw[16 + 7]), 7 * 37 % 256);
  EXPECT_EQ(read_file(dir + "/lb"), label_header(5) + std::string("\3\1\4\1\5"));
  expect_same(read_idx_images(dir + "/im"), small_images());
  EXPECT_EQ(read_idx_labels(dir + "/lb"), kSmallLabels);
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"im", "lb"}));  // no temporary left
}

TEST(IdxRoundTrip, GzipImagesAndLabels) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/im.gz", small_images());
  write_idx_labels(dir + "/lb.gz", kSmallLabels);
  std::string gz = read_file(dir + "/im.gz");
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(gz.substr(0, 2), "\x1f\x8b");
  expect_same(read_idx_images(dir + "/im.gz"), small_images());
  EXPECT_EQ(read_idx_labels(dir + "/lb.gz"), kSmallLabels);
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"im.gz", "lb.gz"}));
}

TEST(IdxRoundTrip, LargerGzipOfNoisyPixels) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  IdxImages im;
  im.count = 300;
  im.rows = 28;
  im.cols = 28;
  std::string px = pattern(300 * 784, true);
  im.pixels.assign(px.begin(), px.end());
  write_idx_images(dir + "/im.gz", im);
  expect_same(read_idx_images(dir + "/im.gz"), im);
}

TEST(IdxRoundTrip, GzipDetectedByMagicNotName) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/gz.gz", small_images());
  fs::rename(dir + "/gz.gz", dir + "/plainname");
  expect_same(read_idx_images(dir + "/plainname"), small_images());
  write_idx_images(dir + "/raw", small_images());
  fs::rename(dir + "/raw", dir + "/fake.gz");
  expect_same(read_idx_images(dir + "/fake.gz"), small_images());
}

TEST(IdxWrite, OverwritesExistingFile) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_file(dir + "/im", "old contents");
  write_idx_images(dir + "/im", small_images());
  expect_same(read_idx_images(dir + "/im"), small_images());
}

TEST(IdxWrite, MissingFolderThrowsAndLeavesNothing) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  for (std::string name : {"/nope/im", "/nope/im.gz"}) {
    std::string path = dir + name;
    auto msg = one_line_error<DataError>([&] { write_idx_images(path, small_images()); }, path);
    EXPECT_TRUE(has(msg, "cannot create (No such file or directory)"));
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(IdxWrite, RenameFailureRemovesTemp) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  fs::create_directories(dir + "/busy/sub");  // rename over a non-empty directory fails
  auto msg = one_line_error<DataError>([&] { write_idx_labels(dir + "/busy", kSmallLabels); },
                                       dir + "/busy");
  EXPECT_TRUE(has(msg, "cannot rename"));
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"busy"}));
}

TEST(IdxWrite, RefusesInconsistentInput) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  IdxImages bad = small_images();
  bad.pixels.pop_back();
  auto msg = one_line_error<DataError>([&] { write_idx_images(dir + "/im", bad); }, dir + "/im");
  EXPECT_TRUE(has(msg, "5 images of 3x4 from 59 pixels"));
  one_line_error<DataError>([&] { write_idx_images(dir + "/im", IdxImages{}); }, dir + "/im");
  one_line_error<DataError>([&] { write_idx_labels(dir + "/lb", {}); }, dir + "/lb");
  EXPECT_TRUE(fs::is_empty(dir));
}

// ---- the real Fashion-MNIST files ------------------------------------------------------------

TEST(IdxFashionMnist, TrainFolder) {
  if (!have_fashion()) GTEST_SKIP() << "no " << kFashion;
  auto f = read_idx_folder(kFashion);
  EXPECT_EQ(f.images_path, kFashion + "/train-images-idx3-ubyte.gz");
  ASSERT_EQ(f.images.count, 60000);
  ASSERT_EQ(f.images.rows, 28);
  ASSERT_EQ(f.images.cols, 28);
  ASSERT_EQ(f.images.pixels.size(), 60000u * 784u);
  // Mean pixel over the whole set, computed independently with Python's gzip: 72.9404.
  double sum = 0;
  for (auto p : f.images.pixels) sum += p;
  EXPECT_NEAR(sum / f.images.pixels.size(), 72.9404, 1e-3);
  long first = 0;
  for (int i = 0; i < 784; ++i) first += f.images.pixels[i];
  EXPECT_EQ(first, 76247);  // the first image (an ankle boot)
  ASSERT_EQ(f.labels.size(), 60000u);
  EXPECT_EQ(std::vector<std::uint8_t>(f.labels.begin(), f.labels.begin() + 10),
            (std::vector<std::uint8_t>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}));
  std::array<int, 10> per_class{};
  for (auto l : f.labels) {
    ASSERT_LT(l, 10);
    ++per_class[l];
  }
  for (int n : per_class) EXPECT_EQ(n, 6000);
}

TEST(IdxFashionMnist, TestSplitFolder) {
  if (!have_fashion()) GTEST_SKIP() << "no " << kFashion;
  auto f = read_idx_folder(kFashion, true);
  EXPECT_EQ(f.images_path, kFashion + "/t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(f.images.count, 10000);
  EXPECT_EQ(f.images.rows, 28);
  EXPECT_EQ(f.images.cols, 28);
  ASSERT_EQ(f.labels.size(), 10000u);
  EXPECT_EQ(std::vector<std::uint8_t>(f.labels.begin(), f.labels.begin() + 5),
            (std::vector<std::uint8_t>{9, 2, 1, 1, 6}));
  std::array<int, 10> per_class{};
  for (auto l : f.labels) ++per_class.at(l);
  for (int n : per_class) EXPECT_EQ(n, 1000);
}

TEST(IdxFashionMnist, LabelsFileDirectly) {
  if (!have_fashion()) GTEST_SKIP() << "no " << kFashion;
  EXPECT_EQ(read_idx_labels(kFashion + "/train-labels-idx1-ubyte.gz").size(), 60000u);
  auto path = kFashion + "/train-labels-idx1-ubyte.gz";
  EXPECT_TRUE(
      has(image_error(path), "not an IDX image file (magic 0x00000801, expected 0x00000803)"));
}

// ---- malformed files ---------------------------------------------------------------------------

TEST(IdxBadInput, NonexistentPath) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/missing-idx3-ubyte";
  EXPECT_EQ(image_error(path), path + ": cannot open (No such file or directory)");
  EXPECT_EQ(label_error(path), path + ": cannot open (No such file or directory)");
}

TEST(IdxBadInput, DirectoryInsteadOfFile) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  EXPECT_TRUE(has(image_error(dir), "cannot open (a folder, not a file)"));
}

TEST(IdxBadInput, WrongMagic) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(1, 1, 1, 0x00000804) + "x");
  EXPECT_TRUE(
      has(image_error(path), "not an IDX image file (magic 0x00000804, expected 0x00000803)"));
  write_file(path, "\x89PNG\r\n\x1a\n and then some more bytes");
  EXPECT_TRUE(has(image_error(path), "magic 0x89504e47"));
}

TEST(IdxBadInput, LabelsPassedAsImagesAndBack) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_labels(dir + "/lb", {1, 2, 3, 4, 5, 6, 7, 8, 9});
  write_idx_images(dir + "/im.gz", small_images());
  EXPECT_TRUE(has(image_error(dir + "/lb"),
                  "not an IDX image file (magic 0x00000801, expected 0x00000803)"));
  EXPECT_TRUE(has(label_error(dir + "/im.gz"),
                  "not an IDX label file (magic 0x00000803, expected 0x00000801)"));
}

TEST(IdxBadInput, TruncatedRaw) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(5, 3, 4) + std::string(50, '\1'));
  EXPECT_TRUE(has(image_error(path),
                  "truncated: header declares 5 images of 3x4 (60 bytes) but the file holds 50"));
  write_file(path, label_header(5) + "\1\2\3");
  EXPECT_TRUE(has(label_error(path), "truncated: header declares 5 labels"));
}

TEST(IdxBadInput, TrailingGarbageRaw) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(5, 3, 4) + std::string(63, '\1'));
  EXPECT_TRUE(has(image_error(path), "3 trailing bytes"));
  write_file(path, label_header(2) + "\1\2\3");
  EXPECT_TRUE(has(label_error(path), "1 trailing bytes"));
}

TEST(IdxBadInput, ZeroCount) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(0, 28, 28));
  EXPECT_TRUE(has(image_error(path), "holds zero images"));
  write_file(path, label_header(0));
  EXPECT_TRUE(has(label_error(path), "holds zero labels"));
}

TEST(IdxBadInput, ImageSideOutOfRange) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(1, 0, 28));
  EXPECT_TRUE(has(image_error(path), "image size 0x28 is outside 1..4096"));
  write_file(path, image_header(1, 28, 4097));
  EXPECT_TRUE(has(image_error(path), "image size 28x4097 is outside 1..4096"));
}

// 2^31 images of 28x28 would be 1.6 TB: refused from the file size alone, before allocating.
TEST(IdxBadInput, AbsurdCountInTinyRawFile) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im";
  write_file(path, image_header(0x80000000u, 28, 28) + "abcd");
  EXPECT_TRUE(has(image_error(path), "truncated: header declares 2147483648 images of 28x28 "
                                     "(1683627180032 bytes) but the file holds 4"));
  write_file(path, image_header(0xffffffffu, 4096, 4096));
  EXPECT_TRUE(has(image_error(path), "truncated"));
  write_file(path, label_header(0xffffffffu) + "x");
  EXPECT_TRUE(has(label_error(path), "truncated"));
}

TEST(IdxBadInput, AbsurdCountInTinyGzipFile) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im.gz";
  write_gz(path, image_header(0x80000000u, 28, 28) + "abcd");
  auto msg = image_error(path);
  EXPECT_TRUE(has(msg, "header declares 2147483648 images of 28x28"));
  EXPECT_TRUE(has(msg, "gzip file can hold (at most"));
  write_gz(path, label_header(0xffffffffu));
  EXPECT_TRUE(has(label_error(path), "gzip file can hold"));
}

// Within deflate's ratio but not what the header declares: the inflated stream itself is
// measured (the trailer's ISIZE covers only the last member, so it is no check).
TEST(IdxBadInput, GzipSizeDisagreesWithHeader) {
  const TempDir tmp("idx");
  const std::string path = tmp.path + "/im.gz";
  write_gz(path, image_header(5, 3, 4) + std::string(50, '\1'));
  EXPECT_TRUE(has(image_error(path), "truncated: data ends after 50 of 60 bytes"));
  write_gz(path, image_header(5, 3, 4) + std::string(61, '\1'));
  EXPECT_TRUE(has(image_error(path), "holds more data than the header declares (60 bytes)"));
}

// Concatenated gzip members: the trailer's ISIZE covers only the last one, so it can agree with
// the header while the stream holds more. The reader must notice the extra data itself.
TEST(IdxBadInput, GzipStreamLongerThanDeclared) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  const std::string file = image_header(5, 3, 4) + std::string(60, '\7');
  write_gz(dir + "/a.gz", file);
  write_gz(dir + "/b.gz", file);
  write_file(dir + "/two.gz", read_file(dir + "/a.gz") + read_file(dir + "/b.gz"));
  auto msg = image_error(dir + "/two.gz");
  EXPECT_TRUE(has(msg, "holds more data than the header declares (60 bytes)"));
}

TEST(IdxBadInput, TruncatedGzip) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  // Small and compressible, or large and noisy (2.4 MB): either way inflate meets the cut.
  for (int count : {200, 3000}) {
    std::string bytes = image_header(count, 28, 28) + pattern(count * 784, count > 200);
    write_gz(dir + "/full.gz", bytes);
    std::string gz = read_file(dir + "/full.gz");
    write_file(dir + "/half.gz", gz.substr(0, gz.size() / 2));
    auto msg = image_error(dir + "/half.gz");
    EXPECT_TRUE(has(msg, "truncated gzip data (the file ends inside a member)")) << msg;
    // The real trailer after the cut: its 8 bytes read as deflate data, which then ends.
    write_file(dir + "/cut.gz", gz.substr(0, gz.size() / 2) + gz.substr(gz.size() - 8));
    msg = image_error(dir + "/cut.gz");
    EXPECT_TRUE(has(msg, "gzip data (")) << msg;
    // Only the 8-byte trailer missing: the data is all there but the stream never ends.
    write_file(dir + "/notrailer.gz", gz.substr(0, gz.size() - 8) + gz.substr(gz.size() - 4));
    msg = image_error(dir + "/notrailer.gz");
    EXPECT_TRUE(has(msg, "gzip data (zlib: "));
  }
}

TEST(IdxBadInput, CorruptGzip) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  std::string bytes = image_header(200, 28, 28) + pattern(200 * 784, false);
  write_gz(dir + "/full.gz", bytes);
  const std::string gz = read_file(dir + "/full.gz");
  // Flip bytes at several places in the middle of the deflate stream: each must be refused.
  for (std::size_t at : {gz.size() / 3, gz.size() / 2, 2 * gz.size() / 3}) {
    std::string bad = gz;
    for (std::size_t i = at; i < at + 4; ++i) bad[i] = static_cast<char>(~bad[i]);
    write_file(dir + "/bad.gz", bad);
    // Refused as bad deflate data, or, when the flips still inflate, as more data than the
    // header declares (reading stops there, before the CRC at the end).
    auto msg = image_error(dir + "/bad.gz");
    EXPECT_TRUE(has(msg, "gzip") || has(msg, "holds more data than the header declares")) << msg;
  }
  // Flips inside the first block's Huffman tables (just after the 10-byte gzip header) make
  // inflate itself fail ("invalid code lengths set" with this zlib).
  for (std::size_t at : {12u, 20u, 24u}) {
    std::string bad = gz;
    for (std::size_t i = at; i < at + 4; ++i) bad[i] = static_cast<char>(~bad[i]);
    write_file(dir + "/bad.gz", bad);
    auto msg = image_error(dir + "/bad.gz");
    EXPECT_TRUE(has(msg, "corrupt gzip data (zlib: "));
  }
  // A flipped CRC: the data inflates fine but fails the check at the end of the stream.
  std::string bad = gz;
  bad[gz.size() - 8] = static_cast<char>(~bad[gz.size() - 8]);
  write_file(dir + "/crc.gz", bad);
  auto msg = image_error(dir + "/crc.gz");
  EXPECT_TRUE(has(msg, "corrupt gzip data (zlib: incorrect data check)"));
}

TEST(IdxBadInput, EmptyFile) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_file(dir + "/empty", "");
  EXPECT_TRUE(has(image_error(dir + "/empty"), "empty file"));
  EXPECT_TRUE(has(label_error(dir + "/empty"), "empty file"));
  write_gz(dir + "/empty.gz", "");
  EXPECT_TRUE(has(image_error(dir + "/empty.gz"), "empty file"));
}

TEST(IdxBadInput, ShorterThanHeader) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_file(dir + "/im", std::string("\0\0", 2));
  EXPECT_TRUE(has(image_error(dir + "/im"), "too short for an IDX header (2 bytes)"));
  write_file(dir + "/im", image_header(5, 3, 4).substr(0, 10));
  EXPECT_TRUE(has(image_error(dir + "/im"),
                  "too short for an IDX image header (10 bytes, expected 16)"));
  write_file(dir + "/lb", label_header(5).substr(0, 6));
  EXPECT_TRUE(
      has(label_error(dir + "/lb"), "too short for an IDX label header (6 bytes, expected 8)"));
  write_gz(dir + "/im.gz", image_header(5, 3, 4).substr(0, 10));
  EXPECT_TRUE(has(image_error(dir + "/im.gz"), "too short"));
  write_file(dir + "/tiny.gz", "\x1f\x8b\x08");
  EXPECT_TRUE(has(image_error(dir + "/tiny.gz"), "truncated gzip file (3 bytes)"));
}

// Every failure path must close what it opened (Linux: count the entries of /proc/self/fd).
TEST(IdxBadInput, NoFileDescriptorLeaks) {
  if (!fs::exists("/proc/self/fd")) GTEST_SKIP() << "no /proc/self/fd";
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_file(dir + "/short", image_header(5, 3, 4));
  write_file(dir + "/bad.gz", "\x1f\x8b garbage, not deflate at all.......");
  write_gz(dir + "/absurd.gz", image_header(0x80000000u, 28, 28));
  auto count_fds = [] {
    return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator{});
  };
  const auto before = count_fds();
  for (int i = 0; i < 20; ++i)
    for (auto name : {"/short", "/bad.gz", "/absurd.gz", "", "/missing"})
      EXPECT_THROW(read_idx_images(dir + name), DataError);
  EXPECT_THROW(write_idx_images(dir + "/no/such/dir.gz", small_images()), DataError);
  EXPECT_EQ(count_fds(), before);
}

// ---- folders ---------------------------------------------------------------------------------

TEST(IdxFolder, RawPreferredOverGzipAndLabelsRead) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/train-images-idx3-ubyte", small_images());
  write_file(dir + "/train-images-idx3-ubyte.gz", "not even gzip");
  write_idx_labels(dir + "/train-labels-idx1-ubyte.gz", kSmallLabels);
  auto f = read_idx_folder(dir);
  EXPECT_EQ(f.images_path, (fs::path(dir) / "train-images-idx3-ubyte").string());
  expect_same(f.images, small_images());
  EXPECT_EQ(f.labels, kSmallLabels);
}

TEST(IdxFolder, DotSpellingAndNoLabels) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/train-images.idx3-ubyte", small_images());
  auto f = read_idx_folder(dir);
  EXPECT_EQ(f.images_path, (fs::path(dir) / "train-images.idx3-ubyte").string());
  EXPECT_TRUE(f.labels.empty());
  write_idx_labels(dir + "/train-labels.idx1-ubyte.gz", kSmallLabels);
  EXPECT_EQ(read_idx_folder(dir).labels, kSmallLabels);
}

TEST(IdxFolder, TestSplitUsesT10kFiles) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/t10k-images-idx3-ubyte.gz", small_images());
  auto f = read_idx_folder(dir, true);
  EXPECT_EQ(f.images.count, 5);
  auto msg = one_line_error<DataError>([&] { read_idx_folder(dir); }, dir);
  EXPECT_TRUE(has(msg, "train-images-idx3-ubyte"));
}

TEST(IdxFolder, LabelCountMismatch) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_images(dir + "/train-images-idx3-ubyte", small_images());
  write_idx_labels(dir + "/train-labels-idx1-ubyte", {1, 2, 3, 4});
  auto labels = (fs::path(dir) / "train-labels-idx1-ubyte").string();
  auto msg = one_line_error<DataError>([&] { read_idx_folder(dir); }, labels);
  EXPECT_TRUE(has(msg, "4 labels for 5 images"));
}

TEST(IdxFolder, NoImageFile) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_idx_labels(dir + "/train-labels-idx1-ubyte", kSmallLabels);
  auto msg = one_line_error<DataError>([&] { read_idx_folder(dir); }, dir);
  EXPECT_TRUE(has(msg, "no image file in this folder"));
  for (auto name : {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz",
                    "train-images.idx3-ubyte", "train-images.idx3-ubyte.gz"})
    EXPECT_TRUE(has(msg, name));
  msg = one_line_error<DataError>([&] { read_idx_folder(dir, true); }, dir);
  EXPECT_TRUE(has(msg, "t10k-images-idx3-ubyte.gz"));
}

TEST(IdxFolder, MissingFolder) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path + "/not-there";
  auto msg = one_line_error<DataError>([&] { read_idx_folder(dir); }, dir);
  EXPECT_TRUE(has(msg, "no such folder"));
  EXPECT_TRUE(has(msg, "train-images-idx3-ubyte"));
  write_file(dir, "a file, not a folder");
  EXPECT_TRUE(has(one_line_error<DataError>([&] { read_idx_folder(dir); }, dir), "not a folder"));
}

TEST(IdxFolder, BadImageFileErrorNamesTheFile) {
  const TempDir tmp("idx");
  const std::string dir = tmp.path;
  write_file(dir + "/train-images-idx3-ubyte.gz", "\x1f\x8b garbage, not deflate at all.......");
  auto path = (fs::path(dir) / "train-images-idx3-ubyte.gz").string();
  auto msg = one_line_error<DataError>([&] { read_idx_folder(dir); }, path);
  EXPECT_TRUE(has(msg, "gzip"));
}
