#include "app/quality_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/palette.h"
#include "app/plot_axes.h"
#include "imgui.h"

namespace ganscope::app {

namespace {

struct Cell {
  const char* heading;
  const char* short_heading;  // for a narrow panel
  std::string value;          // "n/a" when it does not apply
  ImVec4 colour;
  std::string tooltip;
};

// A number as `format` shows it; an em dash when it is not finite (reverse KL without any
// high-quality sample, for one).
std::string formatted(const char* format, double value) {
  if (!std::isfinite(value)) return "\xE2\x80\x94";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Exactly zero KL and JS from a finite sample means "not measured".
bool measured(const train::QualityStats& q) { return q.has_modes || q.kl != 0 || q.js != 0; }

constexpr ImU32 kCapturedColour = palette::kReal;
constexpr ImU32 kHighQualityColour = palette::kLossD;
constexpr ImU32 kJsColour = palette::kGradD;

}  // namespace

void QualityPanel::record(const train::Snapshot& snapshot) {
  if (snapshot.run_id != run_id_) {
    run_id_ = snapshot.run_id;
    samples_.clear();
  }
  const train::QualityStats& q = snapshot.plane.quality;
  if (!measured(q)) return;
  // One sample per step: slow motion publishes each half step.
  if (!samples_.empty() && samples_.back().step >= snapshot.step) {
    if (samples_.back().step > snapshot.step)
      samples_.clear();  // the run went back
    else
      samples_.pop_back();
  }
  const bool modes = q.has_modes && q.modes > 0;
  add(Sample{snapshot.step, modes ? float(q.modes_captured) / q.modes : NAN, modes ? q.high_quality / 100.0f : NAN,
             q.js / float(std::log(2.0))});
}

void QualityPanel::record_rows(const train::Session& session, const train::Snapshot& snapshot) {
  std::vector<train::MetricRow> rows;
  const std::uint64_t version = session.history_since(rows_seen_, rows);
  if (version != rows_version_) {  // a new file, or the history thinned: read it all again
    rows_version_ = version;
    samples_.clear();
    rows.clear();
    session.history_since(0, rows);
    rows_seen_ = 0;
  }
  rows_seen_ += rows.size();
  // metrics.csv has the modes captured, not how many there are: the data's, as this window has it.
  const int modes = int(snapshot.plane.mode_centres.size() / 2);
  for (const train::MetricRow& r : rows) {
    if (!r.has_quality) continue;
    const bool with_modes = r.quality.has_modes && modes > 0;
    add(Sample{r.step, with_modes ? float(r.quality.modes_captured) / float(modes) : NAN,
               with_modes ? r.quality.high_quality / 100.0f : NAN, r.quality.js / float(std::log(2.0))});
  }
}

void QualityPanel::add(const Sample& sample) {
  samples_.push_back(sample);
  // Long runs: keep every other sample of the older half.
  if (samples_.size() > kMaxSamples) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < samples_.size(); ++i)
      if (i >= samples_.size() / 2 || i % 2 == 0) samples_[kept++] = samples_[i];
    samples_.resize(kept);
  }
}

void QualityPanel::draw(const train::Session& session, const train::Snapshot& snapshot) {
  if (!snapshot.watching.empty()) {
    record_rows(session, snapshot);
  } else if (snapshot.generation != last_generation_) {
    last_generation_ = snapshot.generation;
    record(snapshot);
  }
  draw_numbers(snapshot);
  draw_history(snapshot.plane.quality.has_modes);
}

void QualityPanel::draw_numbers(const train::Snapshot& snapshot) {
  const train::QualityStats& q = snapshot.plane.quality;
  const bool any = measured(q);
  const ImVec4 normal = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  const ImVec4 dim = palette::dim_text();
  const std::string na = "n/a";

  ImVec4 captured_colour = dim;
  if (q.has_modes && q.modes > 0) {
    captured_colour = q.modes_captured == q.modes      ? ImVec4(0.45f, 0.85f, 0.45f, 1.0f)
                      : q.modes_captured * 2 > q.modes ? palette::notice_text()
                                                       : palette::error_text();
  }
  const double log_k = q.modes > 0 ? std::log(double(q.modes)) : 0;
  const Cell cells[7] = {
      {"modes captured", "modes",
       q.has_modes ? std::to_string(q.modes_captured) + " / " + std::to_string(q.modes) : na,
       captured_colour,
       "Modes of the data with at least one high-quality sample of G nearest to them, out of "
       "all its modes (VEEGAN, Srivastava et al. 2017). Fewer than all: mode collapse."},
      {"high quality", "high q.", q.has_modes ? formatted("%.1f%%", q.high_quality) : na,
       q.has_modes ? normal : dim,
       "The share of G's samples within 3 standard deviations of their nearest mode: samples "
       "that look like the data. Low: G puts its mass between the modes."},
      {"reverse KL", "rev. KL", q.has_modes ? formatted("%.3f", q.reverse_kl) : na,
       q.has_modes ? normal : dim,
       q.has_modes
           ? "KL(p || uniform), in nats: p is how the high-quality samples spread over the "
             "modes. 0 when evenly; log K = " +
                 formatted("%.3f", log_k) +
                 " when all of them sit in one mode; undefined (\xE2\x80\x94) without any."
           : std::string("KL(p || uniform) of the high-quality samples over the modes: only "
                         "for data with known modes.")},
      {"KL", "KL", any ? formatted("%.3f", q.kl) : na, any ? normal : dim,
       "KL(real || generated), in nats, between 2D histograms of the real data and of G's "
       "samples. Large when G leaves out places where the data is."},
      {"JS", "JS", any ? formatted("%.3f", q.js) : na, any ? normal : dim,
       "Jensen-Shannon divergence between the same two histograms, in nats: symmetric, 0 for "
       "equal histograms, at most log 2 = 0.693."},
      {"precision", "prec.", q.has_precision_recall ? formatted("%.2f", q.precision) : na,
       q.has_precision_recall ? normal : dim,
       "Improved precision (Kynkaanniemi et al. 2019, k = 3): the share of 1,000 of G's samples "
       "that fall inside the real data's manifold, the union of balls around real points out "
       "to their 3rd nearest neighbour. How many samples look real. Measured every 100 steps."},
      {"recall", "recall", q.has_precision_recall ? formatted("%.2f", q.recall) : na,
       q.has_precision_recall ? normal : dim,
       "Improved recall: the share of 1,000 real points inside G's manifold (the same balls "
       "around G's samples). How much of the data G makes. A collapsed G has high precision and "
       "low recall. Measured every 100 steps."},
  };

  if (!ImGui::BeginTable("##quality", 7,
                         ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV))
    return;
  ImGui::TableNextRow();
  for (const Cell& cell : cells) {
    ImGui::TableNextColumn();
    ImGui::BeginGroup();
    const bool fits = ImGui::CalcTextSize(cell.heading).x <= ImGui::GetContentRegionAvail().x;
    ImGui::TextDisabled("%s", fits ? cell.heading : cell.short_heading);
    ImGui::TextColored(cell.colour, "%s", cell.value.c_str());
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
      ImGui::TextUnformatted(cell.tooltip.c_str());
      ImGui::TextDisabled("Measured on 2,500 samples of G at every snapshot.");
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  ImGui::EndTable();
}

// The three shares over the run, on one 0-100% axis.
void QualityPanel::draw_history(bool has_modes) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.y < ImGui::GetFontSize() * 4) return;  // too small to read: the numbers suffice
  struct Series {
    const char* label;
    ImU32 colour;
    float Sample::*value;
    const char* tooltip;
  };
  const Series series[3] = {
      {"modes captured", kCapturedColour, &Sample::captured, "Modes captured, of all modes"},
      {"high quality", kHighQualityColour, &Sample::high_quality,
       "Share of samples within 3 std of a mode"},
      {"JS / log 2", kJsColour, &Sample::js, "JS divergence as a share of its maximum, log 2"},
  };
  const int first = has_modes ? 0 : 2;
  for (int k = first; k < 3; ++k) {
    if (k > first) ImGui::SameLine(0, 16);
    const float size = ImGui::GetFontSize() * 0.7f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float top = at.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + size, top + size),
                                              series[k].colour, 2.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 5);
    ImGui::TextUnformatted(series[k].label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", series[k].tooltip);
  }

  double x0 = 0, x1 = 1;
  if (!samples_.empty()) {
    x0 = double(samples_.front().step);
    x1 = std::max(double(samples_.back().step), x0 + 1);
  }
  const PlotFrame frame = draw_plot_frame("##quality_history", ImGui::GetContentRegionAvail(),
                                          AxisSpec{x0, x1, TickStyle::Count, 6},
                                          AxisSpec{0, 1.05, TickStyle::Percent, 3});
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(frame.min, frame.max, true);
  std::vector<ImVec2> line;
  for (int k = first; k < 3; ++k) {
    line.clear();
    auto flush = [&] {
      if (line.size() >= 2)
        draw->AddPolyline(line.data(), int(line.size()), series[k].colour, 0, 1.6f);
      line.clear();
    };
    for (const Sample& s : samples_) {
      const float v = s.*series[k].value;
      if (!std::isfinite(v)) {
        flush();
        continue;
      }
      line.push_back(frame.to_screen(double(s.step), double(v)));
    }
    flush();
  }
  if (samples_.empty()) {
    draw_empty_plot_message(draw, frame, "No quality measurements yet");
  }
  draw->PopClipRect();

  if (frame.hovered && !samples_.empty()) {
    const double step = frame.x_at(ImGui::GetIO().MousePos.x);
    auto it = std::lower_bound(samples_.begin(), samples_.end(), step,
                               [](const Sample& s, double v) { return double(s.step) < v; });
    if (it == samples_.end()) --it;
    const float x = frame.to_screen(double(it->step), 0).x;
    draw->AddLine(ImVec2(x, frame.min.y), ImVec2(x, frame.max.y), palette::kHoverLine);
    ImGui::BeginTooltip();
    ImGui::Text("step %s", format_thousands(it->step).c_str());
    for (int k = first; k < 3; ++k) {
      const float v = (*it).*series[k].value;
      ImGui::TextColored(ImColor(series[k].colour), "%s  %.1f%%", series[k].label,
                         std::isfinite(v) ? double(v) * 100 : 0.0);
    }
    ImGui::EndTooltip();
  }
}

}  // namespace ganscope::app
