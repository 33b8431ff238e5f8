#include "app/discriminator_histogram.h"

#include <algorithm>
#include <cstdio>
#include <cmath>

#include "app/palette.h"
#include "app/plot_axes.h"

namespace ganscope::app {

namespace {

// Fractions per bin of values in [0, 1]; returns the mean of the finite values.
double bin_fractions(const std::vector<float>& values,
                     std::array<float, DiscriminatorHistogram::kBins>& bins, std::size_t& counted) {
  bins.fill(0);
  counted = 0;
  double sum = 0;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    const float clamped = std::clamp(v, 0.0f, 1.0f);
    const int bin =
        std::min(int(clamped * DiscriminatorHistogram::kBins), DiscriminatorHistogram::kBins - 1);
    bins[bin] += 1;
    sum += clamped;
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

void legend_entry(ImU32 colour, const char* label, double mean, std::size_t n) {
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
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("over the latest batch of %zu", n);
}

}  // namespace

void DiscriminatorHistogram::count(const train::Snapshot& snapshot) {
  real_mean_ = bin_fractions(snapshot.d_real, real_, real_count_);
  fake_mean_ = bin_fractions(snapshot.d_fake, fake_, fake_count_);
  counted_generation_ = snapshot.generation;
}

void DiscriminatorHistogram::draw(const train::Snapshot& snapshot) {
  if (snapshot.generation != counted_generation_) count(snapshot);

  legend_entry(palette::kReal, "D(x) real", real_mean_, real_count_);
  // The second entry beside the first when it fits, else under it (never cut off).
  if (ImGui::GetItemRectMax().x + 20 + legend_width("D(G(z)) fake", fake_mean_) <=
      ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine(0, 20);
  legend_entry(palette::kFake, "D(G(z)) fake", fake_mean_, fake_count_);

  float tallest = 0.05f;
  for (int b = 0; b < kBins; ++b) tallest = std::max({tallest, real_[b], fake_[b]});
  const float target = tallest * 1.1f;
  y_top_ = target > y_top_ ? target : y_top_ + (target - y_top_) * 0.05f;

  const PlotFrame frame = draw_plot_frame("##d_histogram", ImGui::GetContentRegionAvail(),
                                          AxisSpec{0, 1, TickStyle::Number, 11},
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
      const ImVec2 top_left = frame.to_screen(double(b) / kBins, (*sets[k])[b]);
      const ImVec2 bottom_right = frame.to_screen(double(b + 1) / kBins, 0);
      draw->AddRectFilled(ImVec2(top_left.x + 1, top_left.y),
                          ImVec2(bottom_right.x - 1, bottom_right.y),
                          palette::with_alpha(colours[k], 85));
    }
    std::vector<ImVec2> outline;
    for (int b = 0; b < kBins; ++b) {
      outline.push_back(frame.to_screen(double(b) / kBins, (*sets[k])[b]));
      outline.push_back(frame.to_screen(double(b + 1) / kBins, (*sets[k])[b]));
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
    const int b = std::clamp(int(x * kBins), 0, kBins - 1);
    ImGui::BeginTooltip();
    ImGui::Text("D output %.2f - %.2f", double(b) / kBins, double(b + 1) / kBins);
    ImGui::TextColored(ImColor(palette::kReal), "real: %.1f%% of the batch", real_[b] * 100.0);
    ImGui::TextColored(ImColor(palette::kFake), "fake: %.1f%% of the batch", fake_[b] * 100.0);
    ImGui::EndTooltip();
  }
}

}  // namespace ganscope::app
