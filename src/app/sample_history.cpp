#include "app/sample_history.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/heatmap_scale.h"
#include "app/image_canvas.h"
#include "app/palette.h"
#include "app/plot_axes.h"
#include "app/widgets.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

constexpr float kImageScale = 2;  // a 28 x 28 sample shows 56 pixels wide

// Images of rows x cols pixels side by side in one texture (one upload, one texture).
void upload_side_by_side(GlTexture& texture, const std::vector<const std::uint8_t*>& images,
                         const train::Snapshot& shape) {
  const int rows = shape.rows, cols = shape.cols;
  ImageCanvas canvas(int(images.size()) * cols, rows, shape.channels);
  for (std::size_t k = 0; k < images.size(); ++k) canvas.place(images[k], rows, cols, int(k) * cols, 0);
  texture.upload(canvas.width(), rows, canvas.channels(), canvas.data());
}

// Image k of a texture made by upload_side_by_side of n images.
void side_by_side_image(const GlTexture& texture, int k, int n, ImVec2 size) {
  ImGui::Image(texture.id(), size, ImVec2(float(k) / float(n), 0),
               ImVec2(float(k + 1) / float(n), 1));
}

// A label centred under an item `width` wide.
void centred_label(const char* text, float width) {
  const float x =
      ImGui::GetCursorPosX() + std::max(0.0f, (width - ImGui::CalcTextSize(text).x) * 0.5f);
  ImGui::SetCursorPosX(x);
  ImGui::TextUnformatted(text);
}

// A section title whose hover explains the part under it.
void titled_section(const char* title, const char* tooltip) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  item_tooltip(tooltip);
  ImGui::Separator();
}

bool critic_scores(const train::Snapshot& snapshot) {
  return snapshot.hyper.objective->display == nn::OutputDisplay::RawValue;
}

}  // namespace

void SampleHistory::open(int sample) {
  if (sample != sample_) asked_at_ = -1;
  sample_ = sample;
  appearing_ = true;
}

void SampleHistory::draw(train::Session& session, const train::Snapshot& snapshot, ImVec2 pos,
                         ImVec2 size) {
  frames_shown_ = 0;
  nearest_shown_ = nullptr;
  if (sample_ < 0) return;
  if (!snapshot.images || sample_ >= snapshot.grid_count) {
    sample_ = -1;  // a switch to 2D data or a smaller grid: nothing to show
    return;
  }
  ImGui::SetNextWindowPos(pos, ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  if (appearing_) ImGui::SetNextWindowFocus();
  appearing_ = false;
  char title[64];
  std::snprintf(title, sizeof title, "Sample #%d###sample_history", sample_);
  bool open = true;
  if (ImGui::Begin(title, &open, ImGuiWindowFlags_NoCollapse)) {
    ask_nearest(session, snapshot);
    ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
    ImGui::TextWrapped(
        "G(z) for one fixed z as training goes on, D's score for it, and the "
        "training images nearest it. Training does not stop while this is open.");
    ImGui::PopStyleColor();
    draw_strip(snapshot);
    draw_scores(snapshot);
    draw_nearest(session, snapshot);
  }
  ImGui::End();
  if (!open) sample_ = -1;
}

// A new search whenever the trainer keeps a new frame (every 200 steps), so the neighbours
// follow the sample as it changes; one search is a few milliseconds between two steps.
void SampleHistory::ask_nearest(train::Session& session, const train::Snapshot& snapshot) {
  const std::int64_t newest =
      snapshot.grid_frames.empty() ? snapshot.step : snapshot.grid_frames.back()->step;
  if (newest == asked_at_) return;
  asked_at_ = newest;
  session.find_nearest(sample_);
}

void SampleHistory::upload_strip(const train::Snapshot& snapshot) {
  const train::GridFrames& frames = snapshot.grid_frames;
  const std::int64_t newest = frames.empty() ? -1 : frames.back()->step;
  if (snapshot.run_id == strip_run_ && sample_ == strip_sample_ && frames.size() == strip_count_ &&
      newest == strip_newest_)
    return;
  scroll_to_newest_ = frames.size() != strip_count_ || sample_ != strip_sample_;
  strip_run_ = snapshot.run_id;
  strip_sample_ = sample_;
  strip_count_ = frames.size();
  strip_newest_ = newest;
  const std::size_t dim = std::size_t(snapshot.image_bytes());
  std::vector<const std::uint8_t*> images;
  for (const auto& f : frames)
    if (f->pixels.size() >= (std::size_t(sample_) + 1) * dim)
      images.push_back(f->pixels.data() + std::size_t(sample_) * dim);
  if (images.size() == frames.size() && !images.empty())
    upload_side_by_side(strip_, images, snapshot);
}

// The sample at each kept frame, oldest left, scrolled to the newest as frames arrive.
void SampleHistory::draw_strip(const train::Snapshot& snapshot) {
  titled_section("History: this sample at each kept step",
                 "The trainer keeps the grid every 200 steps (at most 64 frames: when full, every "
                 "other older frame is dropped, so old steps thin out and the newest stay 200 "
                 "apart). Each image is this z's G(z) at the step under it.");
  upload_strip(snapshot);
  const train::GridFrames& frames = snapshot.grid_frames;
  if (frames.empty() || strip_.empty()) {
    ImGui::TextDisabled("No frames yet: the first is kept at step 0 of a run.");
    return;
  }
  const ImVec2 image(snapshot.cols * kImageScale, snapshot.rows * kImageScale);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float height = image.y + ImGui::GetTextLineHeightWithSpacing() + style.ScrollbarSize +
                       2 * style.WindowPadding.y;
  ImGui::BeginChild("##strip", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
  const int n = int(frames.size());
  const bool critic = critic_scores(snapshot);
  for (int k = 0; k < n; ++k) {
    if (k > 0) ImGui::SameLine();
    ImGui::BeginGroup();
    side_by_side_image(strip_, k, n, image);
    const bool hovered = ImGui::IsItemHovered();
    centred_label(format_count(double(frames[std::size_t(k)]->step)).c_str(), image.x);
    ImGui::EndGroup();
    if (hovered) {
      ImGui::BeginTooltip();
      side_by_side_image(strip_, k, n, ImVec2(image.x * 3, image.y * 3));
      const float score = std::size_t(sample_) < frames[std::size_t(k)]->scores.size()
                              ? frames[std::size_t(k)]->scores[std::size_t(sample_)]
                              : NAN;
      ImGui::Text("step %s, %s = %.4g", format_thousands(frames[std::size_t(k)]->step).c_str(),
                  critic ? "critic D(G(z))" : "D(G(z))", double(score));
      ImGui::EndTooltip();
    }
  }
  if (scroll_to_newest_) ImGui::SetScrollHereX(1.0f);
  scroll_to_newest_ = false;
  ImGui::EndChild();
  frames_shown_ = n;
}

// D's score for the sample at each kept frame, against the step.
void SampleHistory::draw_scores(const train::Snapshot& snapshot) {
  const bool critic = critic_scores(snapshot);
  titled_section(critic ? "Critic's value D(G(z)) over time" : "D's score D(G(z)) over time",
                 critic ? "The critic's raw value for this sample at each kept step. Only "
                          "differences mean something: compare it with the critic's values on real "
                          "data (the Discriminator panel)."
                        : "D's probability that this sample is real, at each kept step: near 0 D "
                          "sees through it, near 0.5 D cannot tell it from the data.");
  std::vector<double> steps, scores;
  for (const auto& f : snapshot.grid_frames)
    if (std::size_t(sample_) < f->scores.size() && std::isfinite(f->scores[std::size_t(sample_)])) {
      steps.push_back(double(f->step));
      scores.push_back(double(f->scores[std::size_t(sample_)]));
    }
  double lo = 0, hi = 1;
  if (critic && !scores.empty()) {
    lo = *std::min_element(scores.begin(), scores.end());
    hi = *std::max_element(scores.begin(), scores.end());
    const double pad = std::max(1e-3, 0.1 * (hi - lo));
    lo -= pad;
    hi += pad;
  }
  const double x0 = steps.empty() ? 0 : steps.front();
  const double x1 = steps.empty() ? 1 : std::max(steps.back(), x0 + 1);
  const float height = std::max(90.0f, 7 * ImGui::GetTextLineHeight());
  const PlotFrame frame = draw_plot_frame(
      "##sample_scores", ImVec2(ImGui::GetContentRegionAvail().x, height),
      AxisSpec{x0, x1, TickStyle::Count, 6}, AxisSpec{lo, hi, TickStyle::Number, 4});
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (steps.empty()) {
    draw_empty_plot_message(draw, frame, "No frames yet");
    return;
  }
  draw->PushClipRect(frame.min, frame.max, true);
  std::vector<ImVec2> line;
  for (std::size_t i = 0; i < steps.size(); ++i)
    line.push_back(frame.to_screen(steps[i], scores[i]));
  draw->AddPolyline(line.data(), int(line.size()), palette::kFake, 0, 2.0f);
  for (const ImVec2& p : line) draw->AddCircleFilled(p, 2.5f, palette::kFake);
  draw->PopClipRect();
  if (frame.hovered) {
    // The kept step nearest the pointer.
    const double at = frame.x_at(ImGui::GetIO().MousePos.x);
    std::size_t best = 0;
    for (std::size_t i = 1; i < steps.size(); ++i)
      if (std::abs(steps[i] - at) < std::abs(steps[best] - at)) best = i;
    draw->AddCircle(line[best], 5, IM_COL32(255, 255, 255, 220), 0, 1.5f);
    ImGui::SetTooltip("step %s: %s = %.4g", format_thousands((long long)steps[best]).c_str(),
                      critic ? "critic D(G(z))" : "D(G(z))", scores[best]);
  }
}

// The sample now, then its nearest training images with their distances.
void SampleHistory::draw_nearest(train::Session& session, const train::Snapshot& snapshot) {
  titled_section("Nearest training images (a memorisation check)",
                 "The 5 training images closest to this sample in pixel space (L2 distance d over "
                 "the pixels, 0..255), searched over the whole training set each time a frame is "
                 "kept.");
  const train::NearestImages* nearest = snapshot.image.nearest.get();
  if (!nearest || nearest->sample != sample_) {
    ImGui::TextDisabled("Searching the training set...");
    return;
  }
  if (!nearest->status.empty()) {
    ImGui::TextDisabled("%s", nearest->status.c_str());
    return;
  }
  const int n = 1 + int(nearest->indices.size());
  const std::size_t dim = std::size_t(snapshot.image_bytes());
  if (snapshot.image.nearest != nearest_uploaded_ && nearest->query.size() == dim &&
      nearest->pixels.size() == dim * nearest->indices.size()) {
    std::vector<const std::uint8_t*> images{nearest->query.data()};
    for (std::size_t k = 0; k < nearest->indices.size(); ++k)
      images.push_back(nearest->pixels.data() + k * dim);
    upload_side_by_side(nearest_texture_, images, snapshot);
    nearest_uploaded_ = snapshot.image.nearest;
  }
  if (nearest_uploaded_ != snapshot.image.nearest) return;
  nearest_shown_ = nearest;
  const ImVec2 image(snapshot.cols * kImageScale, snapshot.rows * kImageScale);
  const float column = std::max(image.x, ImGui::CalcTextSize("d 10,000").x);
  const double per_pixel = 1.0 / std::sqrt(double(std::max<std::size_t>(1, dim)));
  for (int k = 0; k < n; ++k) {
    if (k > 0) ImGui::SameLine(0, k == 1 ? 3 * ImGui::GetStyle().ItemSpacing.x : -1);
    ImGui::BeginGroup();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (column - image.x) * 0.5f);
    side_by_side_image(nearest_texture_, k, n, image);
    const bool hovered = ImGui::IsItemHovered();
    char label[32], second[32];
    if (k == 0) {
      std::snprintf(label, sizeof label, "this one");
      std::snprintf(second, sizeof second, "step %s", format_count(double(nearest->step)).c_str());
    } else {
      std::snprintf(label, sizeof label, "#%d", nearest->indices[std::size_t(k - 1)]);
      std::snprintf(second, sizeof second, "d %.0f",
                    double(nearest->distances[std::size_t(k - 1)]));
    }
    centred_label(label, column);
    centred_label(second, column);
    ImGui::EndGroup();
    if (hovered) {
      ImGui::BeginTooltip();
      side_by_side_image(nearest_texture_, k, n, ImVec2(image.x * 3, image.y * 3));
      if (k == 0)
        ImGui::Text("Sample #%d at step %s", sample_, format_thousands(nearest->step).c_str());
      else
        ImGui::Text("Training image #%d: d = %.1f, %.1f of 255 a pixel (RMS)",
                    nearest->indices[std::size_t(k - 1)],
                    double(nearest->distances[std::size_t(k - 1)]),
                    double(nearest->distances[std::size_t(k - 1)]) * per_pixel);
      ImGui::EndTooltip();
    }
  }
  ImGui::TextDisabled("Searched %s training images in %.0f ms, at step %s.",
                      format_thousands(nearest->searched).c_str(), nearest->milliseconds,
                      format_thousands(nearest->step).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Search again")) session.find_nearest(sample_);
  item_tooltip("Search now, on the sample as the grid shows it");
  ImGui::TextWrapped(
      "How to read it: a sample identical to a training image (d near 0) is "
      "memorised, G copies its data; one like its neighbours but equal to none "
      "is an image of G's own.");
}

}  // namespace ganscope::app
