// ganscope export: train writes RUN/frames and a resume goes on adding to it; --timelapse
// draws them as a GIF; --walk draws a walk between grid cells as a GIF or a PNG strip; bad
// requests are one-line errors and leave nothing behind.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"
#include "train/frame_file.h"

namespace {

using ganscope::testing::ganscope_bin;
using ganscope::testing::line_count;
using ganscope::testing::read_file;
using ganscope::testing::run_command;

std::vector<std::int64_t> frame_steps(const std::string& path) {
  std::vector<std::int64_t> steps;
  for (const auto& f : ganscope::train::load_frames(path).frames) steps.push_back(f->step);
  return steps;
}

TEST(ExportCommand, ATimelapseOfARunAndItsResume) {
  const std::string dir = ganscope::testing::make_temp_dir("export");
  auto r = run_command(ganscope_bin() + " train --preset ring --steps 400 --threads 1 --out " + dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(frame_steps(dir + "/run/frames"), (std::vector<std::int64_t>{0, 200, 400}));
  r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 700 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(frame_steps(dir + "/run/frames"), (std::vector<std::int64_t>{0, 200, 400, 600}));
  r = run_command(ganscope_bin() + " export --run " + dir + "/run --timelapse " + dir + "/ring.gif");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4 frames of 512x512, steps 0 to 600"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir + "/ring.gif").substr(0, 6), "GIF89a");
}

TEST(ExportCommand, BadRequestsAreOneLineErrorsAndLeaveNothing) {
  const std::string dir = ganscope::testing::make_temp_dir("export-bad");
  auto r = run_command(ganscope_bin() + " train --preset ring --steps 200 --threads 1 --out " + dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ganscope::testing::write_file(dir + "/mine.gif", "precious");
  const std::string run = " export --run " + dir + "/run";
  struct Case {
    std::string args, says;
  };
  for (const Case& c : std::vector<Case>{
           {run + " --timelapse " + dir + "/mine.gif", "--overwrite"},
           {run + " --timelapse " + dir + "/run/frames --overwrite", "must end in .gif"},
           {run + " --timelapse " + dir + "/run/samples.png --overwrite", "must end in .gif"},
           {run + " --timelapse " + dir + "/t.png", "must end in .gif"},
           {run, "--timelapse"},
           {run + " --timelapse " + dir + "/t.gif --scale 99", "scale"},
           {" export --run " + dir + "/nothing --timelapse " + dir + "/t.gif", "not a run folder"},
       }) {
    r = run_command(ganscope_bin() + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << ": " << r.err;
  }
  // A damaged frames file is an error naming it, not a crash.
  const std::string frames = read_file(dir + "/run/frames");
  ganscope::testing::write_file(dir + "/run/frames", frames.substr(0, frames.size() / 2));
  r = run_command(ganscope_bin() + run + " --timelapse " + dir + "/t.gif");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("frames"), std::string::npos) << r.err;
  ganscope::testing::write_file(dir + "/run/frames", frames);
  // A full disk (a file-size limit of 1 KB in its place): an error, and no GIF or temporary.
  r = run_command("sh -c 'ulimit -f 1; exec " + ganscope_bin() + run + " --timelapse " + dir + "/t.gif'");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_EQ(read_file(dir + "/mine.gif"), "precious");
  EXPECT_EQ(ganscope::testing::names_in(dir), (std::vector<std::string>{"mine.gif", "run"}));
}

// A frames file that cannot be read or written (here a folder in its place) costs the
// timelapse, never the run: the resume trains on and saves its checkpoint.
TEST(ExportCommand, FramesThatCannotBeWrittenDoNotStopTraining) {
  const std::string dir = ganscope::testing::make_temp_dir("export-frames-dir");
  auto r = run_command(ganscope_bin() + " train --preset ring --steps 200 --threads 1 --out " + dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::filesystem::remove(dir + "/run/frames");
  std::filesystem::create_directory(dir + "/run/frames");
  r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 400 --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("training goes on without its timelapse saved"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("at step 400"), std::string::npos) << r.out;
}

// A walk through three cells of an image run: a PNG strip of two rows, and a GIF; the things
// a walk cannot be are one-line errors.
TEST(ExportCommand, AWalkBetweenGridCells) {
  const std::string dir = ganscope::testing::make_temp_dir("export-walk");
  auto r = run_command(ganscope_bin() + " train --preset mlp --set batch=8 --steps 2 --threads 1 --fcd-every 0 --out " +
                       dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string walk = ganscope_bin() + " export --run " + dir + "/run --walk 0,9,18";
  r = run_command(walk + " --out " + dir + "/w.png --steps 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 legs of 4 steps"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir + "/w.png").substr(1, 3), "PNG");
  r = run_command(walk + " --out " + dir + "/w.gif --lerp");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/w.gif").substr(0, 6), "GIF89a");
  for (const std::string& bad : {std::string(" --out ") + dir + "/x.gif --walk 0,64", std::string(" --out ") + dir + "/x.gif --walk 3",
                                 std::string(" --out ") + dir + "/x.gif --walk 1,a", std::string(" --out ") + dir + "/x.bmp --walk 1,2",
                                 std::string(" --out ") + dir + "/x.gif --walk 1,2 --class 3",
                                 std::string(" --out ") + dir + "/w.gif --walk 1,2"}) {
    r = run_command(ganscope_bin() + " export --run " + dir + "/run" + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.gif"));
}

}  // namespace
