// CSV of 2D points: the forms a hand-made or exported file takes, every fault the reader must
// refuse with one line naming the file and line, and open_dataset on a ".csv" path.
#include "data/points_csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/idx.h"
#include "support/test_support.h"

using ganscope::data::DataError;
using ganscope::data::read_points_csv;
using ganscope::data::write_points_csv;
using ganscope::testing::make_temp_dir;
using ganscope::testing::read_file;
using ganscope::testing::TempDir;
using ganscope::testing::write_file;
namespace fs = std::filesystem;

namespace {

// Writes text to a fresh points.csv and reads it back.
std::vector<float> read_text(const std::string& text) {
  const TempDir dir("csv");
  write_file(dir.path + "/points.csv", text);
  return read_points_csv(dir.path + "/points.csv");
}

// The DataError message for reading text as points.csv, with the folder cut off, so that
// "points.csv:7: ..." can be compared whole; "" when nothing was thrown.
std::string csv_error(const std::string& text) {
  const TempDir dir("csv-bad");
  write_file(dir.path + "/points.csv", text);
  try {
    read_points_csv(dir.path + "/points.csv");
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "not one line: " << msg;
    EXPECT_EQ(msg.rfind(dir.path + "/", 0), 0u) << "does not name the file: " << msg;
    return msg.substr(dir.path.size() + 1);
  }
  return "";
}

}  // namespace

TEST(PointsCsvRead, HeaderAndRows) {
  EXPECT_EQ(read_text("x,y\n1,2\n3.5,-4\n"), (std::vector<float>{1, 2, 3.5f, -4}));
}

TEST(PointsCsvRead, NoHeaderAndNoFinalNewline) {
  EXPECT_EQ(read_text("1,2\n3,4"), (std::vector<float>{1, 2, 3, 4}));
}

TEST(PointsCsvRead, CrlfBlankLinesCommentsAndSpaces) {
  const std::string text =
      "# made by hand\r\n"
      "\r\n"
      " x , y \r\n"
      "  0.25 ,\t-0.5\r\n"
      "\r\n"
      "   # a comment between rows\r\n"
      "\t1e-3,  2.5E+2  \r\n"
      "\r\n";
  EXPECT_EQ(read_text(text), (std::vector<float>{0.25f, -0.5f, 1e-3f, 250.0f}));
}

TEST(PointsCsvRead, NumberForms) {
  EXPECT_EQ(read_text("-1.5e2,+3\n.5,5.\n-0,1E6\n-1e6,0.000001\n"),
            (std::vector<float>{-150, 3, 0.5f, 5, -0.0f, 1e6f, -1e6f, 1e-6f}));
}

TEST(PointsCsvRead, HeaderMayFollowCommentsAndByteOrderMark) {
  EXPECT_EQ(read_text("\xEF\xBB\xBF# exported\nlongitude , latitude\n7,8\n"),
            (std::vector<float>{7, 8}));
  EXPECT_EQ(read_text("\xEF\xBB\xBF" "1,2\n"), (std::vector<float>{1, 2}));
}

TEST(PointsCsvRead, WriteThenReadIsExact) {
  const std::vector<float> xy = {0.1f, -2.0f / 3.0f, 1e-7f, 123456.79f, -0.0f, 3.0f};
  const TempDir dir("csv-write");
  const std::string path = dir.path + "/out.csv";
  write_points_csv(path, xy);
  EXPECT_EQ(read_file(path).rfind("x,y\n0.1,", 0), 0u) << read_file(path);
  EXPECT_EQ(read_points_csv(path), xy);
  // Nothing else in the folder: the temporary (a hidden name) is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
}

TEST(PointsCsvWrite, RefusesOddCountAndNonFinite) {
  const TempDir tmp("csv-write-bad");
  const std::string& dir = tmp.path;
  EXPECT_THROW(write_points_csv(dir + "/a.csv", {1, 2, 3}), DataError);
  EXPECT_THROW(write_points_csv(dir + "/b.csv", {1, std::numeric_limits<float>::quiet_NaN()}),
               DataError);
  EXPECT_THROW(write_points_csv(dir + "/c.csv", {std::numeric_limits<float>::infinity(), 0}),
               DataError);
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(PointsCsvWrite, MissingFolderThrowsAndLeavesNothing) {
  const TempDir tmp("csv-write-nodir");
  const std::string& dir = tmp.path;
  EXPECT_THROW(write_points_csv(dir + "/no/such/p.csv", {1, 2}), DataError);
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(PointsCsvBadInput, TextWhereANumberShouldBe) {
  EXPECT_EQ(csv_error("x,y\n1,2\n3,4\n\n# c\n5,6\n7,abc\n"), "points.csv:7: 'abc' is not a number");
  EXPECT_EQ(csv_error("1,2\nx,y\n"), "points.csv:2: 'x' is not a number");  // header after data
  EXPECT_EQ(csv_error("1,2\n0x10,1\n"), "points.csv:2: '0x10' is not a number");
  EXPECT_EQ(csv_error("1,2\n1.5.2,1\n"), "points.csv:2: '1.5.2' is not a number");
  EXPECT_EQ(csv_error("1 2,3\n"), "points.csv:1: '1 2' is not a number");
  EXPECT_EQ(csv_error("x,1\n"), "points.csv:1: 'x' is not a number");  // not all text: no header
  EXPECT_EQ(csv_error("1,2\n3,\n"), "points.csv:2: column 2 is empty (expected a number)");
}

TEST(PointsCsvBadInput, NaNAndInf) {
  EXPECT_EQ(csv_error("x,y\n1,2\nnan,1\n"), "points.csv:3: NaN is not allowed");
  EXPECT_EQ(csv_error("1,NaN\n"), "points.csv:1: NaN is not allowed");
  EXPECT_EQ(csv_error("1,2\n1,inf\n"), "points.csv:2: Inf is not allowed");
  EXPECT_EQ(csv_error("1,2\n-Infinity,0\n"), "points.csv:2: Inf is not allowed");
}

TEST(PointsCsvBadInput, WrongColumnCount) {
  EXPECT_EQ(csv_error("x,y\n1,2\n3,4\n5\n"), "points.csv:4: expected 2 columns (x,y), found 1");
  EXPECT_EQ(csv_error("1,2,3\n"), "points.csv:1: expected 2 columns (x,y), found 3");
  EXPECT_EQ(csv_error("1,2\n3,4,\n"), "points.csv:2: expected 2 columns (x,y), found 3");
  EXPECT_EQ(csv_error("x,y,z\n1,2\n"), "points.csv:1: expected 2 columns (x,y), found 3");
  EXPECT_EQ(csv_error("1;2\n"), "points.csv:1: expected 2 columns (x,y), found 1");
}

TEST(PointsCsvBadInput, AbsurdValues) {
  EXPECT_EQ(csv_error("1,2\n1,2e6\n"),
            "points.csv:2: '2e6' is absurd (absolute values above 1e6 are refused)");
  EXPECT_EQ(csv_error("-1000000.5,0\n"),
            "points.csv:1: '-1000000.5' is absurd (absolute values above 1e6 are refused)");
  EXPECT_EQ(csv_error("1e400,0\n"), "points.csv:1: '1e400' is out of range for a number");
}

TEST(PointsCsvBadInput, HoldsNoPoints) {
  EXPECT_EQ(csv_error(""), "points.csv: holds no points");
  EXPECT_EQ(csv_error("x,y\n"), "points.csv: holds no points");
  EXPECT_EQ(csv_error("# nothing\n\n  \r\n"), "points.csv: holds no points");
}

TEST(PointsCsvBadInput, MoreThanTenMillionPoints) {
  std::string text = "x,y\n";
  text.reserve(4 + 4 * (ganscope::data::kMaxCsvPoints + 1));
  for (std::size_t i = 0; i <= ganscope::data::kMaxCsvPoints; ++i) text += "0,1\n";
  EXPECT_EQ(csv_error(text), "points.csv: holds more than 10000000 points");
}

TEST(PointsCsvBadInput, LongLineAndBinaryGarbage) {
  EXPECT_EQ(csv_error("1,2\n" + std::string(100000, '7')),
            "points.csv:2: line is longer than 4096 bytes");
  // Control bytes never reach the message raw, and a long field is cut short.
  EXPECT_EQ(csv_error(std::string("1,a\rb\x01") + "\n"), "points.csv:1: 'a?b?' is not a number");
  const std::string msg = csv_error("1," + std::string(200, 'z') + "\n");
  EXPECT_EQ(msg, "points.csv:1: '" + std::string(40, 'z') + "...' is not a number");
}

TEST(PointsCsvBadInput, CannotOpen) {
  const TempDir tmp("csv-open");
  const std::string& dir = tmp.path;
  try {
    read_points_csv(dir + "/missing.csv");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/missing.csv: cannot open (No such file or directory)");
  }
  fs::create_directory(dir + "/folder.csv");
  EXPECT_THROW(read_points_csv(dir + "/folder.csv"), DataError);
}

TEST(PointsCsvDataset, OpenDatasetReadsACsvAsPoints) {
  const TempDir dir("csv-dataset");
  const std::string path = dir.path + "/blobs.csv";
  write_file(path, "x,y\n1,2\n-3,4\n5,-6\n");
  auto data = ganscope::data::open_dataset(path, 1);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->size(), 3);
  EXPECT_EQ(data->dim(), 2);
  EXPECT_FALSE(data->images());
  EXPECT_EQ(data->describe(), "blobs.csv (3 points)");
  const int idx[2] = {2, 0};
  float out[4] = {};
  data->gather(idx, 2, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{5, -6, 1, 2}));
}

TEST(PointsCsvDataset, BadCsvErrorNamesTheFileNotAFolder) {
  const TempDir dir("csv-dataset-bad");
  const std::string path = dir.path + "/p.csv";
  write_file(path, "1,2\n3\n");
  try {
    ganscope::data::open_dataset(path, 1);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":2: expected 2 columns (x,y), found 1");
  }
  EXPECT_THROW(ganscope::data::open_dataset(path + ".missing.csv", 1), DataError);
}
