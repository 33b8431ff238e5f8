#include "app/plane_view.h"

#include "app/exports.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/health_banner.h"
#include "app/palette.h"
#include "app/widgets.h"
#include "app/point_cloud.h"
#include "imgui_internal.h"  // SetItemUsingMouseWheel: the wheel zooms, it does not scroll
#include "train/session.h"

namespace ganscope::app {

namespace {

constexpr double kSendViewSeconds = 0.05;  // at most 20 views a second to the trainer
constexpr float kHeatmapOpacity = 0.96f;
constexpr float kPickPixels = 8.0f;         // how near the cursor a point must be to pick it
constexpr float kClickTravelPixels = 4.0f;  // a press that moves less is a click, not a drag
constexpr float kTypicalArrowPixels = 18;   // Auto: the median arrow this long

// D at (x, y) from the snapshot's heatmap, bilinear between cell centres as the texture is;
// NaN outside the rectangle it covers.
float d_at(const train::Snapshot& s, double x, double y) {
  const int n = s.plane.heatmap_size;
  if (n <= 0 || s.plane.heatmap.size() < std::size_t(n) * std::size_t(n)) return NAN;
  const train::PlaneRect& v = s.plane.view;
  if (!(v.x1 > v.x0) || !(v.y1 > v.y0)) return NAN;
  double fx = (x - v.x0) / (v.x1 - v.x0) * n - 0.5;
  double fy = (y - v.y0) / (v.y1 - v.y0) * n - 0.5;
  if (fx < -0.5 || fx > n - 0.5 || fy < -0.5 || fy > n - 0.5) return NAN;
  fx = std::clamp(fx, 0.0, double(n - 1));
  fy = std::clamp(fy, 0.0, double(n - 1));
  const int c0 = int(fx), r0 = int(fy);
  const int c1 = std::min(c0 + 1, n - 1), r1 = std::min(r0 + 1, n - 1);
  const double tx = fx - c0, ty = fy - r0;
  auto at = [&](int r, int c) { return double(s.plane.heatmap[std::size_t(r) * n + c]); };
  const double bottom = at(r0, c0) * (1 - tx) + at(r0, c1) * tx;
  const double top = at(r1, c0) * (1 - tx) + at(r1, c1) * tx;
  return float(bottom * (1 - ty) + top * ty);
}

bool finite_pair(const std::vector<float>& xy, std::size_t i) {
  return i + 1 < xy.size() && std::isfinite(xy[i]) && std::isfinite(xy[i + 1]);
}

void dot(ImDrawList* draw, ImVec2 p, float radius, ImU32 colour) {
  draw->AddCircleFilled(p, radius + 1.0f, palette::kPointOutline, 8);
  draw->AddCircleFilled(p, radius, colour, 8);
}

// Points as dots: all the dark outlines first, then all the fills, so that a dense cluster
// reads as one blob with an outline rather than a heap of rings.
void dots(ImDrawList* draw, const PlotFrame& frame, const std::vector<float>& xy, float radius,
          ImU32 colour) {
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
      if (!finite_pair(xy, i)) continue;
      const ImVec2 p = frame.to_screen(xy[i], xy[i + 1]);
      if (p.x < frame.min.x - 5 || p.x > frame.max.x + 5 || p.y < frame.min.y - 5 ||
          p.y > frame.max.y + 5)
        continue;
      draw->AddCircleFilled(p, pass == 0 ? radius + 1.0f : radius,
                            pass == 0 ? palette::kPointOutline : colour, 8);
    }
}

void arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float thickness) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1.5f) return;
  const float ux = dx / length, uy = dy / length;
  const float head = std::min(6.0f, length * 0.5f), wing = head * 0.5f;
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  draw->AddLine(from, base, colour, thickness);
  draw->AddTriangleFilled(to, ImVec2(base.x - uy * wing, base.y + ux * wing),
                          ImVec2(base.x + uy * wing, base.y - ux * wing), colour);
}

// The little picture before a layer's toggle, which is also the plot's legend.
enum class Swatch { Heat, Dot, Arrow, Mesh, Ring };

void swatch(ImDrawList* draw, ImVec2 at, float size, Swatch kind, ImU32 colour) {
  const ImVec2 c(at.x + size * 0.5f, at.y + size * 0.5f);
  switch (kind) {
    case Swatch::Heat: {
      // The ends and middle of shaders/heatmap.frag's scale.
      const ImU32 fake = IM_COL32(156, 86, 36, 255), mid = IM_COL32(29, 30, 35, 255),
                  real = IM_COL32(74, 170, 176, 255);
      const float h = size * 0.5f;
      draw->AddRectFilledMultiColor(ImVec2(at.x, at.y + size * 0.15f),
                                    ImVec2(at.x + h, at.y + size * 0.85f), fake, mid, mid, fake);
      draw->AddRectFilledMultiColor(ImVec2(at.x + h, at.y + size * 0.15f),
                                    ImVec2(at.x + size, at.y + size * 0.85f), mid, real, real, mid);
      break;
    }
    case Swatch::Dot:
      dot(draw, c, size * 0.28f, colour);
      break;
    case Swatch::Arrow:
      arrow(draw, ImVec2(at.x, at.y + size * 0.8f), ImVec2(at.x + size, at.y + size * 0.2f), colour,
            1.5f);
      break;
    case Swatch::Mesh:
      for (int k = 0; k < 3; ++k) {
        const float f = at.x + size * (0.15f + 0.35f * k);
        draw->AddLine(ImVec2(f, at.y + size * 0.1f), ImVec2(f + size * 0.1f, at.y + size * 0.9f),
                      colour);
        const float g = at.y + size * (0.15f + 0.35f * k);
        draw->AddLine(ImVec2(at.x, g), ImVec2(at.x + size, g - size * 0.1f), colour);
      }
      break;
    case Swatch::Ring:
      draw->AddCircle(c, size * 0.42f, colour, 16, 1.5f);
      draw->AddCircleFilled(c, 1.5f, colour, 6);
      break;
  }
}

// Puts the next item on this line when `width` more pixels fit, else on a new line.
void next_on_line_if_fits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// A layer's toggle: its swatch, then a checkbox. Wraps to a new line when the panel is narrow.
void layer_toggle(bool first, const char* label, bool* value, Swatch kind, ImU32 colour,
                  const char* tooltip, bool available = true) {
  const float size = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = size + 3 + ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                      ImGui::CalcTextSize(label, nullptr, true).x;
  if (!first) next_on_line_if_fits(width);
  ImGui::BeginGroup();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  swatch(ImGui::GetWindowDrawList(), ImVec2(at.x, at.y + (ImGui::GetFrameHeight() - size) * 0.5f),
         size, kind, available ? colour : palette::with_alpha(colour, 90));
  ImGui::Dummy(ImVec2(size, ImGui::GetFrameHeight()));
  ImGui::SameLine(0, 3);
  ImGui::BeginDisabled(!available);
  ImGui::Checkbox(label, value);
  ImGui::EndDisabled();
  ImGui::EndGroup();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tooltip);
}

// A segmented pair of buttons; returns the one pressed (0, 1) or -1.
int segmented(const char* left, const char* right, int selected, const char* left_tip,
              const char* right_tip) {
  int pressed = -1;
  const ImVec4 on = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
  const ImVec4 off = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(1, ImGui::GetStyle().ItemSpacing.y));
  for (int k = 0; k < 2; ++k) {
    if (k == 1) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, k == selected ? on : off);
    if (ImGui::Button(k == 0 ? left : right)) pressed = k;
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", k == 0 ? left_tip : right_tip);
  }
  ImGui::PopStyleVar();
  return pressed;
}

}  // namespace

GridPick PlaneView::draw(train::Session& session, const train::Snapshot& snapshot, int endpoint_a,
                         int endpoint_b) {
  follow(snapshot);
  draw_toolbar(snapshot);
  draw_health_banner(snapshot.warning);
  // The time slider: G's points as kept at a past step, over the live D and data. The push
  // arrows and G's mesh are of the live G only, so they are not drawn then.
  branch_.kept_states = &snapshot.kept_states;
  branch_.clicked = -1;
  time_slider("plane", snapshot.grid_frames, &past_step_, &time_min_, &time_max_,
              "G's points as they were at each kept step (every 200 steps; older ones thinned), over D and the "
              "data as they are now, and live at the right end. Training goes on.",
              snapshot.watching.empty() ? &branch_ : nullptr);  // a watched run branches where it trains
  if (branch_.clicked >= 0) session.branch(branch_.clicked);
  const train::GridFrame* past = past_step_ >= 0 ? train::frame_at(snapshot.grid_frames, past_step_) : nullptr;
  const bool use_past = past && past->points.size() == snapshot.grid_points.size();
  shown_past_step_ = use_past ? past->step : -1;
  // Made again only when the snapshot or the frame chosen changes, not every frame.
  if (use_past && (past_view_key_.first != snapshot.generation || past_view_key_.second != past->step)) {
    past_view_key_ = {snapshot.generation, past->step};
    past_view_ = snapshot;
    past_view_.grid_points = past->points;
    past_view_.grid_scores = past->scores;
    past_view_.plane.fake_push.clear();
    past_view_.plane.manifold.clear();
    past_view_.plane.manifold_rows = past_view_.plane.manifold_cols = 0;
    past_view_.step = past->step;
    past_view_.substep.clear();
  }
  const train::Snapshot& shown = use_past ? past_view_ : snapshot;

  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = footer_height() + style.ItemSpacing.y;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size(std::max(avail.x, 60.0f), std::max(avail.y - footer, 60.0f));
  const double half_width = half_height_ * aspect_;
  const AxisSpec x_axis{centre_x_ - half_width, centre_x_ + half_width, TickStyle::Number,
                        std::max(2, int(size.x / 90))};
  const AxisSpec y_axis{centre_y_ - half_height_, centre_y_ + half_height_, TickStyle::Number,
                        std::max(2, int(size.y / 90))};

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const PlotFrame frame = draw_plot_frame("##plane", size, x_axis, y_axis, [&](const PlotFrame& f) {
    if (!show_heatmap_ || !heatmap_.has_values()) return;
    const train::PlaneRect& v = snapshot.plane.view;
    draw->PushClipRect(f.min, f.max, true);
    // The first texture row is y0, at v = 0; the screen's top is y1.
    heatmap_.draw(draw, f.to_screen(v.x0, v.y1), f.to_screen(v.x1, v.y0), ImVec2(0, 1),
                  ImVec2(1, 0), scale_, kHeatmapOpacity, true);
    draw->PopClipRect();
  });
  ImGui::SetItemUsingMouseWheel();
  const bool held = ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left);
  plot_min_ = frame.min;
  plot_max_ = frame.max;
  if (frame.height() > 1) aspect_ = frame.width() / frame.height();

  draw->PushClipRect(frame.min, frame.max, true);
  draw_layers(draw, frame, shown, endpoint_a, endpoint_b);
  // Paint mode: the left button paints; zooming and panning work in both modes.
  if (mode_ == Mode::Paint)
    painter_.handle_mouse(draw, frame, frame.hovered && pan_button_ < 0, held);
  const GridPick pick = handle_mouse(draw, frame, shown);
  draw_caption(draw, frame, shown);
  draw->PopClipRect();

  send_view(session, frame);
  draw_footer(session, snapshot);
  return pick;
}

// A new snapshot: the heatmap texture and the arrows' scale follow it. The view starts at the
// data and then stays where the user puts it.
void PlaneView::follow(const train::Snapshot& snapshot) {
  if (snapshot.generation != last_generation_) {
    last_generation_ = snapshot.generation;
    ++generations_seen_;
    const int n = snapshot.plane.heatmap_size;
    if (n > 0 && snapshot.plane.heatmap.size() >= std::size_t(n) * std::size_t(n))
      heatmap_.upload(n, n, snapshot.plane.heatmap.data());
    // The heatmap holds D's output as the game shows it: probabilities, or raw critic values.
    if (snapshot.hyper.objective->display == nn::OutputDisplay::RawValue)
      scale_ = ease(scale_, critic_scale(snapshot.d_real, snapshot.d_fake, snapshot.plane.heatmap));
    else
      scale_ = probability_scale();
    if (arrow_auto_ || arrow_scale_ <= 0) auto_arrow_scale(snapshot);
  }
  // Once the plot's shape is known (after its first frame), so the data fits both ways.
  if (!view_valid_ && plot_max_.x > plot_min_.x &&
      (!snapshot.plane.real_points.empty() || !snapshot.plane.mode_centres.empty())) {
    fit(snapshot, /*with_fakes=*/false);
    view_valid_ = true;
  }
}

// The data's extent (its modes three standard deviations out, the real batch) and, for the
// Fit view button, G's points, with room; points that are not finite are left out. The first
// view is the data's alone, as G's first points mean nothing yet.
void PlaneView::fit(const train::Snapshot& snapshot, bool with_fakes) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  auto include = [&](double x, double y, double pad) {
    x0 = std::min(x0, x - pad);
    x1 = std::max(x1, x + pad);
    y0 = std::min(y0, y - pad);
    y1 = std::max(y1, y + pad);
  };
  for (std::size_t i = 0; i + 1 < snapshot.plane.mode_centres.size(); i += 2)
    if (finite_pair(snapshot.plane.mode_centres, i))
      include(snapshot.plane.mode_centres[i], snapshot.plane.mode_centres[i + 1], 3 * snapshot.plane.mode_std);
  for (std::size_t i = 0; i + 1 < snapshot.plane.real_points.size(); i += 2)
    if (finite_pair(snapshot.plane.real_points, i))
      include(snapshot.plane.real_points[i], snapshot.plane.real_points[i + 1], 0);
  for (std::size_t i = 0; with_fakes && i + 1 < snapshot.grid_points.size(); i += 2)
    if (finite_pair(snapshot.grid_points, i))
      include(snapshot.grid_points[i], snapshot.grid_points[i + 1], 0);
  if (!(x0 <= x1)) {
    centre_x_ = centre_y_ = 0;
    half_height_ = 3;
    return;
  }
  centre_x_ = (x0 + x1) / 2;
  centre_y_ = (y0 + y1) / 2;
  // The larger half-extent, with 45% to spare: the ring of radius 2 shows as [-3, 3].
  const double half = std::min(std::max({(x1 - x0) / 2, (y1 - y0) / 2, 0.25}) * 1.45, 1e4);
  half_height_ = aspect_ >= 1 ? half : half / aspect_;
}

// Arrows: the median push drawn kTypicalArrowPixels long. The scale glides there (in log
// terms) rather than jumping with every snapshot.
void PlaneView::auto_arrow_scale(const train::Snapshot& snapshot) {
  std::vector<float> lengths;
  for (std::size_t i = 0; i + 1 < snapshot.plane.fake_push.size(); i += 2) {
    const float m = std::hypot(snapshot.plane.fake_push[i], snapshot.plane.fake_push[i + 1]);
    if (std::isfinite(m) && m > 0) lengths.push_back(m);
  }
  if (lengths.empty()) return;
  std::nth_element(lengths.begin(), lengths.begin() + std::ptrdiff_t(lengths.size() / 2),
                   lengths.end());
  const double median = lengths[lengths.size() / 2];
  const float target = std::clamp(float(kTypicalArrowPixels / median), 1e-2f, 1e7f);
  arrow_scale_ = arrow_scale_ <= 0 ? target : arrow_scale_ * std::pow(target / arrow_scale_, 0.3f);
}

void PlaneView::draw_toolbar(const train::Snapshot& snapshot) {
  const bool has_modes = !snapshot.plane.mode_centres.empty() && snapshot.plane.mode_std > 0;
  layer_toggle(true, "D(x)", &show_heatmap_, Swatch::Heat, 0,
               snapshot.hyper.objective->display == nn::OutputDisplay::RawValue
                   ? "The critic over the plane, its raw value centred midway between its means "
                     "on the real and the fake batch: teal above (more real), orange below, the "
                     "white line at the midpoint, the boundary it draws"
                   : "The discriminator over the plane: orange where it says fake, teal where it "
                     "says real, the white line where it cannot tell (D = 0.5)");
  layer_toggle(false, "real", &show_real_, Swatch::Dot, palette::kReal, "A batch of the real data");
  layer_toggle(false, "G(z)", &show_fake_, Swatch::Dot, palette::kFake,
               "G on the fixed latents: the same z every snapshot, so you can follow points");
  layer_toggle(false, "push", &show_arrows_, Swatch::Arrow, palette::kPush,
               "-dL_G/dx at each fake: the way G's loss pushes it (G then moves it through "
               "its weights)");
  layer_toggle(false, "manifold", &show_manifold_, Swatch::Mesh, palette::kManifold,
               "G's image of a regular latent grid (for latents of more than 2 dimensions, "
               "over the first two, the rest 0): how G folds and stretches its input",
               !snapshot.plane.manifold.empty());
  layer_toggle(false, "modes", &show_modes_, Swatch::Ring, palette::kModes,
               has_modes ? "The data's modes: circles of 3 standard deviations (a sample inside "
                           "one counts as high quality)"
                         : "This data has no known modes",
               has_modes);

  const int pressed = segmented("View", "Paint", mode_ == Mode::View ? 0 : 1,
                                "Zoom with the wheel, pan by dragging; click a red point to "
                                "pick it for the latent explorer",
                                "Spray your own data set with the left button, then train on it");
  if (pressed == 0) mode_ = Mode::View;
  if (pressed == 1) mode_ = Mode::Paint;
  ImGui::SameLine(0, 14);
  if (mode_ == Mode::Paint) {
    painter_.draw_tools();
    return;
  }
  // The arrows' length: pixels per unit of push, optionally log-compressed.
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("arrows");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (log_slider("##arrow_scale", &arrow_scale_, 1e-2f, 1e7f, "%.3g px/unit")) arrow_auto_ = false;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Arrow length: screen pixels per unit of |dL_G/dx|%s",
                      arrow_log_ ? ",\nfor short arrows; longer ones grow as its logarithm" : "");
  next_on_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::CalcTextSize("log").x);
  ImGui::Checkbox("log", &arrow_log_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Compress long arrows: an arrow %.0f px long stays so, ten times the push "
        "is %.0f px instead of %.0f",
        double(kTypicalArrowPixels), double(kTypicalArrowPixels * std::log2(11.0)),
        double(kTypicalArrowPixels * 10));
  next_on_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::CalcTextSize("auto").x);
  ImGui::Checkbox("auto", &arrow_auto_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "On: the scale follows training so that the median arrow is %.0f px "
        "long.\nOff (or move the slider): the scale stays put, so pushes that "
        "grow or fade away\nshow as longer or shrinking arrows.",
        double(kTypicalArrowPixels));
  next_on_line_if_fits(ImGui::CalcTextSize("Fit view").x + 2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::Button("Fit view")) fit(snapshot, /*with_fakes=*/true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Frame the whole data set and all of G's points");
  next_on_line_if_fits(ImGui::CalcTextSize("Timelapse GIF").x + 2 * ImGui::GetStyle().FramePadding.x);
  ImGui::BeginDisabled(snapshot.grid_frames.empty());
  if (ImGui::Button("Timelapse GIF")) export_timelapse(snapshot);
  ImGui::EndDisabled();
  export_min_ = ImGui::GetItemRectMin();
  export_max_ = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("G's points over the data every 200 steps of the run, as an animated GIF (in %s)",
                      export_folder().c_str());
}

void PlaneView::draw_layers(ImDrawList* draw, const PlotFrame& frame,
                            const train::Snapshot& snapshot, int endpoint_a, int endpoint_b) const {
  const double per_unit = frame.width() / std::max(1e-12, frame.x1 - frame.x0);
  if (show_manifold_) draw_manifold(draw, frame, snapshot);
  if (show_real_) dots(draw, frame, snapshot.plane.real_points, 2.2f, palette::kReal);
  if (show_arrows_) draw_arrows(draw, frame, snapshot);
  if (show_fake_) dots(draw, frame, snapshot.grid_points, 2.5f, palette::kFake);
  if (show_modes_ && snapshot.plane.mode_std > 0) {
    const float radius = float(3 * snapshot.plane.mode_std * per_unit);
    for (std::size_t i = 0; i + 1 < snapshot.plane.mode_centres.size(); i += 2) {
      if (!finite_pair(snapshot.plane.mode_centres, i)) continue;
      const ImVec2 c = frame.to_screen(snapshot.plane.mode_centres[i], snapshot.plane.mode_centres[i + 1]);
      draw->AddCircle(c, std::max(radius, 3.0f), palette::with_alpha(palette::kModes, 190), 40,
                      1.5f);
      draw->AddLine(ImVec2(c.x - 3, c.y), ImVec2(c.x + 4, c.y),
                    palette::with_alpha(palette::kModes, 150));
      draw->AddLine(ImVec2(c.x, c.y - 3), ImVec2(c.x, c.y + 4),
                    palette::with_alpha(palette::kModes, 150));
    }
  }
  painter_.draw_points(draw, frame);

  const int endpoints[2] = {endpoint_a, endpoint_b};
  const ImU32 colours[2] = {palette::kEndpointA, palette::kEndpointB};
  for (int k = 0; k < 2; ++k) {
    const std::size_t i = std::size_t(std::max(endpoints[k], 0)) * 2;
    if (endpoints[k] < 0 || !finite_pair(snapshot.grid_points, i)) continue;
    const ImVec2 p = frame.to_screen(snapshot.grid_points[i], snapshot.grid_points[i + 1]);
    draw->AddCircle(p, 6.0f, colours[k], 12, 2.0f);
    draw->AddText(ImVec2(p.x + 7, p.y - 16), colours[k], k == 0 ? "A" : "B");
  }
}

void PlaneView::draw_arrows(ImDrawList* draw, const PlotFrame& frame,
                            const train::Snapshot& snapshot) const {
  if (arrow_scale_ <= 0) return;
  const float sx = frame.width() / float(std::max(1e-12, frame.x1 - frame.x0));
  const float sy = frame.height() / float(std::max(1e-12, frame.y1 - frame.y0));
  const float longest = 0.15f * std::min(frame.width(), frame.height());
  const ImU32 colour = palette::with_alpha(palette::kPush, 200);
  const std::size_t n = std::min(snapshot.grid_points.size(), snapshot.plane.fake_push.size());
  for (std::size_t i = 0; i + 1 < n; i += 2) {
    if (!finite_pair(snapshot.grid_points, i) || !finite_pair(snapshot.plane.fake_push, i)) continue;
    // Screen direction (y grows downwards there), then the (compressed) length.
    const float dx = snapshot.plane.fake_push[i] * sx, dy = -snapshot.plane.fake_push[i + 1] * sy;
    const float screen = std::sqrt(dx * dx + dy * dy);
    const float magnitude = std::hypot(snapshot.plane.fake_push[i], snapshot.plane.fake_push[i + 1]);
    if (screen <= 0 || magnitude <= 0) continue;
    // Log: about linear for short arrows, then growing as the log; the median push (after
    // Auto) is kTypicalArrowPixels long either way.
    const float linear = arrow_scale_ * magnitude;
    const float shown =
        arrow_log_ ? kTypicalArrowPixels * std::log2(1 + linear / kTypicalArrowPixels) : linear;
    const float length = std::min(shown, longest);
    if (length < 2) continue;
    const ImVec2 from = frame.to_screen(snapshot.grid_points[i], snapshot.grid_points[i + 1]);
    arrow(draw, from, ImVec2(from.x + dx / screen * length, from.y + dy / screen * length), colour,
          1.3f);
  }
}

// G on a regular latent grid: a polyline for a 1D latent, else a mesh of rows and columns.
void PlaneView::draw_manifold(ImDrawList* draw, const PlotFrame& frame,
                              const train::Snapshot& snapshot) const {
  const int rows = snapshot.plane.manifold_rows, cols = snapshot.plane.manifold_cols;
  if (rows <= 0 || cols <= 0 ||
      snapshot.plane.manifold.size() < std::size_t(rows) * std::size_t(cols) * 2)
    return;
  const ImU32 colour = palette::with_alpha(palette::kManifold, rows == 1 ? 230 : 95);
  const float thickness = rows == 1 ? 2.0f : 1.0f;
  std::vector<ImVec2> line;
  // One polyline per row (k = 0) and per column (k = 1), broken where G gives no finite point.
  auto flush = [&] {
    if (line.size() >= 2) draw->AddPolyline(line.data(), int(line.size()), colour, 0, thickness);
    line.clear();
  };
  for (int k = 0; k < (rows == 1 ? 1 : 2); ++k) {
    const int lines = k == 0 ? rows : cols, along = k == 0 ? cols : rows;
    for (int a = 0; a < lines; ++a) {
      for (int b = 0; b < along; ++b) {
        const std::size_t i = 2 * std::size_t(k == 0 ? a * cols + b : b * cols + a);
        if (!finite_pair(snapshot.plane.manifold, i)) {
          flush();
          continue;
        }
        line.push_back(frame.to_screen(snapshot.plane.manifold[i], snapshot.plane.manifold[i + 1]));
      }
      flush();
    }
  }
}

// Wheel: zoom around the cursor. Drag (right or middle button, or left in View mode): pan.
// A click without a drag on a fake picks it: left for endpoint A, right for endpoint B.
GridPick PlaneView::handle_mouse(ImDrawList* draw, const PlotFrame& frame,
                                 const train::Snapshot& snapshot) {
  GridPick pick;
  const ImGuiIO& io = ImGui::GetIO();
  mouse_in_plot_ = frame.hovered;
  if (frame.hovered) {
    mouse_x_ = frame.x_at(io.MousePos.x);
    mouse_y_ = frame.y_at(io.MousePos.y);
  }
  const int hovered_point = frame.hovered && show_fake_ ? nearest_point(frame, snapshot.grid_points,
                                                                        io.MousePos, kPickPixels)
                                                        : -1;

  if (frame.hovered && io.MouseWheel != 0) {
    const double factor = std::pow(0.85, double(io.MouseWheel));
    const double new_half = std::clamp(half_height_ * factor, 1e-3, 1e4);
    const double applied = new_half / half_height_;
    centre_x_ = mouse_x_ + (centre_x_ - mouse_x_) * applied;
    centre_y_ = mouse_y_ + (centre_y_ - mouse_y_) * applied;
    half_height_ = new_half;
  }

  if (pan_button_ < 0 && frame.hovered) {
    for (int button : {ImGuiMouseButton_Right, ImGuiMouseButton_Middle, ImGuiMouseButton_Left}) {
      if (button == ImGuiMouseButton_Left && mode_ == Mode::Paint) continue;
      if (ImGui::IsMouseClicked(button)) {
        pan_button_ = button;
        pan_travel_ = 0;
        press_point_ = hovered_point;
        break;
      }
    }
  }
  if (pan_button_ >= 0) {
    if (ImGui::IsMouseDown(pan_button_)) {
      pan_travel_ += std::fabs(io.MouseDelta.x) + std::fabs(io.MouseDelta.y);
      if (pan_travel_ >= kClickTravelPixels) {
        centre_x_ -= io.MouseDelta.x * (frame.x1 - frame.x0) / std::max(1.0f, frame.width());
        centre_y_ += io.MouseDelta.y * (frame.y1 - frame.y0) / std::max(1.0f, frame.height());
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
      }
    } else {
      if (pan_travel_ < kClickTravelPixels && press_point_ >= 0 && mode_ == Mode::View &&
          pan_button_ != ImGuiMouseButton_Middle)
        pick = GridPick{press_point_, pan_button_ == ImGuiMouseButton_Right};
      pan_button_ = -1;
    }
  }

  if (mode_ == Mode::View && pan_button_ < 0 && hovered_point >= 0) {
    const std::size_t i = 2 * std::size_t(hovered_point);
    draw->AddCircle(frame.to_screen(snapshot.grid_points[i], snapshot.grid_points[i + 1]), 5.0f,
                    IM_COL32_WHITE, 12, 1.5f);
    ImGui::BeginTooltip();
    ImGui::Text("G(z) sample %d  (%.3f, %.3f)", hovered_point, snapshot.grid_points[i],
                snapshot.grid_points[i + 1]);
    if (std::size_t(hovered_point) < snapshot.grid_scores.size())
      ImGui::Text(scale_.critic ? "critic D(G(z)) = %.4g" : "D(G(z)) = %.3f",
                  snapshot.grid_scores[std::size_t(hovered_point)]);
    if (finite_pair(snapshot.plane.fake_push, i))
      ImGui::Text("push -dL_G/dx = (%.3g, %.3g), |push| %.3g", snapshot.plane.fake_push[i],
                  snapshot.plane.fake_push[i + 1],
                  std::hypot(snapshot.plane.fake_push[i], snapshot.plane.fake_push[i + 1]));
    ImGui::TextDisabled("Left click: endpoint A   Right click: endpoint B");
    ImGui::EndTooltip();
  }
  return pick;
}

// Top left in the plot: the step, and in slow motion which half step this is.
void PlaneView::draw_caption(ImDrawList* draw, const PlotFrame& frame,
                             const train::Snapshot& snapshot) {
  std::string line = "step " + format_thousands(snapshot.step) + (past_step_ >= 0 ? " (G kept; D now)" : "");
  ImU32 colour = palette::kTickLabel;
  std::string kind;
  if (!snapshot.substep.empty()) {
    kind = snapshot.substep.substr(0, snapshot.substep.find(" at step"));
    colour = kind.rfind("D", 0) == 0 ? palette::kLossD : palette::kLossG;
  }
  const ImVec2 pad(6, 3);
  const ImVec2 at(frame.min.x + 6, frame.min.y + 6);
  const ImVec2 text = ImGui::CalcTextSize(line.c_str());
  float width = text.x, height = text.y;
  if (!kind.empty()) {
    const ImVec2 second = ImGui::CalcTextSize(kind.c_str());
    width = std::max(width, second.x);
    height += second.y;
  }
  draw->AddRectFilled(at, ImVec2(at.x + width + 2 * pad.x, at.y + height + 2 * pad.y),
                      IM_COL32(10, 11, 14, 180), 3.0f);
  draw->AddText(ImVec2(at.x + pad.x, at.y + pad.y), palette::kTickLabel, line.c_str());
  if (!kind.empty())
    draw->AddText(ImVec2(at.x + pad.x, at.y + pad.y + text.y), colour, kind.c_str());

  // Paused: the trainer evaluates D over a new view only when it publishes again.
  const train::PlaneRect& v = snapshot.plane.view;
  const double span = std::max(frame.x1 - frame.x0, frame.y1 - frame.y0);
  const bool stale = std::fabs(v.x0 - frame.x0) + std::fabs(v.x1 - frame.x1) +
                         std::fabs(v.y0 - frame.y0) + std::fabs(v.y1 - frame.y1) >
                     0.02 * span;
  if (snapshot.paused && stale && show_heatmap_) {
    const char* note = "paused: D over this view comes with the next step";
    const ImVec2 size = ImGui::CalcTextSize(note);
    const ImVec2 p(frame.max.x - size.x - 12, frame.min.y + 6);
    draw->AddRectFilled(p, ImVec2(p.x + size.x + 2 * pad.x, p.y + size.y + 2 * pad.y),
                        IM_COL32(10, 11, 14, 180), 3.0f);
    draw->AddText(ImVec2(p.x + pad.x, p.y + pad.y), IM_COL32(255, 214, 77, 255), note);
  }
}

// Under the plot: the colour scale with its ticks, and what is under the cursor.
void PlaneView::draw_footer(train::Session& session, const train::Snapshot& snapshot) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float bar_height = std::round(ImGui::GetFontSize() * 0.7f);
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(avail, footer_height()));
  const ImVec2 origin(top.x, top.y + 2);

  const char* name = scale_.critic ? "critic" : "D(x)";
  const ImVec2 name_size = ImGui::CalcTextSize(name);
  draw->AddText(ImVec2(origin.x, origin.y + (bar_height - name_size.y) * 0.5f), palette::kTickLabel,
                name);
  const float bar_x0 = origin.x + name_size.x + 10;
  // Narrower in Paint mode, where the painted set's buttons share the line.
  const float bar_width = std::clamp(avail * (mode_ == Mode::Paint ? 0.3f : 0.42f), 80.0f, 300.0f);
  const float bar_x1 = bar_x0 + bar_width;
  if (!heatmap_.error().empty()) {
    const std::string text = "heatmap off: " + heatmap_.error();
    draw->PushClipRect(top, ImVec2(top.x + avail, top.y + footer_height()), true);
    draw->AddText(ImVec2(bar_x0, origin.y), ImColor(palette::error_text()), text.c_str());
    draw->PopClipRect();
    if (ImGui::IsMouseHoveringRect(top, ImVec2(top.x + avail, top.y + footer_height())))
      ImGui::SetTooltip("%s", text.c_str());
    return;
  }
  heatmap_.draw_scale(draw, ImVec2(bar_x0, origin.y), ImVec2(bar_x1, origin.y + bar_height));
  draw->AddRect(ImVec2(bar_x0 - 1, origin.y - 1), ImVec2(bar_x1 + 1, origin.y + bar_height + 1),
                palette::kPlotBorder);
  draw_scale_labels(draw, ImVec2(bar_x0, origin.y), ImVec2(bar_x1, origin.y + bar_height),
                    snapshot);

  // Right of the scale: in Paint mode the painted set's actions; else the cursor's position
  // and D there, or how to drive the view.
  if (mode_ == Mode::Paint) {
    painter_.draw_actions(session, ImVec2(bar_x1 + 16, top.y),
                          ImVec2(top.x + avail, top.y + footer_height()));
    return;
  }
  char status[160];
  const float d = mouse_in_plot_ ? d_at(snapshot, mouse_x_, mouse_y_) : NAN;
  if (mouse_in_plot_ && std::isfinite(d))
    std::snprintf(status, sizeof status,
                  scale_.critic ? "x %.3f  y %.3f  critic %.4g" : "x %.3f  y %.3f  D(x) %.3f",
                  mouse_x_, mouse_y_, double(d));
  else if (mouse_in_plot_)
    std::snprintf(status, sizeof status, "x %.3f  y %.3f", mouse_x_, mouse_y_);
  else
    std::snprintf(status, sizeof status, "wheel: zoom \xC2\xB7 drag: pan");
  const ImVec2 status_size = ImGui::CalcTextSize(status);
  const float status_x = std::max(bar_x1 + 16, origin.x + avail - status_size.x);
  if (status_x + status_size.x <= origin.x + avail + 1)
    draw->AddText(ImVec2(status_x, origin.y + (bar_height - status_size.y) * 0.5f),
                  palette::kTickLabel, status);
}

// The footer: 2 px, the colour bar, its tick marks and labels.
float PlaneView::footer_height() {
  return 2 + std::round(ImGui::GetFontSize() * 0.7f) + 3 + ImGui::GetTextLineHeight();
}

void PlaneView::send_view(train::Session& session, const PlotFrame& frame) {
  const train::PlaneRect view{float(frame.x0), float(frame.x1), float(frame.y0), float(frame.y1)};
  const float tolerance = 1e-5f * float(std::max(frame.x1 - frame.x0, frame.y1 - frame.y0));
  const bool changed = !sent_valid_ || std::fabs(view.x0 - sent_.x0) > tolerance ||
                       std::fabs(view.x1 - sent_.x1) > tolerance ||
                       std::fabs(view.y0 - sent_.y0) > tolerance ||
                       std::fabs(view.y1 - sent_.y1) > tolerance;
  const double now = ImGui::GetTime();
  if (!changed || now - sent_at_ < kSendViewSeconds || !view_valid_) return;
  session.set_plane_view(view);
  sent_ = view;
  sent_valid_ = true;
  sent_at_ = now;
  ++views_sent_;
}

}  // namespace ganscope::app
