// ganscope export: a run's past as a picture file. --timelapse OUT.gif draws the grid frames
// the run kept (RUN/frames, train/frame_file.h) as an animated GIF (train/timelapse.h).
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/run_folder.h"
#include "train/checkpoint.h"
#include "train/frame_file.h"
#include "train/timelapse.h"

namespace ganscope::cli {

namespace {

const char* kExportHelp =
    "usage: ganscope export --run RUN --timelapse OUT.gif [--scale S] [--delay CS] [--overwrite]\n"
    "--timelapse: the sample grid (2D: G's points over the data) as the run went, one frame\n"
    "every 200 steps (older ones thinned: at most 64 frames, first to last), the step in a\n"
    "corner, as an animated GIF that loops. RUN/frames holds them: `ganscope train` writes it\n"
    "with each checkpoint. --scale S draws each pixel S times (1-8; default: the largest that\n"
    "keeps the picture within 640 pixels), --delay CS shows each frame CS hundredths of a\n"
    "second (default 10). OUT is written whole or not at all, and never over a run's files.\n";

}  // namespace

int export_command(int argc, char** argv) {
  return guarded("export", [&] {
    Args a;
    a.option("run").option("timelapse").option("scale").option("delay").option("overwrite", false);
    a.option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kExportHelp;
      return 0;
    }
    const std::string run = a.required("run");
    if (!a.has("timelapse")) throw UsageError("say what to export: --timelapse OUT.gif");
    const std::string out = a.required("timelapse");
    if (std::filesystem::path(out).extension() != ".gif") throw UsageError("--timelapse " + out + ": the file must end in .gif");
    const int scale = int(a.integer("scale", 0, 1, 8));
    const int delay = int(a.integer("delay", 10, 1, 1000));
    const RunFolder folder(run);
    std::error_code ec;
    if (!std::filesystem::exists(folder.frames, ec))
      throw UsageError(folder.frames + " does not exist: " +
                       (std::filesystem::exists(folder.checkpoint, ec)
                            ? "the run was trained before ganscope kept frames; train it on with --resume"
                            : run + " is not a run folder (ganscope train --out " + run + " makes one)"));
    const io::Replace replace = check_output(a, out, run);
    const train::TimelapseSource source = train::load_frames(folder.frames);
    io::GifFrames gif = train::timelapse_frames(source, scale);
    gif.delay_cs = delay;
    io::write_gif(out, gif, replace);
    std::cout << "wrote " << out << ": " << gif.frames.size() << " frames of " << gif.width << "x" << gif.height
              << ", steps " << source.frames.front()->step << " to " << source.frames.back()->step << "\n";
    return 0;
  });
}

}  // namespace ganscope::cli
