// Trainer: G, D, their optimizers and the data, stepped on whichever thread owns it (the
// Session's thread in the GUI, the main thread in headless commands). Not thread-safe by
// design: one owner, plus History, which other threads may read.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "nn/class_projection.h"
#include "nn/optim.h"
#include "nn/rng.h"
#include "nn/sequential.h"
#include "train/conditioning.h"
#include "train/config.h"
#include "train/coverage_watch.h"
#include "train/gradient_penalty.h"
#include "train/generator_copy.h"
#include "train/generator_ema.h"
#include "train/history.h"
#include "train/layer_stats.h"
#include "train/network_builder.h"  // build_network
#include "train/run_health.h"       // AlarmRaiser
#include "train/snapshot.h"

namespace ganscope::train {

class CheckpointReader;

// Both: d_steps D updates then one G update (a full GAN step). DOnly / GOnly: one half, for
// stepping through the game by hand: D's half then G's (or G's then D's) make one step, which
// then counts in the history; D's half then G's is exactly one Both step (G reuses D's fakes).
enum class StepKind { Both, DOnly, GOnly };

class Trainer {
 public:
  // data may be null: such a trainer can load a checkpoint and generate, not train. heldout,
  // real examples of the data's kind kept from training, may be null (nothing held out).
  // Without data, saved_shape is one sample's shape {channels, rows, cols} as a checkpoint
  // records it (data_shape), so that D is rebuilt as it was trained; {} guesses from G.
  Trainer(const Config& cfg, std::unique_ptr<data::Dataset> data,
          std::unique_ptr<data::Dataset> heldout = nullptr, const SampleShape& saved_shape = {});
  // Opens cfg.data and builds the trainer.
  static std::unique_ptr<Trainer> open(const Config& cfg);

  // One GAN step: d_steps D updates (each on a real batch and G(z) for fresh z), then one G
  // update through the updated D, reusing the last fake batch.
  void step(StepKind kind = StepKind::Both);
  // One whole step (one D update, then G's) on given real samples and latents, (features, B)
  // and (latent_dim, B) like the models' own matrices, instead of the run's random draws:
  // the golden test feeds PyTorch and ganscope the same numbers. Returns the step's metrics.
  // penalty_mix (1, batch), when given, is the interpolation eps per sample that WGAN-GP
  // would draw (so that a golden test can give PyTorch the same).
  MetricRow step_on(const nn::MatF& real, const nn::MatF& z,
                    const nn::MatF* penalty_mix = nullptr);
  // New weights and optimizer state from a new seed, and a new run identity (a new run); the
  // fixed latents are kept.
  void reset();

  const Config& config() const { return cfg_; }
  // The models themselves, for tests that set their weights (the golden step). Other threads
  // never touch them: the UI works on copies (copy_generator).
  nn::Sequential<float>& generator_net() { return g_; }
  nn::Sequential<float>& discriminator_net() { return d_; }
  const Hyper& hyper() const { return cfg_.hyper; }
  // Takes effect at the next step; optimizer moments are kept, unless the optimizer itself
  // changes: the new one starts from zero moments (the mark says so). Marks the change in History;
  // with mark false (a slider still being dragged) the change applies unmarked, and the next
  // marked one records everything since the last mark as one change. A change of D's variant
  // (spectral_norm, packing: train/d_variant.h) builds a new D with fresh weights and a fresh
  // optimizer; G and its optimizer stay. Throws ConfigError (changing nothing) for a bad value.
  void set_hyper(const Hyper& h, bool mark = true);
  // How many times D has been built anew (a variant switched, a checkpoint loaded): the
  // window's layer table follows it.
  std::uint64_t d_builds() const { return d_builds_; }
  // G's average (train/generator_ema.h) exists while ema_beta > 0. With use_ema on, every
  // output of G this trainer shows or gives (the snapshot's grid, plane and quality,
  // copy_generator, generate) comes from the average instead of G; training is unchanged.
  bool has_ema() const { return ema_.active(); }
  void set_use_ema(bool on) { use_ema_ = on; }
  bool using_ema() const { return use_ema_ && ema_.active(); }
  // A conditional grid's view: -1 one row per class with the same latents down each column,
  // else every cell class `label`, each from latents of its own. Training is unchanged.
  void set_grid_class(int label);
  int grid_class() const { return grid_class_; }
  std::int64_t steps() const { return step_; }
  // The half of the step in progress that has run (DOnly or GOnly), or Both between steps.
  StepKind half_done() const { return half_done_; }
  const MetricRow& last() const { return last_; }
  // Attaches sample quality measured after the last step to that step's row (last() and the
  // history), so that checkpoints keep it. Headless and window runs record it every
  // kQualityEvery steps; the modes captured feed the collapse watch (train/coverage_watch.h).
  static constexpr int kQualityEvery = 100;
  void record_quality(const QualityStats& q);
  // The same for an image run's quality (train/image_quality.h).
  void record_image_quality(const ImageQualityStats& q);
  // 2D mixtures: whether G covers fewer of the modes than it did, from the recorded quality.
  CoverageSign mode_coverage() const { return mode_watch_.sign(); }
  // Marks an alarm (train/run_health.h's kinds) on the last step's row, as record_quality does.
  void record_alarm(int kind);
  // The run's health warning now (run_health_warning, ""): marks its alarm when it starts a
  // new episode (AlarmRaiser, whose state the checkpoint keeps); returns whether it did.
  bool note_warning(const std::string& warning);
  // This run's identity (train/run_id.h): new for each Trainer and at reset(), restored by
  // load(). A checkpoint of before identities gets a new one; set_run_id adopts another.
  const std::string& run_id() const { return run_id_; }
  void set_run_id(const std::string& id);
  History& history() { return history_; }
  const History& history() const { return history_; }
  const data::Dataset* dataset() const { return data_.get(); }
  const data::Dataset* heldout() const { return heldout_.get(); }
  // How often and on how many examples a side D is scored on the held-out and the training
  // examples (MetricRow::d_seen, d_heldout). By count, not measured: dcgan's D forward is
  // about 13 MFLOP an image, so 512 images (plus 64 fakes) every 100 steps are under 1% of
  // those steps' 944 GFLOP. The passes run in batch-wide chunks and allocate nothing.
  static constexpr int kHeldoutEvery = 100;
  static constexpr int kHeldoutSamples = 256;
  int output_dim() const { return out_dim_; }

  // What a snapshot (train/snapshot_builder.h) reads, besides the calls below: the grid's
  // latents as shown (latent_dim each, without a conditional G's label rows) and their
  // classes, and one sample's shape {channels, rows, cols} as built.
  std::vector<float> grid_latents() const;
  const std::vector<int>& grid_sample_labels() const { return shown_grid_labels(); }
  const SampleShape& sample_shape() const { return sample_shape_; }
  // 2D: where G's loss pushes each of n points x (2 x n, column-major), -n dL_G/dx through D
  // (G then follows it through its own weights), with D in evaluation mode.
  std::vector<float> generator_push(const float* x, int n);
  // G as shown (G's average when using_ema) on n given latents (latent_dim x n), in
  // evaluation mode: an unconditioned G's image of chosen points, e.g. the plane's manifold.
  std::vector<float> generate_at(const float* z, int n);
  // The grid alone (G on the fixed latents as shown, D's scores of them) at this step: what a
  // headless run keeps every GridFrameStore::kFrameEvery steps for its timelapse.
  GridFrame grid_frame();
  std::shared_ptr<const GeneratorCopy> copy_generator();
  // Swaps the training data for another set of the same shape (the 2D playground's painted
  // points); training goes on with the new data from the next step. Throws ConfigError on a
  // shape mismatch or an empty set.
  void replace_data(std::unique_ptr<data::Dataset> data);
  // n samples from G for latents drawn with seed: n * output_dim() floats in G's range. A
  // conditional G makes the classes in turn (sample i of class i mod classes()), or with
  // label >= 0 that class only (generate_each's label likewise).
  std::vector<float> generate(int n, std::uint64_t seed);
  // The same from latents drawn with r, which goes on from there: generate(a, r) then
  // generate(b, r) gives what generate(a + b, seed) gives, in pieces.
  std::vector<float> generate(int n, nn::Rng& r);
  // The same samples without holding them all: each(outputs, m) gets them in order, m <= 1024
  // at a time (output_dim() x m floats, column-major), valid only during the call.
  void generate_each(int n, std::uint64_t seed, const std::function<void(const float*, int)>& each,
                     int label = -1);
  void generate_each(int n, nn::Rng& r, const std::function<void(const float*, int)>& each,
                     int label = -1);
  // For 2D data: modes captured, high-quality share and divergences on 2,500 samples.
  // precision_recall false leaves them out (has_precision_recall false): they cost O(n^2).
  QualityStats measure_quality(bool precision_recall = true);
  // D(x) for n inputs of output_dim() floats each, as the objective shows D's output (a
  // probability for the BCE games, the raw score for critics).
  // A conditional D needs the samples' labels (n of them).
  std::vector<float> discriminate(const float* x, int n, const int* labels = nullptr);
  // Class conditioning (train/conditioning.h): 0 classes for an unconditioned GAN.
  int classes() const { return cond_.classes; }
  const std::vector<std::string>& class_names() const { return cfg_.class_names; }
  // GEMM flops of one step (2 per multiply-add), counted as bench/torch_reference.py does.
  double flops_per_step() const;
  // G's and D's layers, each with its output shape per sample and its parameter count: the
  // UI's model table. The first row of each network is its input ("z" or "x").
  std::vector<LayerSummary> layer_summaries() const;
  // G's layers with parameters, then D's: each one's gradient norm at its network's last
  // update and its weight's spectral norm, after `iterations` more power iterations each
  // (train/layer_stats.h). Changes no network: training goes on exactly as without it.
  std::vector<LayerStat> layer_stats(int iterations = 1);

  // Checkpoints hold everything needed to continue bit-for-bit (see checkpoint.h).
  void save(const std::string& path) const;
  void load(const std::string& path);
  // From a checkpoint already read (ganscope sample reads its config first): path names it.
  void load(const CheckpointReader& reader, const std::string& path);
  // The same in memory. Without history the state is small enough to keep every few hundred
  // steps; deserialize then keeps the history up to the restored step.
  std::string serialize(bool with_history) const;
  void deserialize(const std::string& bytes, const std::string& source);

  // Divergence guard: after each step the losses and gradient norms are checked; NaN, Inf or
  // a loss above kExplodingLoss marks the run diverged (steps still run if asked; the Session
  // pauses). Every good_state_interval steps a finite state is kept in memory to roll back to.
  static constexpr float kExplodingLoss = 1e4f;
  bool diverged() const { return !divergence_.empty(); }
  const std::string& divergence() const { return divergence_; }
  std::int64_t good_step() const { return good_state_.empty() ? -1 : good_step_; }
  // That state, serialize(false) at good_step(): a state to keep of that step without
  // serialising it again (train/state_store.h).
  const std::string& good_state() const { return good_state_; }
  // Restores the last good state; returns false when there is none.
  bool rollback();
  void set_good_state_interval(int steps) { good_state_interval_ = steps; }
  // Test hook: poisons one weight of G with NaN, as a numerical blow-up would.
  void inject_nan_for_test();

 private:
  // Refuses (ConfigError) a batch whose step would not fit in memory (data/memory_budget.h).
  void check_memory(int batch) const;
  void check_memory(int batch, double params, double values_per_sample) const;
  // What check_memory counts for G and a D of this plan: parameters, and values per sample
  // (D's forward and backward run on the real and on the fake packs).
  double memory_params(const NetworkPlan& d_plan) const { return g_plan_.params + d_plan.params; }
  double memory_values(const NetworkPlan& d_plan, int packing) const {
    return g_plan_.values_per_sample + 2 * d_plan.values_per_sample / packing + cfg_.latent_dim +
           out_dim_;
  }
  // New optimizers of that kind for G and D, from zero moments.
  void make_optimizers(nn::OptimizerKind kind);
  // load and deserialize: checks everything in r, then replaces the state.
  void restore(const CheckpointReader& r, const std::string& path);
  void init_weights(std::uint64_t seed);
  // trainer_d.cpp: D's variants, and what the window sees of D and G.
  std::vector<LayerSpec> d_specs(const Hyper& h) const;
  NetworkPlan plan_d(const Hyper& h) const;
  nn::Sequential<float> build_d(const Hyper& h) const;
  void rebuild_d(const Hyper& h);  // a new D and optimizer for h's variant, weights drawn from rng_
  void sync_ema();                 // starts or stops G's average as ema_beta says
  nn::Sequential<float>& shown_g() { return using_ema() ? ema_.net() : g_; }
  // D on each sample alone, however many D packs: with packing m, sample x goes into a pack
  // with m - 1 fixed real samples (the data's first), so the heatmap, the grid's scores and the
  // push arrows keep one value per sample. Returns (1, n) outputs; dx rows [0, F) are x's.
  // A conditional D reads each sample with its label (labels, one per column of x).
  const nn::MatF& d_on_samples(const nn::MatF& x, const int* labels = nullptr);
  // G's input size: the latent, and a conditional G's one-hot label below it.
  int g_inputs() const { return cfg_.latent_dim + cond_.classes; }
  // Conditional: the data's classes into cfg_ and cond_ (ConfigError when it has none).
  void resolve_classes();
  // (A projection D takes the labels into its head here, so this sets them.)
  const nn::MatF& d_input(const nn::MatF& x, const nn::MatF& z, nn::MatF& out);
  nn::ClassProjection<float>& projection_head();  // D's last layer, with cond_.projection
  float add_class_loss(const std::vector<int>& labels);
  nn::OptimizerSettings settings(float lr) const;

  Config cfg_;
  std::unique_ptr<data::Dataset> data_;
  std::unique_ptr<data::Dataset> heldout_;
  nn::MatF heldout_x_, seen_x_;  // the first kHeldoutSamples of each set, gathered once
  nn::MatF probe_x_, probe_z_;   // score_heldout's batch-wide chunks of them and of the latents
  double params_ = 0, values_per_sample_ = 0;  // of G and D together, for check_memory
  int out_dim_ = 0;
  std::string d_input_shape_;  // "1x28x28" or "2": what D sees of one sample (or pack)
  SampleShape d_sample_;       // one sample's shape as D sees it, before packing
  SampleShape sample_shape_;   // one sample's own shape (without label planes), as saved
  NetworkPlan g_plan_;
  nn::Sequential<float> g_, d_;
  std::uint64_t d_builds_ = 0;
  // layer_stats(): the power iterations' vectors, and whether each network has been updated
  // since it was built or loaded (before that its gradients are not of its own update).
  LayerStatsMeter g_stats_, d_stats_;
  bool g_updated_ = false, d_updated_ = false;
  void forget_layer_stats();  // both networks built or loaded anew
  GeneratorEma ema_;
  bool use_ema_ = false;
  std::unique_ptr<nn::Optimizer<float>> opt_g_, opt_d_;
  void check_divergence(const MetricRow& row);
  void sample_latent(nn::MatF& z);
  void draw_batch();
  void update_d(MetricRow& row);
  // The regularisers' gradient penalties on D (gradient_penalty.h) for this D update, added to
  // D's gradients; returns their sum, or kNoValue when none is on.
  float add_penalties(const nn::MatF& real, const nn::MatF& fake);
  // Refuses (ConfigError) a penalty on a D that has a layer without second derivatives.
  void check_penalties(const Hyper& h) const;
  float input_noise() const;
  void add_noise(const nn::MatF& x, float sigma, nn::MatF& out);
  void finish_step(MetricRow& row, std::chrono::steady_clock::time_point t0);
  enum class GFakes { Reuse, Recompute, Fresh };  // where G's update gets its fake batch
  void update_g(MetricRow& row, GFakes fakes);
  // trainer_heldout.cpp: D on the held-out and the seen examples, into row (every kHeldoutEvery).
  void score_heldout(MetricRow& row);

  std::unique_ptr<data::BatchSampler> sampler_;
  nn::Rng rng_;             // latents for training steps
  std::uint64_t reset_count_ = 0;
  std::string run_id_;
  std::int64_t step_ = 0;
  StepKind half_done_ = StepKind::Both;
  bool mark_owed_ = false;  // settings changed unmarked since marked_hyper_
  Hyper marked_hyper_;
  double seconds_ = 0;
  MetricRow last_;
  History history_;
  std::string divergence_;
  AlarmRaiser alarms_;
  CoverageWatch mode_watch_;  // fed by record_quality; rebuilt from the history on restore
  void rewatch_modes();       // mode_watch_ from the history's rows, after a restore
  std::string good_state_;  // serialize(false) of the last finite state
  std::int64_t good_step_ = 0;
  int good_state_interval_ = 100;

  nn::MatF fixed_z_;        // (latent, grid): the sample grid's latents, fixed for the run
  // Step workspaces, reused so that a steady-state step does not allocate.
  std::vector<int> idx_;
  nn::MatF z_, x_real_, dlogits_, dlogits_g_, dfake_, noise_, noisy_fake_;
  nn::MatF packed_real_, packed_fake_, packed_g_, display_packs_, pack_context_;
  nn::MatF penalty_inputs_;
  const nn::MatF* fixed_mix_ = nullptr;  // step_on's penalty_mix, during that step
  GradientPenalty penalty_;
  Conditioning cond_;
  std::vector<int> labels_;       // the batch's labels (conditional)
  std::vector<int> grid_labels_;  // the grid's (conditional; else empty)
  int grid_class_ = -1;           // set_grid_class's; -1: a row per class
  nn::MatF class_grid_z_;         // the grid's input while one class is shown
  std::vector<int> class_grid_labels_;
  const nn::MatF& grid_input() const { return grid_class_ < 0 ? fixed_z_ : class_grid_z_; }
  const std::vector<int>& shown_grid_labels() const { return grid_class_ < 0 ? grid_labels_ : class_grid_labels_; }
  nn::MatF class_logits_, class_grad_;  // the auxiliary classifier's logits and dL/d of them
  nn::MatF dfake_x_, onehot_;     // G's share of D's input gradient; d_on_samples' labels
  std::vector<float> d_real_probs_, d_fake_probs_;
};

}  // namespace ganscope::train
