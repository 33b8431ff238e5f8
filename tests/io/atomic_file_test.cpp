// Atomic writes: hidden, unique temporaries within NAME_MAX, none left by a failure or a signal.
#include "io/atomic_file.h"

#include <gtest/gtest.h>
#include <limits.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "io/temporary_files.h"
#include "support/test_support.h"

using namespace ganscope;
using ganscope::testing::names_in;
using ganscope::testing::read_file;
namespace fs = std::filesystem;

TEST(TemporaryFiles, NamesAreHiddenUniqueAndBesideTheFile) {
  const std::string a = io::temporary_path_for("/some/dir/checkpoint");
  const std::string b = io::temporary_path_for("/some/dir/checkpoint");
  EXPECT_NE(a, b);
  EXPECT_EQ(fs::path(a).parent_path(), "/some/dir");
  const std::string name = fs::path(a).filename().string();
  EXPECT_EQ(name.rfind(".checkpoint." + std::to_string(::getpid()) + ".", 0), 0u) << name;
  EXPECT_EQ(fs::path(io::temporary_path_for("metrics.csv")).parent_path(), "");
}

TEST(TemporaryFiles, ALongNameIsShortenedInTheMiddleToFitNameMax) {
  const std::string stem(120, 'a');
  const std::string longest = stem + std::string(NAME_MAX - 2 * 120 - 4, 'm') + stem + ".csv";
  ASSERT_EQ(longest.size(), std::size_t(NAME_MAX));
  const std::string tmp = fs::path(io::temporary_path_for("/d/" + longest)).filename().string();
  EXPECT_LE(tmp.size(), std::size_t(NAME_MAX));
  EXPECT_EQ(tmp.rfind("." + std::string(100, 'a'), 0), 0u) << tmp;  // the head kept
  EXPECT_NE(tmp.find(std::string(100, 'a') + ".csv."), std::string::npos) << tmp;  // and the tail
  // Multi-byte characters are not cut in half: every byte of "é" (0xC3 0xA9) stays paired.
  std::string accents;
  while (accents.size() < NAME_MAX - 1) accents += "\xC3\xA9";
  const std::string t = fs::path(io::temporary_path_for(accents)).filename().string();
  EXPECT_LE(t.size(), std::size_t(NAME_MAX));
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (static_cast<unsigned char>(t[i]) == 0xC3) {
      EXPECT_EQ(static_cast<unsigned char>(t[i + 1]), 0xA9);
    } else if (static_cast<unsigned char>(t[i]) == 0xA9) {
      EXPECT_EQ(static_cast<unsigned char>(t[i - 1]), 0xC3);
    }
  }
}

TEST(AtomicFile, WritesALongNameThatFitsNameMax) {
  const std::string dir = ganscope::testing::make_temp_dir("atomic-long");
  const std::string name = std::string(NAME_MAX - 4, 'x') + ".csv";
  io::write_file_atomically(dir + "/" + name, "x,y\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{name});
}

TEST(AtomicFile, ReplaceNoKeepsAnExistingFile) {
  const std::string dir = ganscope::testing::make_temp_dir("atomic-keep");
  ganscope::testing::write_file(dir + "/f", "old");
  EXPECT_THROW(io::write_file_atomically(dir + "/f", "new", io::Replace::No), io::WriteError);
  EXPECT_EQ(read_file(dir + "/f"), "old");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"f"});
  io::write_file_atomically(dir + "/g", "new", io::Replace::No);
  EXPECT_EQ(read_file(dir + "/g"), "new");
}

// A child that dies of SIGTERM in the middle of a write leaves no temporary.
TEST(AtomicFile, ASignalMidWriteRemovesTheTemporary) {
  const std::string dir = ganscope::testing::make_temp_dir("atomic-signal");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    io::remove_temporaries_on_signals();
    io::AtomicFile f(dir + "/out.idx", io::Replace::Yes);
    f.write("partial", 7);
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);  // it still dies of the signal, as without a handler
  EXPECT_TRUE(names_in(dir).empty());
}

// Past a file-size limit the write fails (no SIGXFSZ death) and leaves nothing.
TEST(AtomicFile, AFileSizeLimitIsAWriteErrorAndLeavesNothing) {
  const std::string dir = ganscope::testing::make_temp_dir("atomic-fsize");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    io::remove_temporaries_on_signals();
    const rlimit limit = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      io::write_file_atomically(dir + "/big", std::string(100000, 'x'));
    } catch (const io::WriteError&) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_TRUE(names_in(dir).empty());
}
