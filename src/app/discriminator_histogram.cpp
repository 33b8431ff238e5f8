#include "app/discriminator_histogram.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <vector>

#include "app/palette.h"
#include "app/plot_axes.h"

namespace ganscope::app {

namespace {

// Fractions per bin of the values over [lo, hi] (outliers in the end bins); returns the mean
// of the finite values.
double bin_fractions(const std::vector<float>& values, double lo, double hi,
                     std::array<float, DiscriminatorHistogram::kBins>& bins, std::size_t& counted) {
  bins.fill(0);
  counted = 0;
  double sum = 0;
  const int n = DiscriminatorHistogram::kBins;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    const int bin = std::clamp(int((v - lo) / (hi - lo) * n), 0, n - 1);
    bins[bin] += 1;
    sum += v;
    ++counted;
  }
  if (counted > 0)
    for (float& b : bins) b /= float(counted);
  return counted > 0 ? sum / double(counted) : 0;
}

// How wide legend_entry draws, to decide whether the next one fits on the line.
float legend_width(const char* label, double mean) {
  char text[32];
  std::snprintf(text, sizeof text, "mean %.3f", mean);
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::GetFontSize() * 0.7f + 5 + ImGui::CalcTextSize(label).x + style.ItemSpacing.x +
         ImGui::CalcTextSize(text).x;
}

void legend_entry(ImU32 colour, const char* label, double mean, std::size_t n, bool bounded) {
  const float size = ImGui::GetFontSize() * 0.7f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float top = at.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + size, top + size),
                                            colour, 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, 5);
  ImGui::Text("%s", label);
  ImGui::SameLine();
  ImGui::TextDisabled("mean %.3f", mean);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("mean %s over the latest batch of %zu",
                      bounded ? "probability" : "critic value (raw, not a probability)", n);
}

}  // namespace

// Probabilities over [0, 1]; a critic's raw values over the span of the middle 98% of both
// batches, padded by a tenth (a few far-off fakes land in the end bins instead of squeezing
// the rest into one), which widens at once and narrows slowly so the bars do not jump.
void DiscriminatorHistogram::fit_range(const std::vector<float>& real, const std::vector<float>& fake, bool bounded) {
  if (bounded || bounded != bounded_) lo_ = 0, hi_ = 1;
  bounded_ = bounded;
  if (bounded) return;
  std::vector<float> values;
  for (const auto* batch : {&real, &fake})
    for (float v : *batch)
      if (std::isfinite(v)) values.push_back(v);
  if (values.empty()) return;
  const std::size_t k = values.size() / 100;
  std::nth_element(values.begin(), values.begin() + k, values.end());
  const float lo = values[k];
  std::nth_element(values.begin(), values.end() - 1 - k, values.end());
  const float hi = values[values.size() - 1 - k];
  const double pad = std::max(0.1 * (double(hi) - lo), 1e-3);
  const double want_lo = lo - pad, want_hi = hi + pad;
  lo_ = want_lo < lo_ ? want_lo : lo_ + (want_lo - lo_) * 0.2;
  hi_ = want_hi > hi_ ? want_hi : hi_ + (want_hi - hi_) * 0.2;
}

void DiscriminatorHistogram::count(const std::vector<float>& real, const std::vector<float>& fake, bool bounded) {
  fit_range(real, fake, bounded);
  real_mean_ = bin_fractions(real, lo_, hi_, real_, real_count_);
  fake_mean_ = bin_fractions(fake, lo_, hi_, fake_, fake_count_);
}

void DiscriminatorHistogram::draw(const train::Snapshot& snapshot, const train::GridFrame* past) {
  const std::int64_t step = past ? past->step : -1;
  if (snapshot.generation != counted_generation_ || step != counted_step_) {
    const bool bounded = snapshot.hyper.objective->bounded;
    if (past) count(past->d_real, past->d_fake, bounded);
    else count(snapshot.d_real, snapshot.d_fake, bounded);
    counted_generation_ = snapshot.generation;
    counted_step_ = step;
  }
  if (past) {
    ImGui::TextColored(palette::notice_text(), "At step %s, as the time slider shows; Live for now",
                       format_thousands(past->step).c_str());
  }

  legend_entry(palette::kReal, "D(x) real", real_mean_, real_count_, bounded_);
  // The second entry beside the first when it fits, else under it (never cut off).
  if (ImGui::GetItemRectMax().x + 20 + legend_width("D(G(z)) fake", fake_mean_) <=
      ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine(0, 20);
  legend_entry(palette::kFake, "D(G(z)) fake", fake_mean_, fake_count_, bounded_);

  float tallest = 0.05f;
  for (int b = 0; b < kBins; ++b) tallest = std::max({tallest, real_[b], fake_[b]});
  const float target = tallest * 1.1f;
  y_top_ = target > y_top_ ? target : y_top_ + (target - y_top_) * 0.05f;

  const PlotFrame frame = draw_plot_frame("##d_histogram", ImGui::GetContentRegionAvail(),
                                          AxisSpec{lo_, hi_, TickStyle::Number, 11},
                                          AxisSpec{0, y_top_, TickStyle::Percent, 6});
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(frame.min, frame.max, true);
  if (real_count_ == 0 && fake_count_ == 0) {
    const char* waiting = "No discriminator outputs yet";
    const ImVec2 text = ImGui::CalcTextSize(waiting);
    draw->AddText(ImVec2((frame.min.x + frame.max.x - text.x) * 0.5f,
                         (frame.min.y + frame.max.y - text.y) * 0.5f),
                  palette::kTickLabel, waiting);
  }
  // Translucent fills so the overlap shows, and opaque step outlines so each shape reads.
  const std::array<float, kBins>* sets[2] = {&real_, &fake_};
  const ImU32 colours[2] = {palette::kReal, palette::kFake};
  for (int k = 0; k < 2; ++k) {
    for (int b = 0; b < kBins; ++b) {
      if ((*sets[k])[b] <= 0) continue;
      const ImVec2 top_left = frame.to_screen(bin_edge(b), (*sets[k])[b]);
      const ImVec2 bottom_right = frame.to_screen(bin_edge(b + 1), 0);
      draw->AddRectFilled(ImVec2(top_left.x + 1, top_left.y),
                          ImVec2(bottom_right.x - 1, bottom_right.y),
                          palette::with_alpha(colours[k], 85));
    }
    std::vector<ImVec2> outline;
    for (int b = 0; b < kBins; ++b) {
      outline.push_back(frame.to_screen(bin_edge(b), (*sets[k])[b]));
      outline.push_back(frame.to_screen(bin_edge(b + 1), (*sets[k])[b]));
    }
    draw->AddPolyline(outline.data(), int(outline.size()), colours[k], ImDrawFlags_None, 1.5f);
  }
  const double means[2] = {real_mean_, fake_mean_};
  for (int k = 0; k < 2; ++k) {
    if ((k == 0 ? real_count_ : fake_count_) == 0) continue;
    const float sx = std::floor(frame.to_screen(means[k], 0).x) + 0.5f;
    draw_dashed_vline(draw, frame, sx, colours[k], 5.0f);
  }
  draw->PopClipRect();

  if (frame.hovered) {
    const double x = frame.x_at(ImGui::GetIO().MousePos.x);
    const int b = std::clamp(int((x - lo_) / (hi_ - lo_) * kBins), 0, kBins - 1);
    ImGui::BeginTooltip();
    if (bounded_)
      ImGui::Text("D output %.3g - %.3g", bin_edge(b), bin_edge(b + 1));
    else
      ImGui::Text("critic value %.3g - %.3g (raw, not a probability)", bin_edge(b),
                  bin_edge(b + 1));
    ImGui::TextColored(ImColor(palette::kReal), "real: %.1f%% of the batch", real_[b] * 100.0);
    ImGui::TextColored(ImColor(palette::kFake), "fake: %.1f%% of the batch", fake_[b] * 100.0);
    ImGui::EndTooltip();
  }
}

}  // namespace ganscope::app
