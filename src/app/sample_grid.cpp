#include "app/sample_grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/exports.h"
#include "app/health_banner.h"
#include "app/image_canvas.h"
#include "app/heatmap_scale.h"
#include "app/palette.h"
#include "app/plot_axes.h"
#include "app/widgets.h"
#include "io/pictures.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// Where a score lies from 0 (looks fake to D) to 1 (looks real): a probability as it is; a
// critic's raw value from its mean on the fake batch (0) to its mean on the real batch (1),
// as only differences of a critic's values mean something.
float score_fraction(const HeatmapScale& scale, float score) {
  return std::isfinite(score) ? std::clamp(scale.unit(score), 0.0f, 1.0f) : 0.0f;
}

// That fraction as a colour from red (looks fake to D) to green (looks real).
ImU32 score_colour(float s) {
  const ImVec4 fake = ImColor(palette::kFake), real = ImColor(palette::kReal);
  return ImColor(fake.x + (real.x - fake.x) * s, fake.y + (real.y - fake.y) * s,
                 fake.z + (real.z - fake.z) * s, 1.0f);
}

void endpoint_badge(ImDrawList* draw, ImVec2 cell_min, ImVec2 cell_max, ImU32 colour,
                    const char* letter) {
  draw->AddRect(ImVec2(cell_min.x - 1, cell_min.y - 1), ImVec2(cell_max.x + 1, cell_max.y + 1),
                colour, 0, 0, 2.0f);
  const ImVec2 text = ImGui::CalcTextSize(letter);
  draw->AddRectFilled(cell_min, ImVec2(cell_min.x + text.x + 6, cell_min.y + text.y + 2), colour);
  draw->AddText(ImVec2(cell_min.x + 3, cell_min.y + 1), IM_COL32(15, 15, 20, 255), letter);
}

float score_of(const std::vector<float>& scores, int i) {
  return i < int(scores.size()) ? scores[std::size_t(i)] : NAN;
}

}  // namespace

GridPick SampleGrid::draw(train::Session& session, const train::Snapshot& snapshot, int endpoint_a,
                          int endpoint_b) {
  const train::GridFrame* past = past_step_ >= 0 ? train::frame_at(snapshot.grid_frames, past_step_) : nullptr;
  const bool moved = snapshot.generation != last_generation_;
  if (moved) {
    last_generation_ = snapshot.generation;
    ++generations_seen_;
  }
  // The live grid when the generation moves; a kept frame when another one is chosen.
  const std::int64_t wanted = past ? past->step : -1;
  if (snapshot.images && (wanted != uploaded_step_ || snapshot.run_id != uploaded_run_ || (!past && moved))) {
    upload(snapshot, past ? past->pixels : snapshot.grid_pixels);
    uploaded_step_ = wanted;
    uploaded_run_ = snapshot.run_id;
  }
  shown_scores_ = past ? &past->scores : &snapshot.grid_scores;
  shown_step_ = past ? past->step : snapshot.step;
  // 2D data has the plane (PlaneView) instead.
  if (!snapshot.images) return GridPick{};
  if (!snapshot.class_names.empty()) draw_class_rows(session, snapshot);
  const GridPick pick = draw_images(snapshot, endpoint_a, endpoint_b);
  if (branch_.clicked >= 0) session.branch(branch_.clicked);
  return pick;
}

// A conditional GAN's grid: a row per class (the same latents down each column, so a column
// shows what the label alone changes), or every cell one class from latents of its own.
void SampleGrid::draw_class_rows(train::Session& session, const train::Snapshot& snapshot) {
  const int shown = snapshot.grid_class;
  const char* kAll = "a row per class";
  const std::string preview =
      shown >= 0 && shown < int(snapshot.class_names.size()) ? snapshot.class_names[std::size_t(shown)] : kAll;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Rows");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  const bool open = ImGui::BeginCombo("##grid_class", preview.c_str());
  class_combo_min_ = ImGui::GetItemRectMin();
  class_combo_max_ = ImGui::GetItemRectMax();
  if (open) {
    if (ImGui::Selectable(kAll, shown < 0)) session.set_grid_class(-1);
    for (std::size_t k = 0; k < snapshot.class_names.size(); ++k)
      if (ImGui::Selectable(snapshot.class_names[k].c_str(), shown == int(k))) session.set_grid_class(int(k));
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A row per class shares the latents down each column: what the label alone "
                      "changes. One class: every sample of that class, each from latents of its own.");
}

// All samples go into one texture, cells side by side: one upload and one texture per grid
// instead of 64.
// The time slider: the kept frames, then "live" at its right end.
void SampleGrid::draw_time_slider(const train::Snapshot& snapshot) {
  char tooltip[200];
  std::snprintf(tooltip, sizeof tooltip,
                "The grid and D's scores as they were at each kept step (every %d steps; older ones thinned, "
                "the first kept), and live at the right end. Training goes on.",
                int(train::GridFrameStore::kFrameEvery));
  branch_.kept_states = &snapshot.kept_states;
  branch_.clicked = -1;
  // A watched run branches where it trains, not here.
  time_slider("grid", snapshot.grid_frames, &past_step_, &time_min_, &time_max_, tooltip,
              snapshot.watching.empty() ? &branch_ : nullptr);
}

void SampleGrid::upload(const train::Snapshot& snapshot, const std::vector<std::uint8_t>& pixels) {
  const int n = snapshot.grid_count, rows = snapshot.rows, cols = snapshot.cols;
  const std::size_t image = std::size_t(snapshot.image_bytes());
  if (n <= 0 || rows <= 0 || cols <= 0 || pixels.size() < std::size_t(n) * image) return;
  cells_x_ = io::grid_columns(n);
  cells_y_ = (n + cells_x_ - 1) / cells_x_;
  cell_rows_ = rows;
  cell_cols_ = cols;
  const int width = cells_x_ * cols, height = cells_y_ * rows;
  ImageCanvas canvas(width, height, snapshot.channels);
  for (int i = 0; i < n; ++i)
    canvas.place(pixels.data() + std::size_t(i) * image, rows, cols, (i % cells_x_) * cols,
                 (i / cells_x_) * rows);
  texture_.upload(width, height, canvas.channels(), canvas.data());
}

GridPick SampleGrid::draw_images(const train::Snapshot& snapshot, int endpoint_a, int endpoint_b) {
  GridPick pick;
  ImGui::TextDisabled("%s on %d fixed latents, step %s%s", snapshot.ema_shown ? "EMA G(z)" : "G(z)",
                      snapshot.grid_count, format_thousands(shown_step_).c_str(),
                      shown_step_ != snapshot.step ? " (kept)" : "");
  const ImGuiStyle& style = ImGui::GetStyle();
  const float export_w = ImGui::CalcTextSize("Export").x + 2 * style.FramePadding.x;
  ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("D scores").x - ImGui::GetFrameHeight() -
                  style.ItemInnerSpacing.x - style.ItemSpacing.x - export_w);
  if (ImGui::Button("Export")) ImGui::OpenPopup("##grid_export");
  export_min_ = ImGui::GetItemRectMin();
  export_max_ = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The grid's timelapse as a GIF, or the grid as a PNG at full resolution");
  if (ImGui::BeginPopup("##grid_export")) {
    if (ImGui::MenuItem("Timelapse GIF", nullptr, false, !snapshot.grid_frames.empty())) export_timelapse(snapshot);
    if (ImGui::MenuItem("Grid PNG, full resolution")) export_grid_png(snapshot);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  ImGui::Checkbox("D scores", &show_scores_);
  const bool critic = snapshot.hyper.objective->display == nn::OutputDisplay::RawValue;
  // A critic's bars run from its fake batch's mean to its real batch's (half the gap each way).
  const HeatmapScale bars =
      critic ? critic_scale(snapshot.d_real, snapshot.d_fake, {}) : probability_scale();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(critic ? "A bar under each sample: its critic value D(G(z)), empty and red "
                               "at the critic's mean on the fake batch, full and green at its "
                               "mean on the real batch"
                             : "A bar under each sample: D(G(z)), red = looks fake, green = looks "
                               "real");
  draw_health_banner(snapshot.warning);
  draw_time_slider(snapshot);

  if (texture_.empty()) {
    ImGui::TextDisabled("Waiting for the first samples...");
    return pick;
  }

  const char* hint = "Hover to enlarge. Left click: endpoint A, right click: endpoint B, "
                     "double click: the sample's history and nearest training images.";
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float footer =
      ImGui::CalcTextSize(hint, nullptr, false, avail.x).y + 2 * ImGui::GetStyle().ItemSpacing.y;
  const float gap = 2.0f;  // the separators: background showing between cells
  // A conditional GAN's grid has a class per row: its name to the row's left.
  // (One class in every cell: the Rows combo names it.)
  const bool by_class = !snapshot.class_names.empty() && snapshot.grid_class < 0 &&
                        snapshot.grid_labels.size() == std::size_t(snapshot.grid_count);
  float label_w = 0;
  if (by_class)
    for (const std::string& name : snapshot.class_names)
      label_w = std::max(label_w, ImGui::CalcTextSize(name.c_str()).x + 8);
  label_w = std::min(label_w, avail.x * 0.3f);
  const float fit_x = (avail.x - label_w - gap * (cells_x_ - 1)) / float(cells_x_ * cell_cols_);
  const float fit_y = (avail.y - footer - gap * (cells_y_ - 1)) / float(cells_y_ * cell_rows_);
  float scale = std::max(0.25f, std::min(fit_x, fit_y));
  // Whole-number scales keep every source pixel the same size; take one if it loses little.
  if (scale >= 1 && std::floor(scale) / scale >= 0.85f) scale = std::floor(scale);
  const float cell_w = std::floor(scale * cell_cols_), cell_h = std::floor(scale * cell_rows_);
  const ImVec2 size(cells_x_ * cell_w + (cells_x_ - 1) * gap,
                    cells_y_ * cell_h + (cells_y_ - 1) * gap);

  ImVec2 origin = ImGui::GetCursorScreenPos();
  origin.x = std::floor(origin.x + label_w + std::max(0.0f, (avail.x - label_w - size.x) * 0.5f));
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##grid", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  grid_min_ = origin;
  grid_max_ = ImVec2(origin.x + size.x, origin.y + size.y);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(origin.x - gap, origin.y - gap),
                      ImVec2(grid_max_.x + gap, grid_max_.y + gap), palette::kPlotBorder);
  const float u = 1.0f / cells_x_, v = 1.0f / cells_y_;
  if (by_class)
    for (int cy = 0; cy < cells_y_ && cy * cells_x_ < snapshot.grid_count; ++cy) {
      const std::string& name = snapshot.class_names[std::size_t(snapshot.grid_labels[std::size_t(cy * cells_x_)])];
      const ImVec2 text = ImGui::CalcTextSize(name.c_str());
      const ImVec2 at(origin.x - gap - 4 - text.x, origin.y + cy * (cell_h + gap) + (cell_h - text.y) * 0.5f);
      draw->PushClipRect(ImVec2(origin.x - label_w, at.y), ImVec2(origin.x - gap, at.y + text.y), true);
      draw->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
      draw->PopClipRect();
    }
  int hovered_cell = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (int i = 0; i < snapshot.grid_count; ++i) {
    const int cx = i % cells_x_, cy = i / cells_x_;
    const ImVec2 cell_min(origin.x + cx * (cell_w + gap), origin.y + cy * (cell_h + gap));
    const ImVec2 cell_max(cell_min.x + cell_w, cell_min.y + cell_h);
    draw->AddImage(texture_.id(), cell_min, cell_max, ImVec2(cx * u, cy * v),
                   ImVec2((cx + 1) * u, (cy + 1) * v));
    if (show_scores_) {
      const float fraction = score_fraction(bars, score_of(*shown_scores_, i));
      draw->AddRectFilled(ImVec2(cell_min.x, cell_max.y - 3),
                          ImVec2(cell_min.x + fraction * cell_w, cell_max.y),
                          score_colour(fraction));
    }
    if (hovered && mouse.x >= cell_min.x && mouse.x < cell_max.x + gap && mouse.y >= cell_min.y &&
        mouse.y < cell_max.y + gap)
      hovered_cell = i;
    if (i == endpoint_a) endpoint_badge(draw, cell_min, cell_max, palette::kEndpointA, "A");
    if (i == endpoint_b) endpoint_badge(draw, cell_min, cell_max, palette::kEndpointB, "B");
  }

  if (hovered_cell >= 0) {
    const int cx = hovered_cell % cells_x_, cy = hovered_cell / cells_x_;
    const ImVec2 cell_min(origin.x + cx * (cell_w + gap), origin.y + cy * (cell_h + gap));
    draw->AddRect(cell_min, ImVec2(cell_min.x + cell_w, cell_min.y + cell_h),
                  IM_COL32(255, 255, 255, 200));
    ImGui::BeginTooltip();
    const float big = 6.0f;
    ImGui::Image(texture_.id(), ImVec2(cell_cols_ * big, cell_rows_ * big), ImVec2(cx * u, cy * v),
                 ImVec2((cx + 1) * u, (cy + 1) * v));
    if (by_class)
      ImGui::Text("Sample %d, class %s", hovered_cell,
                  snapshot.class_names[std::size_t(snapshot.grid_labels[std::size_t(hovered_cell)])].c_str());
    else
      ImGui::Text("Sample %d", hovered_cell);
    ImGui::SameLine();
    const float score = score_of(*shown_scores_, hovered_cell);
    ImGui::TextColored(ImColor(score_colour(score_fraction(bars, score))),
                       critic ? "critic D(G(z)) = %.4g" : "D(G(z)) = %.3f", score);
    ImGui::TextDisabled("Left click: endpoint A   Right click: endpoint B");
    ImGui::TextDisabled("Double click: its history, D's score over time, nearest training images");
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) pick = GridPick{hovered_cell, false};
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) pick = GridPick{hovered_cell, true};
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      // A second click on the same cell within kDoubleClickSeconds, timed here rather than by
      // ImGui's 0.3 s between the frames that saw the presses: a window drawing 5 frames a
      // second (a busy machine) still sees a double click.
      const double now = ImGui::GetTime();
      pick.open_history = hovered_cell == last_click_cell_ && now - last_click_time_ < kDoubleClickSeconds;
      last_click_cell_ = pick.open_history ? -1 : hovered_cell;
      last_click_time_ = now;
    }
  }

  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x,
                                   grid_max_.y + gap + ImGui::GetStyle().ItemSpacing.y));
  ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
  ImGui::TextWrapped("%s", hint);
  ImGui::PopStyleColor();
  return pick;
}

}  // namespace ganscope::app
