// Messages that name the real cause when a file cannot be read (data/input_file.h): a folder,
// a dangling symbolic link, a loop of links, a FIFO (which must not block), a missing file.
// Tests run as root, so "no permission" cannot be provoked with chmod here.
#include "data/input_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "data/idx.h"
#include "data/points_csv.h"
#include "support/test_support.h"

using namespace ganscope::data;
using ganscope::testing::make_temp_dir;
using ganscope::testing::write_file;

namespace {

std::string fault_of(const std::string& path) { return InputFile(path).fault(); }

TEST(InputFile, NamesTheRealCause) {
  const std::string dir = make_temp_dir("cause");
  EXPECT_EQ(fault_of(dir), "cannot open (a folder, not a file)");
  EXPECT_EQ(fault_of(dir + "/missing"), "cannot open (No such file or directory)");
  ASSERT_EQ(::symlink("nowhere", (dir + "/dangling").c_str()), 0);
  EXPECT_EQ(fault_of(dir + "/dangling"), "cannot open (a symbolic link to nowhere, which does not exist)");
  ASSERT_EQ(::symlink("loop2", (dir + "/loop1").c_str()), 0);
  ASSERT_EQ(::symlink("loop1", (dir + "/loop2").c_str()), 0);
  EXPECT_EQ(fault_of(dir + "/loop1"), "cannot open (a loop of symbolic links)");
  write_file(dir + "/file", "x");
  EXPECT_EQ(fault_of(dir + "/file/inside"), "cannot open (a part of the path is not a folder)");
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  EXPECT_EQ(fault_of(dir + "/fifo"), "cannot open (not a regular file: a device, FIFO or socket)");
  InputFile ok(dir + "/file");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.size(), 1u);
}

TEST(InputFile, ReadersUseIt) {
  const std::string dir = make_temp_dir("readers");
  ASSERT_EQ(::symlink("loop", (dir + "/loop").c_str()), 0);
  for (auto read : {+[](const std::string& p) { read_idx_images(p); },
                    +[](const std::string& p) { read_idx_labels(p); },
                    +[](const std::string& p) { read_points_csv(p); }}) {
    try {
      read(dir + "/loop");
      ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()), dir + "/loop: cannot open (a loop of symbolic links)");
    }
  }
}

// A folder named like the image file, or a dangling link in its place: the message says so
// instead of "no image file in this folder".
TEST(InputFile, IdxFolderNamesWhatIsWrongWithTheImageFile) {
  const std::string dir = make_temp_dir("imgdir");
  ASSERT_EQ(::mkdir((dir + "/train-images-idx3-ubyte").c_str(), 0700), 0);
  try {
    read_idx_folder(dir);
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + "/train-images-idx3-ubyte: cannot open (a folder, not a file)");
  }
  const std::string link = make_temp_dir("dirlink") + "/data";
  ASSERT_EQ(::symlink("/nonexistent/fashion", link.c_str()), 0);
  try {
    read_idx_folder(link);
    ADD_FAILURE() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "cannot open the folder (a symbolic link to /nonexistent/fashion, which does "
                  "not exist)"),
              std::string::npos)
        << e.what();
  }
}

TEST(InputFile, ByteSizeText) {
  EXPECT_EQ(byte_size_text(512), "512 bytes");
  EXPECT_EQ(byte_size_text(1.5e6), "1.5 MB");
  EXPECT_EQ(byte_size_text(31.36e9), "31 GB");
}

}  // namespace
