#include "train/run_health.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace ganscope::train {

namespace {

// D has won: D(G(z)) below this on every step of the window, with G's median gradient below
// kCollapsedGradG. Healthy runs stay above 0.3 and 0.05.
constexpr float kDFakeWon = 0.05f;
constexpr float kCollapsedGradG = 1e-2f;
// No gradient at all: dead units (exactly 0 in the runs measured; healthy medians >= 0.05).
constexpr float kZeroGradG = 1e-5f;
// 2D: a fake is far when no real point is within this many data scales of it; the run is
// broken when this share of the fakes is far and the median push (the loss's change over one
// data scale) is below kNoPush.
constexpr float kFarFromData = 0.5f;
constexpr float kFarShare = 0.9f;
constexpr float kNoPush = 1e-3f;
// G has collapsed to a point: its points' RMS spread below this share of the data's.
constexpr float kCollapsedSpread = 0.03f;
// Images: natural images' neighbouring pixels correlate at 0.8-0.95; noise at ~0.
constexpr float kNoiseCorrelation = 0.2f;
constexpr float kSaturatedShare = 0.95f;
constexpr float kBlankShare = 0.9f;
constexpr float kBlankStd = 2.0f;  // grey levels

// D overfits: on each of the last kOverfitMeasurements held-out measurements, held-out real
// images score at least kOverfitShare of the way from the training images' score down to the
// fakes'. (Fashion-MNIST, mlp, 8,000 steps: the whole training set stays under 0.1; 200
// training images pass 0.3 from step ~3,000 on: lesson 5.)
constexpr float kOverfitShare = 0.3f;
constexpr int kOverfitMeasurements = 3;

float median(std::vector<float> v) {
  if (v.empty()) return 0;
  const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// What to try, for a run that will not mend by itself: the loss that keeps G's gradient when
// D wins, the learning rate that is out of step, and new weights.
std::string advice(const Hyper& h) {
  std::string tries = "Try ";
  // Minimax's G loss saturates exactly when D wins: the non-saturating one is the cure.
  if (h.objective == &objective_from_string("minimax")) tries += "the non-saturating objective and ";
  tries += h.lr_g > 2 * h.lr_d ? "a lower lr G" : "a lower lr D";
  return tries + ", then Reset (new weights).";
}

template <typename... Args>
std::string format(const char* pattern, Args... args) {
  char text[320];
  std::snprintf(text, sizeof text, pattern, args...);
  return text;
}

// RMS distance of the finite (x, y) pairs from their mean.
float rms_spread(const std::vector<float>& xy) {
  double mx = 0, my = 0, n = 0;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
    if (std::isfinite(xy[i]) && std::isfinite(xy[i + 1])) mx += xy[i], my += xy[i + 1], n += 1;
  if (n == 0) return 0;
  mx /= n, my /= n;
  double ms = 0;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
    if (std::isfinite(xy[i]) && std::isfinite(xy[i + 1]))
      ms += (xy[i] - mx) * (xy[i] - mx) + (xy[i + 1] - my) * (xy[i + 1] - my);
  return float(std::sqrt(ms / n));
}

}  // namespace

// The share of the way from D's score on training images to its score on fakes at which it
// scores held-out real images: 0 for a D that generalises, 1 for one that takes them for fakes.
float overfit_share(const MetricRow& r) {
  const float spread = r.d_seen - r.d_probe_fake;
  return spread > 0 ? r.heldout_gap / spread : 0.0f;
}

std::string overfit_warning(const std::vector<MetricRow>& rows) {
  int measured = 0;
  float least = 1;
  for (auto r = rows.rbegin(); r != rows.rend() && measured < kOverfitMeasurements; ++r) {
    if (!r->has_heldout) continue;
    ++measured;
    least = std::min(least, std::isfinite(r->heldout_gap) ? overfit_share(*r) : 0.0f);
  }
  if (measured < kOverfitMeasurements || least < kOverfitShare) return "";
  const MetricRow& last = *std::find_if(rows.rbegin(), rows.rend(),
                                        [](const MetricRow& r) { return r.has_heldout; });
  return format("D overfits: it scores real images it has not trained on %.2f, against %.2f "
                "for its training images (%.0f%% of the way to the fakes' %.2f), so it has "
                "learnt its training set rather than the data. Try more data, fewer D steps or "
                "a lower lr D, instance noise or R1. ",
                double(last.d_heldout), double(last.d_seen), 100.0 * overfit_share(last),
                double(last.d_probe_fake));
}

std::string history_warning(const std::vector<MetricRow>& rows, const Hyper& hyper) {
  if (rows.size() < kHealthWindow) return overfit_warning(rows);
  const auto first = rows.end() - std::ptrdiff_t(kHealthWindow);
  float max_fake = 0;
  std::vector<float> grad_g;
  grad_g.reserve(kHealthWindow);
  for (auto r = first; r != rows.end(); ++r) {
    // A NaN is the divergence guard's business; here it only keeps the sign from holding.
    max_fake = std::max(max_fake, std::isfinite(r->d_fake) ? r->d_fake : 1.0f);
    grad_g.push_back(std::isfinite(r->grad_norm_g) ? r->grad_norm_g : 1.0f);
  }
  const float g = median(grad_g);
  const double steps = double(kHealthWindow);
  // D(G(z)) is a probability only in the bounded games: a critic's raw score below 0.05 says
  // nothing about who has won (a WGAN-GP critic's fakes sit at -1 in healthy runs).
  if (hyper.objective->bounded && max_fake < kDFakeWon && g < kCollapsedGradG)
    return format("D has won: D(G(z)) has stayed below %.2f for %.0f steps and G's gradient has "
                  "collapsed (median |grad G| %.1e), so G no longer learns. ",
                  double(kDFakeWon), steps, double(g)) +
           advice(hyper);
  if (g < kZeroGradG)
    return format("G gets no gradient: |grad G| has been about 0 for %.0f steps (D is flat "
                  "where the fakes are, its units there dead), so nothing moves G. ",
                  steps) +
           advice(hyper);
  return overfit_warning(rows);
}

PlaneHealth measure_plane(const std::vector<float>& fakes, const std::vector<float>& push,
                          const std::vector<float>& real) {
  PlaneHealth h;
  std::vector<float> rx, ry;
  for (std::size_t i = 0; i + 1 < real.size(); i += 2)
    if (std::isfinite(real[i]) && std::isfinite(real[i + 1])) {
      rx.push_back(real[i]);
      ry.push_back(real[i + 1]);
    }
  if (rx.empty()) return h;
  h.data_scale = rms_spread(real);
  if (!(h.data_scale > 0)) return h;

  const float far2 = (kFarFromData * h.data_scale) * (kFarFromData * h.data_scale);
  int far = 0, counted = 0;
  std::vector<float> pushes;
  for (std::size_t i = 0; i + 1 < fakes.size(); i += 2) {
    const float x = fakes[i], y = fakes[i + 1];
    // A fake that is not finite is as far off as a fake can be.
    bool is_far = true;
    if (std::isfinite(x) && std::isfinite(y))
      for (std::size_t k = 0; k < rx.size() && is_far; ++k)
        is_far = (rx[k] - x) * (rx[k] - x) + (ry[k] - y) * (ry[k] - y) > far2;
    far += is_far;
    ++counted;
    if (i + 1 < push.size()) {
      const float m = std::hypot(push[i], push[i + 1]);
      pushes.push_back(std::isfinite(m) ? m : 0.0f);
    }
  }
  h.far_share = counted ? float(far) / float(counted) : 0;
  h.spread = rms_spread(fakes) / h.data_scale;
  h.median_push = median(pushes) * h.data_scale;
  return h;
}

std::string plane_warning(const PlaneHealth& health, const Hyper& hyper) {
  if (health.data_scale <= 0) return "";
  if (health.spread < kCollapsedSpread)
    return format("G has collapsed: all its points lie within %.2g of one place, where the data "
                  "spreads over %.2f. ",
                  double(health.spread * health.data_scale), double(health.data_scale)) +
           advice(hyper);
  if (health.far_share < kFarShare || health.median_push >= kNoPush) return "";
  return format("G's points are far off the data (%.0f%% of them) and nothing pushes them back "
                "(|push| about 0): D has stopped telling G which way to go. ",
                100.0 * health.far_share) +
         advice(hyper);
}

ImageHealth measure_images(const std::vector<std::uint8_t>& pixels, int count, int rows,
                           int cols) {
  ImageHealth h;
  const std::size_t size = std::size_t(rows) * std::size_t(cols);
  if (count <= 0 || rows < 2 || cols < 2 || pixels.size() < size * std::size_t(count)) return h;
  // Pearson correlation over every pair of horizontally or vertically adjacent pixels.
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, pairs = 0;
  auto pair = [&](double a, double b) {
    sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b, pairs += 1;
  };
  std::size_t saturated = 0;
  int blank = 0;
  for (int n = 0; n < count; ++n) {
    const std::uint8_t* image = pixels.data() + size * std::size_t(n);
    double sum = 0, sum2 = 0;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const double v = image[r * cols + c];
        sum += v, sum2 += v * v;
        saturated += v == 0 || v == 255;
        if (c + 1 < cols) pair(v, image[r * cols + c + 1]);
        if (r + 1 < rows) pair(v, image[(r + 1) * cols + c]);
      }
    const double mean = sum / double(size);
    blank += std::sqrt(std::max(0.0, sum2 / double(size) - mean * mean)) < kBlankStd;
  }
  const double cov = sab / pairs - (sa / pairs) * (sb / pairs);
  const double va = saa / pairs - (sa / pairs) * (sa / pairs);
  const double vb = sbb / pairs - (sb / pairs) * (sb / pairs);
  // Flat images have no variance: they read as perfectly correlated, and as blank.
  h.neighbour_correlation = va > 1e-9 && vb > 1e-9 ? float(cov / std::sqrt(va * vb)) : 1.0f;
  h.saturated_share = float(double(saturated) / double(size * std::size_t(count)));
  h.blank_share = float(blank) / float(count);
  return h;
}

std::string image_warning(const ImageHealth& health, const Hyper& hyper) {
  if (health.blank_share >= kBlankShare)
    return format("G's images are blank (%.0f%% of them a single grey level): G has collapsed "
                  "to a constant. ",
                  100.0 * health.blank_share) +
           advice(hyper);
  if (health.neighbour_correlation >= kNoiseCorrelation) return "";
  if (health.saturated_share >= kSaturatedShare)
    return format("G's images are saturated noise (%.0f%% of pixels black or white, neighbours "
                  "uncorrelated at %.2f): no shapes left. ",
                  100.0 * health.saturated_share, double(health.neighbour_correlation)) +
           advice(hyper);
  return format("G's images have gone to noise (neighbouring pixels correlate at %.2f): no "
                "shapes left. ",
                double(health.neighbour_correlation)) +
         advice(hyper);
}

std::string coverage_warning(const CoverageSign& sign) {
  if (!sign.suspected) return "";
  const std::string tries =
      "Try packing 2 (a D that judges pairs sees that G's repeat a mode), or a gradient "
      "penalty (r1, wgan-gp), or Reset. ";
  if (sign.images)
    return format("Collapse suspected: G's images fall in %.1f classes' worth (the classifier's "
                  "labels, as an effective number), down from %.1f: its variety is narrowing. ",
                  double(sign.now), double(sign.best)) +
           tries;
  if (sign.best - sign.now >= CoverageWatch::kMinFall && sign.now <= CoverageWatch::kFallShare * sign.best)
    return format("Collapse suspected: G's samples cover %.0f of the %d modes, down from %.0f: "
                  "it is dropping modes. ",
                  double(sign.now), sign.of, double(sign.best)) +
           tries;
  return format("Collapse suspected: after %lld steps G's samples cover only %.0f of the %d "
                "modes. ",
                (long long)sign.step, double(sign.now), sign.of) +
         tries;
}

std::string run_health_warning(const Snapshot& s, const std::vector<MetricRow>& recent) {
  if (s.step < kHealthWarmupSteps) return "";
  std::string warning = history_warning(recent, s.hyper);
  if (!warning.empty()) return warning;
  // A colour image's planes are measured as one tall grey image (CHW): a plane's edge pairs
  // with the next plane's first row, one pair in cols * rows.
  warning = s.images
                ? image_warning(measure_images(s.grid_pixels, s.grid_count, s.channels * s.rows, s.cols), s.hyper)
                : plane_warning(measure_plane(s.grid_points, s.plane.fake_push, s.plane.real_points), s.hyper);
  return warning.empty() ? coverage_warning(s.coverage) : warning;
}

namespace {

// Each warning's opening words, as the functions above write them, its alarm's name and its
// lesson.
struct Sign {
  const char* opening;
  const char* alarm;
  const char* lesson;
};
const std::vector<Sign>& signs() {
  static const std::vector<Sign> kSigns = {
      {"D has won", "d-won", "2-saturating-loss"},  // G's gradient vanishes while D wins
      {"D overfits", "d-overfits", "5-d-overfits"},
      {"G gets no gradient", "no-gradient", "6-why-wasserstein"},  // a D that gives no direction
      {"G has collapsed", "collapsed", "3-mode-collapse"},
      {"G's points are far off the data", "far-off", "6-why-wasserstein"},
      {"Collapse suspected", "collapse-suspected", "3-mode-collapse"},
      {"G's images are blank", "blank", "3-mode-collapse"},
      {"G's images are saturated noise", "saturated", "4-instability"},
      {"G's images have gone to noise", "noise", "4-instability"},
      {"training diverged", "diverging", "4-instability"},  // the divergence guard's, not a text
  };
  return kSigns;
}

}  // namespace

const char* lesson_for_warning(const std::string& warning) {
  const int kind = alarm_of_warning(warning);
  return kind ? signs()[std::size_t(kind - 1)].lesson : nullptr;
}

const std::vector<const char*>& alarm_names() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> out;
    for (const Sign& sign : signs()) out.push_back(sign.alarm);
    return out;
  }();
  return names;
}

int alarm_of_warning(const std::string& warning) {
  for (std::size_t i = 0; i < signs().size(); ++i)
    if (warning.rfind(signs()[i].opening, 0) == 0) return int(i + 1);
  return 0;
}

int alarm_named(const std::string& name) {
  for (std::size_t i = 0; i < signs().size(); ++i)
    if (name == signs()[i].alarm) return int(i + 1);
  return 0;
}

int diverging_alarm() { return alarm_named("diverging"); }

int AlarmRaiser::update(std::int64_t step, const std::string& warning) {
  last_seen_.resize(signs().size(), -1);
  const int kind = alarm_of_warning(warning);
  if (kind == 0) return 0;
  std::int64_t& seen = last_seen_[std::size_t(kind - 1)];
  const bool fresh = seen < 0 || step < seen || step - seen > std::int64_t(kHealthWindow);
  seen = step;
  return fresh ? kind : 0;
}

void AlarmRaiser::forget() { last_seen_.assign(signs().size(), -1); }

std::string AlarmRaiser::state() const {
  std::string s;
  for (std::size_t i = 0; i < last_seen_.size(); ++i)
    if (last_seen_[i] >= 0) s += std::string(signs()[i].alarm) + " " + std::to_string(last_seen_[i]) + "\n";
  return s;
}

// Names this build does not know (a newer one's) are passed over.
void AlarmRaiser::set_state(const std::string& state) {
  forget();
  std::istringstream in(state);
  std::string name;
  long long step = 0;
  while (in >> name >> step)
    if (const int kind = alarm_named(name)) last_seen_[std::size_t(kind - 1)] = step;
}

}  // namespace ganscope::train
