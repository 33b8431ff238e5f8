// One row of the training history: what metrics.csv holds and the loss plot draws.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace ganscope::train {

// A column this row's game does not have (metrics.csv leaves it empty).
inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// Sample quality of a 2D generator (VEEGAN's definitions, Srivastava et al. 2017): a sample
// is high quality within 3 std of its nearest mode; a mode is captured when at least one
// high-quality sample is nearest to it.
struct QualityStats {
  bool has_modes = false;       // the data is a Gaussian mixture with known centres
  int modes = 0;                // how many the data has
  int modes_captured = 0;
  float high_quality = 0;       // percent of samples
  float reverse_kl = 0;         // KL(samples over modes || uniform), nats
  float kl = 0;                 // KL(real || generated) between 2D histograms, nats
  float js = 0;                 // Jensen-Shannon divergence of the same, nats (<= log 2)
  // Improved precision and recall (metrics/precision_recall.h, k = 3) of 1,000 samples against
  // 1,000 real points: how many samples look real, and how much of the data G covers.
  bool has_precision_recall = false;
  float precision = 0;
  float recall = 0;
};

// Quality of an image generator (train/image_quality.h), on the features of a classifier trained
// on the data: 2,000 of G's images against the test split.
struct ImageQualityStats {
  float fcd = kNoValue;  // the classifier Frechet distance
  // 90% bootstrap band of the distance (its 5th and 95th percentiles over resamples of G's
  // images): a swing between measurements that stays inside it may be sampling noise.
  float fcd_low = kNoValue, fcd_high = kNoValue;
  float precision = kNoValue, recall = kNoValue;  // metrics/precision_recall.h, k = 3
  // How many classes G's images spread over: exp of the entropy of the classifier's labels of
  // them (10 for an even spread over Fashion-MNIST's 10, 1 for a single class).
  float classes = kNoValue;
};

struct MetricRow {
  std::int64_t step = 0;   // completed G updates (1-based for the row of that update)
  float loss_d = 0;        // D's loss under the objective in use (BCE: mean of real and fake)
  float loss_g = 0;        // G's loss under the objective in use
  // Mean D(x) on the real batch and mean D(G(z)) on the fake batch, before D's update, as the
  // objective shows D's output: a probability for the BCE games, else the raw score.
  float d_real = 0;
  float d_fake = 0;
  float grad_norm_d = 0;   // L2 norm of D's parameter gradient at its last update
  float grad_norm_g = 0;   // L2 norm of G's parameter gradient
  float lr_d = 0;
  float lr_g = 0;
  double seconds = 0;      // training time since the run began
  // E[D(x)] - E[D(G(z))] = d_real - d_fake when the objective is a Wasserstein critic (an
  // estimate of the distance, up to the critic's Lipschitz constant); kNoValue otherwise.
  float wasserstein = kNoValue;
  // The gradient penalties' term of loss_d (WGAN-GP's lambda E[(|grad| - 1)^2], R1's), summed;
  // kNoValue when none is on.
  float penalty = kNoValue;
  // StyleGAN2-ADA's overfitting heuristic r_t = E[sign(D's logit)] over the last real batch:
  // near 0 while D cannot tell real from fake, near 1 when it is sure of every training
  // image. kNoValue for a Wasserstein critic, whose score has no meaningful zero.
  float r_t = kNoValue;
  // D on examples it trains on and on real ones kept from training (data/training_split.h):
  // the mean D of kHeldoutSamples of each, as d_real shows D, and d_seen - d_heldout, their
  // gap, which grows as D memorises its training set. Measured every kHeldoutEvery steps
  // (has_heldout on that step's row; the rows after carry the values, for the plots);
  // kNoValue when the run holds nothing out.
  bool has_heldout = false;
  float d_seen = kNoValue;
  float d_heldout = kNoValue;
  float heldout_gap = kNoValue;
  // D on G's fakes of the grid's latents, measured with the two above and as they are (D in
  // evaluation mode): the scale the gap is read against (run_health.h's "D overfits").
  float d_probe_fake = kNoValue;
  // Sample quality when it was measured at this step (2D data: train measures it every 100
  // steps and at the last). Kept with the row so that the checkpoint's history holds it and
  // metrics.csv rows rebuilt from that history equal the ones first written.
  bool has_quality = false;
  QualityStats quality;
  // Image runs: quality when it was measured at this step (train every --fcd-every steps, the
  // window every 1,000 or on request).
  bool has_image_quality = false;
  ImageQualityStats image_quality;
  // An alarm raised at this step (train/run_health.h: 1 + its index in alarm_names()), or 0.
  std::uint8_t alarm = 0;
};

// A setting changed at a step: the plots draw a vertical mark there.
struct ChangeMark {
  std::int64_t step = 0;
  std::string what;  // e.g. "lr_d 0.0002 -> 0.001"
};

}  // namespace ganscope::train
