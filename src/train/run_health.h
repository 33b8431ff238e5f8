// Run health: has a run broken without a NaN? Pure functions over what the trainer already
// publishes (the recent history rows and a snapshot), so that the window can say what is wrong
// and what to try. An empty string means healthy, or too early to tell.
//
// The signs, each measured on the presets' normal runs (ring, spiral, grid25, ring_collapse,
// mlp: none comes near a threshold after its first few hundred steps) and on runs broken on
// purpose (ring with lr_d or lr_g 0.1, with and without the minimax loss):
//   - D has won: over the last kHealthWindow steps D(G(z)) stayed near 0 and G's gradient
//     collapsed. (Healthy runs: max D(G(z)) >= 0.3 in every window, median |grad G| >= 0.05.)
//   - G's gradient is zero: D is flat where the fakes are (its units there are dead), so
//     nothing moves G, whatever D(G(z)) is.
//   - 2D data: nearly every fake is far from every real point and the push on them is ~0; or
//     every fake is in one place (G collapsed to a point).
//   - Images: G's grid is noise (neighbouring pixels uncorrelated), saturated, or blank.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/hyper.h"
#include "train/metrics_row.h"
#include "train/snapshot.h"

namespace ganscope::train {

// How many recent steps a sign must hold for, and the step before which no warning is given
// (G's first grid is noise by construction, and the first steps are D's to win).
constexpr std::size_t kHealthWindow = 500;
constexpr std::int64_t kHealthWarmupSteps = 1000;

// The history's signs over its last kHealthWindow rows (fewer rows: healthy).
std::string history_warning(const std::vector<MetricRow>& rows, const Hyper& hyper);

// 2D: fakes and pushes as (x, y) pairs, and a sample of the real data.
struct PlaneHealth {
  float far_share = 0;     // fakes farther than kFarFromData data scales from every real point
  float median_push = 0;   // median |push| times the data's scale: the loss's change over it
  float data_scale = 0;    // RMS distance of the real points from their mean
  float spread = 1;        // the fakes' RMS distance from their mean, in data scales
};
PlaneHealth measure_plane(const std::vector<float>& fakes, const std::vector<float>& push,
                          const std::vector<float>& real);
std::string plane_warning(const PlaneHealth& health, const Hyper& hyper);

// Images: count images of rows x cols pixels, 0..255, one after another.
struct ImageHealth {
  float neighbour_correlation = 1;  // of horizontally and vertically adjacent pixels
  float saturated_share = 0;        // pixels at 0 or 255
  float blank_share = 0;            // images whose pixels hardly vary (std < 2 levels)
};
ImageHealth measure_images(const std::vector<std::uint8_t>& pixels, int count, int rows, int cols);
std::string image_warning(const ImageHealth& health, const Hyper& hyper);

// Collapse suspected (train/coverage_watch.h), with what to try.
std::string coverage_warning(const CoverageSign& sign);

// The first warning that applies to the snapshot and the recent rows, or "".
std::string run_health_warning(const Snapshot& snapshot, const std::vector<MetricRow>& recent);

// The lesson (assets/lessons/) that shows what a warning of the functions above is about and
// why the advice helps, e.g. "2-saturating-loss" for "D has won"; nullptr for "" or text
// that is not one of theirs.
const char* lesson_for_warning(const std::string& warning);

// Alarms: each kind of warning above (and the divergence guard's) by a short name, which
// metrics.csv's alarm column, the checkpoint and the plots' marks use, e.g. "d-won".
// MetricRow::alarm holds 1 + its index in alarm_names(), or 0.
const std::vector<const char*>& alarm_names();
int alarm_of_warning(const std::string& warning);  // 0 for "" or a text of none of them
int alarm_named(const std::string& name);          // 0 for a name that is none of them
int diverging_alarm();                             // the divergence guard's

// Turns a run's warnings into alarms to mark: a kind is raised when its warning appears, and
// again only once it has been gone (or another kind has held) for kHealthWindow steps, so
// a warning that flickers at its threshold marks the plots once.
class AlarmRaiser {
 public:
  // The alarm to mark at step for the warning that holds there, or 0.
  int update(std::int64_t step, const std::string& warning);
  // Starts afresh (a new run, or a checkpoint from before alarms, whose rows have none).
  void forget();
  // For checkpoints: the last step each kind's warning held, by name.
  std::string state() const;
  void set_state(const std::string& state);

 private:
  std::vector<std::int64_t> last_seen_;  // per kind: the last step its warning held, or -1
};

}  // namespace ganscope::train
