#include "train/frame_file.h"

#include <sstream>

#include "train/checkpoint.h"

namespace ganscope::train {

void save_frames(const std::string& path, const TimelapseSource& s) {
  CheckpointWriter w;
  w.add("frames_shape", std::to_string(s.grid_count) + " " + std::to_string(s.rows) + " " + std::to_string(s.cols) +
                            " " + std::to_string(s.channels));
  std::string steps, pixels;
  std::vector<float> points, scores;
  for (const auto& f : s.frames) {
    steps += std::to_string(f->step) + " ";
    pixels.append(f->pixels.begin(), f->pixels.end());
    points.insert(points.end(), f->points.begin(), f->points.end());
    scores.insert(scores.end(), f->scores.begin(), f->scores.end());
  }
  w.add("frames_steps", steps);
  w.add("frames_pixels", pixels);
  w.add_floats("frames_points", points);
  w.add_floats("frames_scores", scores);
  w.add_floats("backdrop", s.backdrop);
  // The histograms' batches, of sizes of their own: "real fake" counts per frame, then all.
  std::string d_counts;
  std::vector<float> d;
  for (const auto& f : s.frames) {
    d_counts += std::to_string(f->d_real.size()) + " " + std::to_string(f->d_fake.size()) + " ";
    d.insert(d.end(), f->d_real.begin(), f->d_real.end());
    d.insert(d.end(), f->d_fake.begin(), f->d_fake.end());
  }
  w.add("frames_d_counts", d_counts);
  w.add_floats("frames_d", d);
  w.write(path);
}

TimelapseSource load_frames(const std::string& path) {
  const CheckpointReader r(path);
  for (const char* name : {"frames_shape", "frames_steps", "frames_pixels", "frames_points", "frames_scores", "backdrop"})
    if (!r.has(name)) throw CheckpointError(path + ": not a ganscope frames file (no " + name + ")");
  TimelapseSource s;
  std::istringstream shape(r.get("frames_shape"));
  if (!(shape >> s.grid_count >> s.rows >> s.cols >> s.channels) || s.grid_count < 1 || s.grid_count > 1024 ||
      s.rows < 0 || s.cols < 0 || s.rows > 1024 || s.cols > 1024 || (s.rows > 0) != (s.cols > 0) ||
      (s.channels != 1 && s.channels != 3))
    throw CheckpointError(path + ": a frames file of an impossible shape");
  std::vector<std::int64_t> steps;
  std::istringstream step_text(r.get("frames_steps"));
  for (std::int64_t step; step_text >> step;) {
    if (step < 0 || (!steps.empty() && step <= steps.back()) || steps.size() >= std::size_t(kMaxFileFrames))
      throw CheckpointError(path + ": frame steps out of order or too many");
    steps.push_back(step);
  }
  const std::size_t n = steps.size(), g = std::size_t(s.grid_count);
  // A frame's bytes of pixels and its floats of points: one of them is 0.
  const std::size_t image = s.images() ? g * std::size_t(s.rows) * std::size_t(s.cols) * std::size_t(s.channels) : 0;
  const std::size_t xy = s.images() ? 0 : g * 2;
  const std::string& pixels = r.get("frames_pixels");
  // The section sizes checked before any frame is made: each was read from the file already.
  if (pixels.size() != n * image || r.get("frames_points").size() != n * xy * sizeof(float) ||
      r.get("frames_scores").size() != n * g * sizeof(float) || r.get("backdrop").size() % (2 * sizeof(float)) != 0)
    throw CheckpointError(path + ": frames of other sizes than its shape says");
  // The histograms' batches (files of before them have none): counts checked against the
  // section's size before anything is copied.
  std::vector<std::size_t> d_counts;
  if (r.has("frames_d_counts") && r.has("frames_d")) {
    std::istringstream counts(r.get("frames_d_counts"));
    std::size_t total = 0;
    for (std::size_t c; counts >> c;) {
      if (c > std::size_t(kMaxFileBatch) || d_counts.size() >= 2 * n)
        throw CheckpointError(path + ": a frame's D batch larger than any batch");
      d_counts.push_back(c);
      total += c;
    }
    if (d_counts.size() != 2 * n || r.get("frames_d").size() != total * sizeof(float))
      throw CheckpointError(path + ": D batches of other sizes than the file says");
  }
  const std::vector<float> d = d_counts.empty() ? std::vector<float>() : r.get_floats("frames_d");
  std::size_t d_at = 0;
  const std::vector<float> points = r.get_floats("frames_points"), scores = r.get_floats("frames_scores");
  s.backdrop = r.get_floats("backdrop");
  for (std::size_t k = 0; k < n; ++k) {
    auto f = std::make_shared<GridFrame>();
    f->step = steps[k];
    f->pixels.assign(pixels.begin() + std::ptrdiff_t(k * image), pixels.begin() + std::ptrdiff_t((k + 1) * image));
    f->points.assign(points.begin() + std::ptrdiff_t(k * xy), points.begin() + std::ptrdiff_t((k + 1) * xy));
    f->scores.assign(scores.begin() + std::ptrdiff_t(k * g), scores.begin() + std::ptrdiff_t((k + 1) * g));
    if (!d_counts.empty()) {
      for (std::vector<float>* batch : {&f->d_real, &f->d_fake}) {
        const std::size_t c = d_counts[2 * k + (batch == &f->d_real ? 0 : 1)];
        batch->assign(d.begin() + std::ptrdiff_t(d_at), d.begin() + std::ptrdiff_t(d_at + c));
        d_at += c;
      }
    }
    s.frames.push_back(std::move(f));
  }
  return s;
}

}  // namespace ganscope::train
