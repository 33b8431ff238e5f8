#include "app/latent_explorer.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <exception>

#include "app/exports.h"
#include "app/image_canvas.h"
#include "train/latent_path.h"
#include "train/latent_walk.h"
#include "app/palette.h"
#include "app/plot_axes.h"
#include "train/generator_copy.h"

namespace ganscope::app {

// G is re-run at once when the user moves something, but when only the trainer published a
// newer copy of G, at most this often: a few refreshes a second show training progress.
constexpr double kRefreshFromTrainingSeconds = 0.25;

void LatentExplorer::set_endpoint(const train::Snapshot& snapshot, int index, bool endpoint_b) {
  follow(snapshot);
  const int d = snapshot.latent_dim;
  if (index < 0 || index >= snapshot.grid_count || d <= 0 ||
      snapshot.fixed_latents.size() < std::size_t(index + 1) * std::size_t(d))
    return;
  const auto first = snapshot.fixed_latents.begin() + std::ptrdiff_t(index) * d;
  (endpoint_b ? b_ : a_).assign(first, first + d);
  (endpoint_b ? b_index_ : a_index_) = index;
  // Endpoint A brings its grid sample's class; B keeps the walk's class (z alone moves).
  if (!endpoint_b && std::size_t(index) < snapshot.grid_labels.size()) class_ = snapshot.grid_labels[std::size_t(index)];
  dirty_ = true;
}

// Keeps the endpoints valid for the snapshot's model and run.
void LatentExplorer::follow(const train::Snapshot& snapshot) {
  if (snapshot.latent_dim <= 0) return;
  if (snapshot.latent_dim != latent_dim_) {
    latent_dim_ = snapshot.latent_dim;
    run_id_ = snapshot.run_id;
    edits_.assign(std::size_t(std::min(kEditableDims, latent_dim_)), 0.0f);
    a_ = train::random_latent(latent_dim_, rng_);
    b_ = train::random_latent(latent_dim_, rng_);
    a_index_ = b_index_ = -1;
    // Start between two samples of the grid, so the explorer shows something familiar.
    set_endpoint(snapshot, 0, false);
    set_endpoint(snapshot, 1, true);
    dirty_ = true;
  } else if (snapshot.run_id != run_id_) {
    // A reset or a loaded checkpoint may bring other fixed latents; picked endpoints follow.
    run_id_ = snapshot.run_id;
    if (a_index_ >= 0) set_endpoint(snapshot, a_index_, false);
    if (b_index_ >= 0) set_endpoint(snapshot, b_index_, true);
    dirty_ = true;
  }
}

std::vector<float> LatentExplorer::point_at(float t) const {
  std::vector<float> z = train::interpolate(a_, b_, t, slerp_);
  for (std::size_t k = 0; k < edits_.size() && k < z.size(); ++k) z[k] += edits_[k];
  return z;
}

void LatentExplorer::regenerate(const train::Snapshot& snapshot) {
  dirty_ = false;
  generated_at_ = ImGui::GetTime();
  generated_with_ = snapshot.generator;
  const train::GeneratorCopy* g = snapshot.generator.get();
  if (g == nullptr || latent_dim_ <= 0) return;
  if (g->latent_dim() != latent_dim_ || int(a_.size()) != latent_dim_ ||
      int(b_.size()) != latent_dim_) {
    error_ = "the generator's latent size does not match the snapshot's";
    return;
  }

  // One call for the current point and the whole strip (or path): G's cost is mostly per call.
  const int along = snapshot.images ? kStripSteps : kPathPoints;
  std::vector<float> z = point_at(t_);
  for (int k = 0; k < along; ++k) {
    const std::vector<float> p = point_at(float(k) / float(along - 1));
    z.insert(z.end(), p.begin(), p.end());
  }
  std::vector<float> out;
  if (class_ >= g->classes()) class_ = 0;
  const std::vector<int> labels(std::size_t(along + 1), class_);
  try {
    out = g->generate(z.data(), along + 1, labels.data());
  } catch (const std::exception& e) {
    error_ = std::string("G failed: ") + e.what();
    return;
  }
  const int dim = g->output_dim();
  if (dim <= 0 || out.size() < std::size_t(along + 1) * std::size_t(dim)) {
    error_ = "G returned fewer outputs than asked for";
    return;
  }
  error_.clear();

  if (!snapshot.images) {
    if (dim < 2) return;
    current_xy_ = {out[0], out[1]};
    path_xy_.clear();
    for (int k = 1; k <= along; ++k) {
      path_xy_.push_back(out[std::size_t(k) * dim]);
      path_xy_.push_back(out[std::size_t(k) * dim + 1]);
    }
    return;
  }
  const int rows = snapshot.rows, cols = snapshot.cols, channels = snapshot.channels;
  if (snapshot.image_bytes() != dim) {
    error_ = "G's output size does not match the image size";
    return;
  }
  // The current point, then the strip: the along samples side by side in one texture.
  std::vector<std::uint8_t> sample(static_cast<std::size_t>(dim));
  train::to_pixels(out.data(), std::size_t(dim), sample.data());
  ImageCanvas current(cols, rows, channels);
  current.place(sample.data(), rows, cols, 0, 0);
  current_texture_.upload(cols, rows, channels, current.data());
  ImageCanvas strip(along * cols, rows, channels);
  for (int k = 0; k < along; ++k) {
    train::to_pixels(out.data() + std::size_t(k + 1) * dim, std::size_t(dim), sample.data());
    strip.place(sample.data(), rows, cols, k * cols, 0);
  }
  strip_texture_.upload(strip.width(), rows, channels, strip.data());
}

void LatentExplorer::draw(const train::Snapshot& snapshot) {
  follow(snapshot);
  const bool generator_moved = snapshot.generator != generated_with_ &&
                               ImGui::GetTime() - generated_at_ >= kRefreshFromTrainingSeconds;
  if (dirty_ || generator_moved) regenerate(snapshot);
  if (latent_dim_ <= 0 || !snapshot.generator) {
    ImGui::TextDisabled("Waiting for the generator...");
    return;
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float output_width = snapshot.images ? std::min(avail.y, avail.x * 0.3f)
                                       : std::min(avail.y + 20, avail.x * 0.38f);
  const float sliders_width =
      std::clamp(avail.x * 0.26f, snapshot.images ? 190.0f : 150.0f, 300.0f);
  // The path controls need this much to show their buttons and text unclipped. A panel too
  // narrow for three columns puts the sliders under the path controls, in one scrolling
  // column; narrower still, the output shrinks.
  const float path_min = ImGui::GetFontSize() * 12;
  const bool three_columns = avail.x - output_width - sliders_width >= path_min;
  if (!three_columns) output_width = std::clamp(avail.x - path_min, 60.0f, output_width);
  if (!ImGui::BeginTable("##explorer", three_columns ? 3 : 2, ImGuiTableFlags_BordersInnerV, avail))
    return;
  ImGui::TableSetupColumn("output", ImGuiTableColumnFlags_WidthFixed, output_width);
  ImGui::TableSetupColumn("path", ImGuiTableColumnFlags_WidthStretch);
  if (three_columns) ImGui::TableSetupColumn("dimensions", ImGuiTableColumnFlags_WidthFixed, sliders_width);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  // Less the table's cell padding, so the panel needs no scrollbar.
  const float inner_height = avail.y - 2 * ImGui::GetStyle().CellPadding.y - 2;
  draw_output(snapshot, output_width, inner_height);
  ImGui::TableNextColumn();
  if (!three_columns) ImGui::BeginChild("##path_and_sliders", ImVec2(0, inner_height));
  draw_path_controls(snapshot);
  draw_class_selector(snapshot);
  if (snapshot.images) draw_strip(ImGui::GetContentRegionAvail().x);
  if (three_columns) {
    ImGui::TableNextColumn();
  } else {
    ImGui::Separator();
  }
  draw_dimension_sliders();
  if (!three_columns) ImGui::EndChild();
  ImGui::EndTable();
}

void LatentExplorer::draw_output(const train::Snapshot& snapshot, float width, float height) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (snapshot.images) {
    if (current_texture_.empty()) return;
    const float caption = ImGui::GetTextLineHeightWithSpacing();
    const float side = std::max(16.0f, std::min(width, height - caption) - 4);
    // Whole-number scale: every pixel of G's output the same size on screen.
    const int longest = std::max(snapshot.rows, snapshot.cols);
    const float scale = side >= longest ? std::floor(side / longest) : side / longest;
    const ImVec2 size(snapshot.cols * scale, snapshot.rows * scale);
    ImVec2 at = ImGui::GetCursorScreenPos();
    at.x = std::floor(at.x + (width - size.x) * 0.5f);
    ImGui::SetCursorScreenPos(at);
    ImGui::Image(current_texture_.id(), size);
    draw->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + size.x + 1, at.y + size.y + 1),
                  palette::kPlotBorder);
    ImGui::TextDisabled("%s at t = %.2f, %s", snapshot.ema_shown ? "EMA G(z)" : "G(z)", t_,
                        slerp_ ? "slerp" : "lerp");
    return;
  }

  // 2D data: where G sends the walk from A to B, over the real data for reference.
  const ViewBox target = fit_points({&snapshot.plane.real_points, &path_xy_},
                                    std::max(1.0f, width - 60) / std::max(1.0f, height - 30));
  if (!view_valid_) view_ = target, view_valid_ = true;
  ease_toward(view_, target, 0.12f);
  const PlotFrame frame = draw_plot_frame("##path_plot", ImVec2(width, height),
                                          AxisSpec{view_.x0, view_.x1, TickStyle::Number, 6},
                                          AxisSpec{view_.y0, view_.y1, TickStyle::Number, 6});
  draw->PushClipRect(frame.min, frame.max, true);
  draw_points(draw, frame, snapshot.plane.real_points, palette::with_alpha(palette::kReal, 70), 2.0f);
  const ImVec4 a = ImColor(palette::kEndpointA), b = ImColor(palette::kEndpointB);
  const std::size_t n = path_xy_.size() / 2;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const float f = float(k) / float(std::max<std::size_t>(n - 1, 1));
    const ImU32 colour =
        ImColor(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f, 1.0f);
    draw->AddLine(frame.to_screen(path_xy_[2 * k], path_xy_[2 * k + 1]),
                  frame.to_screen(path_xy_[2 * k + 2], path_xy_[2 * k + 3]), colour, 2.0f);
  }
  if (n >= 2) {
    const ImVec2 pa = frame.to_screen(path_xy_[0], path_xy_[1]);
    const ImVec2 pb = frame.to_screen(path_xy_[2 * n - 2], path_xy_[2 * n - 1]);
    // Beside each endpoint, kept inside the plot so an endpoint at its edge keeps its letter.
    const ImVec2 letter = ImGui::CalcTextSize("A");
    auto label_at = [&](ImVec2 p) {
      return ImVec2(std::clamp(p.x + 6, frame.min.x + 1, frame.max.x - letter.x - 1),
                    std::clamp(p.y - 16, frame.min.y + 1, frame.max.y - letter.y - 1));
    };
    const ImVec2 la = label_at(pa);
    ImVec2 lb = label_at(pb);
    // Endpoints that G maps close together (a collapsed G maps everything to one point) would
    // print B over A: B then goes just right of A's letter, or left of it at the plot's edge.
    const auto overlap = [&](ImVec2 p, ImVec2 q) {
      return std::fabs(p.x - q.x) < letter.x + 2 && std::fabs(p.y - q.y) < letter.y;
    };
    if (overlap(la, lb)) {
      lb = ImVec2(la.x + letter.x + 3, la.y);
      if (lb.x > frame.max.x - letter.x - 1) lb.x = la.x - letter.x - 3;
    }
    draw->AddText(la, palette::kEndpointA, "A");
    draw->AddText(lb, palette::kEndpointB, "B");
  }
  if (current_xy_.size() == 2) {
    const ImVec2 p = frame.to_screen(current_xy_[0], current_xy_[1]);
    draw->AddCircleFilled(p, 4.0f, IM_COL32_WHITE, 12);
    draw->AddCircle(p, 7.0f, IM_COL32_WHITE, 16, 1.5f);
  }
  draw->PopClipRect();
}

// The walk from A to B as it is drawn (slerp or lerp, the slider edits, the class), in 16
// steps, as a GIF or a PNG strip (train/latent_walk.h), written off the UI thread.
void LatentExplorer::draw_export_menu(const train::Snapshot& snapshot) {
  const float width = ImGui::CalcTextSize("Export").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <=
      ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x)
    ImGui::SameLine();
  if (ImGui::Button("Export##walk")) ImGui::OpenPopup("##walk_export");
  export_min_ = ImGui::GetItemRectMin();
  export_max_ = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The walk from A to B in 16 steps, as a GIF or a PNG strip");
  if (!ImGui::BeginPopup("##walk_export")) return;
  const char* kinds[2][2] = {{"Walk GIF", "gif"}, {"Walk PNG strip", "png"}};
  for (const auto& kind : kinds) {
    if (!ImGui::MenuItem(kind[0], nullptr, false, snapshot.generator != nullptr)) continue;
    train::Walk walk;
    walk.waypoints = {point_at(0.0f), point_at(1.0f)};
    walk.steps = 16;
    walk.spherical = slerp_;
    walk.label = snapshot.class_names.empty() ? -1 : class_;
    Exports& e = window_exports();
    e.start(e.stem("walk"), kind[1], [g = snapshot.generator, walk, rows = snapshot.rows, cols = snapshot.cols,
                                      channels = snapshot.channels](const std::string& path) {
      train::write_walk(path, train::walk_images(*g, walk, rows, cols, channels), io::Replace::No);
    });
  }
  ImGui::EndPopup();
}

void LatentExplorer::draw_path_controls(const train::Snapshot& snapshot) {
  const int indices[2] = {a_index_, b_index_};
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (int k = 0; k < 2; ++k) {
    char what[32] = "random";
    if (indices[k] >= 0) std::snprintf(what, sizeof what, "sample %d", indices[k]);
    // B beside A when both fit on the line, else under it.
    if (k == 1 && ImGui::GetItemRectMax().x + 24 + ImGui::CalcTextSize("B ").x +
                          ImGui::CalcTextSize(what).x <=
                      right)
      ImGui::SameLine(0, 24);
    ImGui::TextColored(ImColor(k == 0 ? palette::kEndpointA : palette::kEndpointB),
                       k == 0 ? "A" : "B");
    ImGui::SameLine();
    ImGui::TextUnformatted(what);
  }
  if (ImGui::Button("Randomise")) {
    a_ = train::random_latent(latent_dim_, rng_);
    b_ = train::random_latent(latent_dim_, rng_);
    a_index_ = b_index_ = -1;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw new endpoints A and B from N(0, I)");
  // Beside Randomise when it fits, else under it.
  const float swap_width =
      ImGui::CalcTextSize("Swap A and B").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + swap_width <=
      ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x)
    ImGui::SameLine();
  if (ImGui::Button("Swap A and B")) {
    std::swap(a_, b_);
    std::swap(a_index_, b_index_);
    dirty_ = true;
  }
  if (snapshot.images) draw_export_menu(snapshot);

  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##t", &t_, 0.0f, 1.0f, "t = %.3f", ImGuiSliderFlags_AlwaysClamp))
    dirty_ = true;
  if (ImGui::RadioButton("Slerp", slerp_)) slerp_ = true, dirty_ = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Along the great circle: keeps |z| near sqrt(d), where G's training inputs lie");
  ImGui::SameLine();
  if (ImGui::RadioButton("Lerp", !slerp_)) slerp_ = false, dirty_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Along the straight line: |z| dips in the middle");
  // The norms show why slerp exists: the lerp midpoint of two N(0, I) vectors is short.
  double norm_a = 0, norm_b = 0, norm_z = 0;
  const std::vector<float> z = point_at(t_);
  for (std::size_t i = 0; i < z.size(); ++i) {
    norm_a += double(a_[i]) * a_[i];
    norm_b += double(b_[i]) * b_[i];
    norm_z += double(z[i]) * z[i];
  }
  char norm_text[32];
  std::snprintf(norm_text, sizeof norm_text, "|z| %.2f", std::sqrt(norm_z));
  // Beside the radio buttons when it fits, else under them.
  if (ImGui::GetItemRectMax().x + 16 + ImGui::CalcTextSize(norm_text).x <=
      ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x)
    ImGui::SameLine(0, 16);
  ImGui::TextDisabled("%s", norm_text);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("|A| = %.2f, |B| = %.2f, |z(t)| = %.2f; sqrt(d) = %.2f", std::sqrt(norm_a),
                      std::sqrt(norm_b), std::sqrt(norm_z), std::sqrt(double(latent_dim_)));
  ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
  if (!snapshot.images)
    ImGui::TextWrapped("The line is where G maps the walk from A to B; the ring is t.");
  ImGui::PopStyleColor();
  if (!error_.empty()) ImGui::TextColored(palette::error_text(), "%s", error_.c_str());
}

// A conditional G's class: the walk's latents stay as they are, so changing it shows what the
// label alone does to the same z.
void LatentExplorer::draw_class_selector(const train::Snapshot& snapshot) {
  const int classes = int(snapshot.class_names.size());
  if (classes == 0) return;
  if (class_ >= classes) class_ = 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Class");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() * 2 - 8));
  if (ImGui::BeginCombo("##class", snapshot.class_names[std::size_t(class_)].c_str())) {
    for (int k = 0; k < classes; ++k)
      if (ImGui::Selectable(snapshot.class_names[std::size_t(k)].c_str(), k == class_)) class_ = k, dirty_ = true;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The label G is given with z. Changing it keeps z: the same style, another class");
  ImGui::SameLine(0, 4);
  if (ImGui::ArrowButton("##class_prev", ImGuiDir_Left)) class_ = (class_ + classes - 1) % classes, dirty_ = true;
  ImGui::SameLine(0, 4);
  if (ImGui::ArrowButton("##class_next", ImGuiDir_Right)) class_ = (class_ + 1) % classes, dirty_ = true;
}

void LatentExplorer::draw_strip(float width) {
  if (strip_texture_.empty()) return;
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
  ImGui::TextWrapped("From A to B in %d steps (click one to jump there)", kStripSteps - 1);
  ImGui::PopStyleColor();
  const float gap = 4.0f;
  const float cell = std::floor(std::min((width - gap * (kStripSteps - 1)) / kStripSteps, 96.0f));
  if (cell < 8) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int nearest = int(std::lround(t_ * (kStripSteps - 1)));
  const ImVec2 start = ImGui::GetCursorScreenPos();
  for (int k = 0; k < kStripSteps; ++k) {
    const ImVec2 at(start.x + k * (cell + gap), start.y);
    ImGui::SetCursorScreenPos(at);
    ImGui::PushID(k);
    if (ImGui::InvisibleButton("##strip_cell", ImVec2(cell, cell))) {
      t_ = float(k) / float(kStripSteps - 1);
      dirty_ = true;
    }
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    draw->AddImage(strip_texture_.id(), at, ImVec2(at.x + cell, at.y + cell),
                   ImVec2(float(k) / kStripSteps, 0), ImVec2(float(k + 1) / kStripSteps, 1));
    const ImU32 outline = k == 0                 ? palette::kEndpointA
                          : k == kStripSteps - 1 ? palette::kEndpointB
                          : k == nearest         ? IM_COL32(255, 255, 255, 200)
                          : hovered              ? IM_COL32(255, 255, 255, 120)
                                                 : palette::kPlotBorder;
    draw->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + cell + 1, at.y + cell + 1), outline, 0,
                  0, k == nearest || k == 0 || k == kStripSteps - 1 ? 2.0f : 1.0f);
  }
  const float label_y = start.y + cell + 3;
  const float last_x = start.x + (kStripSteps - 1) * (cell + gap);
  draw->AddText(ImVec2(start.x + (cell - ImGui::CalcTextSize("A").x) * 0.5f, label_y),
                palette::kEndpointA, "A");
  draw->AddText(ImVec2(last_x + (cell - ImGui::CalcTextSize("B").x) * 0.5f, label_y),
                palette::kEndpointB, "B");
  ImGui::SetCursorScreenPos(ImVec2(start.x, label_y));
  ImGui::Dummy(ImVec2(last_x + cell - start.x, ImGui::GetTextLineHeight()));
}

void LatentExplorer::draw_dimension_sliders() {
  bool any_edit = false;
  for (float e : edits_) any_edit = any_edit || e != 0.0f;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Current point");
  char dims[48];
  std::snprintf(dims, sizeof dims, "z0-z%zu of %d", edits_.size() - 1, latent_dim_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Sliders for dimensions %s", dims);
  // The reset sits on the title line, so all the sliders fit in a short panel.
  const char* reset = "Reset";
  const float reset_width = ImGui::CalcTextSize(reset).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x > ImGui::CalcTextSize(dims).x + reset_width + 12) {
    ImGui::TextDisabled("%s", dims);
    ImGui::SameLine();
  }
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - reset_width);
  ImGui::BeginDisabled(!any_edit);
  if (ImGui::SmallButton(reset)) {
    std::fill(edits_.begin(), edits_.end(), 0.0f);
    dirty_ = true;
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Drop the slider edits: the point is interpolated from A and B again");

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 3));
  const std::vector<float> base = train::interpolate(a_, b_, t_, slerp_);
  for (std::size_t k = 0; k < edits_.size() && k < base.size(); ++k) {
    float value = base[k] + edits_[k];
    char format[32];
    std::snprintf(format, sizeof format, "z%zu = %%.2f", k);
    // Edited dimensions are tinted so it is clear the point has left the A-B path.
    const bool edited = edits_[k] != 0.0f;
    if (edited) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.30f, 0.22f, 0.40f, 1.0f));
    ImGui::PushID(int(k));
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::SliderFloat("##z", &value, -3.0f, 3.0f, format, ImGuiSliderFlags_AlwaysClamp)) {
      edits_[k] = value - base[k];
      dirty_ = true;
    }
    ImGui::PopID();
    if (edited) ImGui::PopStyleColor();
  }
  ImGui::PopStyleVar();
}

}  // namespace ganscope::app
