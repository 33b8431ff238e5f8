#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

#include "data/idx.h"
#include "data/memory_budget.h"
#include "data/training_split.h"
#include "io/pictures.h"
#include "nn/activations.h"
#include "nn/linear.h"
#include "nn/losses.h"
#include "nn/shape.h"
#include "train/checkpoint.h"
#include "train/conditioning.h"
#include "train/d_regulariser.h"
#include "train/d_variant.h"
#include "train/image_data.h"
#include "train/run_health.h"  // diverging_alarm
#include "train/run_id.h"
#include "train/weight_init.h"

namespace ganscope::train {

namespace {

// D's outputs as the objective shows them (probabilities or raw critic values), and their mean.
float mean_shown(const nn::GanObjective& o, const float* s, int n, std::vector<float>& shown) {
  shown.resize(std::size_t(n));
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    shown[std::size_t(i)] = o.shown(s[i]);
    sum += shown[std::size_t(i)];
  }
  return float(sum / n);
}

// E[sign(s)] over n logits (0 counts as 0).
float sign_mean(const float* s, int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += (s[i] > 0) - (s[i] < 0);
  return float(sum) / float(n);
}

// WGAN's Lipschitz constraint, the crude way: every parameter of D into [-c, c].
void clip_weights(nn::Sequential<float>& d, float c) {
  for (const auto& p : d.params()) *p.value = p.value->cwiseMax(-c).cwiseMin(c);
}

}  // namespace

std::unique_ptr<Trainer> Trainer::open(const Config& cfg) {
  if (cfg.data.empty()) throw ConfigError(cfg.name + ": no data given");
  try {
    data::TrainingSplit split = data::split_training_data(
        data::open_dataset(cfg.data, cfg.seed, cfg.data_params, image_folder_options(cfg)), cfg.data, cfg.holdout,
        cfg.train_size);
    return std::make_unique<Trainer>(cfg, std::move(split.train), std::move(split.heldout));
  } catch (const data::DataError& e) {
    if (cfg.data != kFashionMnistDir && cfg.data != fashion_mnist_dir()) throw;
    throw data::DataError(std::string(e.what()) + " (install the Debian package " +
                          kFashionMnistPackage + ")");
  }
}

Trainer::Trainer(const Config& cfg, std::unique_ptr<data::Dataset> data,
                 std::unique_ptr<data::Dataset> heldout, const SampleShape& saved_shape)
    : cfg_(cfg), data_(std::move(data)), heldout_(std::move(heldout)), rng_(cfg.seed * 2 + 1), run_id_(new_run_id()) {
  std::string bad = validate(cfg_.hyper, cfg_.batch);
  if (!bad.empty()) throw ConfigError(cfg_.name + ": " + bad);
  // Kept resolved (checkpoints embed cfg_), so a saved RGB run reloads as RGB without its data.
  resolve_data_channels(cfg_.generator, data_ && data_->images() ? data_->channels() : 1);
  resolve_classes();
  // Planned first, built after: a batch and widths that cannot fit in memory are refused
  // before anything is allocated.
  g_plan_ = plan_network(cfg_.generator, SampleShape{g_inputs()}, "generator");
  const SampleShape& g_out = g_plan_.output;
  const int g_features = int(nn::shape_size(g_out));
  out_dim_ = data_ ? data_->dim() : g_features;
  if (g_features != out_dim_)
    throw ConfigError("generator: ends with " + std::to_string(g_features) +
                      " outputs but the data has " + std::to_string(out_dim_) + " features");
  // D sees images as channels x rows x cols, points as flat features. Without data (a
  // trainer that only loads a checkpoint and samples): the checkpoint's shape, else G's
  // output shape when it is an image, else a square image when the size is one (as
  // `ganscope bench` assumes), else flat.
  SampleShape d_in{out_dim_};
  if (data_ && data_->images() && data_->rows() > 0) {
    d_in = {data_->channels(), data_->rows(), data_->cols()};
  } else if (!data_ && saved_shape.size() == 3 && nn::shape_size(saved_shape) == long(out_dim_)) {
    d_in = saved_shape;
  } else if (!data_) {
    const int side = int(std::lround(std::sqrt(double(out_dim_))));
    if (g_out.size() == 3) d_in = g_out;
    else if (out_dim_ != 2 && side * side == out_dim_) d_in = {1, side, side};
  }
  sample_shape_ = d_in;
  if (cond_.planes()) {
    // The label planes ride as extra channels of an image, extra features of a flat sample.
    cond_.plane = d_in.size() == 3 ? d_in[1] * d_in[2] : 1;
    d_in[0] += cond_.classes;
  }
  d_sample_ = d_in;
  const NetworkPlan d_plan = plan_d(cfg_.hyper);
  params_ = memory_params(d_plan);
  values_per_sample_ = memory_values(d_plan, cfg_.hyper.packing);
  check_memory(cfg_.batch);
  g_ = build_network(cfg_.generator, SampleShape{g_inputs()}, "generator");
  d_ = build_d(cfg_.hyper);
  d_input_shape_ = nn::shape_text(packed_shape(d_in, cfg_.hyper.packing));
  check_penalties(cfg_.hyper);
  make_optimizers(cfg_.hyper.optimizer);
  init_weights(cfg_.seed);
  nn::Rng zr(cfg_.seed ^ 0x9e3779b97f4a7c15ull);
  fixed_z_.resize(g_inputs(), cfg_.grid);
  for (Eigen::Index i = 0; i < fixed_z_.size(); ++i)
    fixed_z_.data()[i] = cfg_.latent == "uniform" ? 2.0f * zr.uniform() - 1.0f : zr.normal();
  if (cond_.on()) {
    // One row of the grid per class, the same latents down each column: what the label alone does.
    grid_labels_ = grid_labels(cfg_.grid, cond_.classes);
    const int side = io::grid_columns(cfg_.grid);  // as the grid is drawn
    for (Eigen::Index i = side; i < fixed_z_.cols(); ++i)
      fixed_z_.col(i).head(cfg_.latent_dim) = fixed_z_.col(i % side).head(cfg_.latent_dim);
    set_onehot(fixed_z_, cfg_.latent_dim, cond_.classes, grid_labels_.data());
  }
  if (data_) sampler_ = std::make_unique<data::BatchSampler>(data_->size(), cfg_.seed + 7);
  z_.resize(g_inputs(), cfg_.batch);
  x_real_.resize(out_dim_, cfg_.batch);
}

void Trainer::set_grid_class(int label) {
  if (!cond_.on() || label >= cond_.classes) label = -1;
  grid_class_ = label;
  if (label < 0) return;
  if (class_grid_z_.cols() != fixed_z_.cols()) {
    // Latents of the run's own (seeded by it, so a reload shows the same cells), independent
    // cell by cell: the row-per-class grid shares them down its columns.
    nn::Rng zr(cfg_.seed ^ 0x6a09e667f3bcc909ull);
    class_grid_z_.resize(fixed_z_.rows(), fixed_z_.cols());
    for (Eigen::Index i = 0; i < class_grid_z_.size(); ++i)
      class_grid_z_.data()[i] = cfg_.latent == "uniform" ? 2.0f * zr.uniform() - 1.0f : zr.normal();
  }
  class_grid_labels_.assign(std::size_t(fixed_z_.cols()), label);
  set_onehot(class_grid_z_, cfg_.latent_dim, cond_.classes, class_grid_labels_.data());
}

void Trainer::resolve_classes() {
  if (!cfg_.conditional) return;
  const int have = data_ ? data_->classes() : cfg_.classes;
  if (data_ && have < 2)
    throw ConfigError(cfg_.name + ": conditional needs class labels, and " + data_->describe() +
                      " has none (IDX label files, or pictures in two or more subfolders)");
  if (data_ && cfg_.classes > 0 && cfg_.classes != have)
    throw ConfigError(cfg_.name + ": the model is conditioned on " + std::to_string(cfg_.classes) +
                      " classes, and " + data_->describe() + " has " + std::to_string(have));
  if (have < 2) throw ConfigError(cfg_.name + ": conditional, with no data to count its classes");
  if (cfg_.hyper.packing != 1) throw ConfigError(cfg_.name + ": conditional and packing do not go together");
  cfg_.classes = have;
  cond_.classes = have;
  cond_.projection = cfg_.conditioning == "projection";
  if (data_) cfg_.class_names = data_->class_names();
  if (cfg_.class_names.size() != std::size_t(have)) {
    cfg_.class_names.clear();
    for (int k = 0; k < have; ++k) cfg_.class_names.push_back(std::to_string(k));
  }
  if (heldout_ && heldout_->classes() != have) heldout_.reset();  // D needs their labels
  labels_.resize(std::size_t(cfg_.batch));
}

void Trainer::check_memory(int batch) const { check_memory(batch, params_, values_per_sample_); }

void Trainer::check_memory(int batch, double params, double values_per_sample) const {
  // Per parameter: the weight, its gradient and Adam's two moments; per value of a sample:
  // the forward pass's and the backward pass's.
  const double bytes = 4.0 * (4 * params + 2.0 * batch * values_per_sample);
  const std::string refusal = data::memory_refusal(
      "batch " + std::to_string(batch), bytes, "the weights, optimizer state and activations");
  if (!refusal.empty()) throw ConfigError(cfg_.name + ": " + refusal);
}

void Trainer::make_optimizers(nn::OptimizerKind kind) {
  opt_g_ = std::make_unique<nn::Optimizer<float>>(kind, g_.params());
  opt_d_ = std::make_unique<nn::Optimizer<float>>(kind, d_.params());
}

void Trainer::init_weights(std::uint64_t seed) {
  nn::Rng r(seed);
  const InitScheme scheme = init_from_string(cfg_.init);  // parse_config checked the name
  init_network(g_, r, scheme);
  init_network(d_, r, scheme);
  opt_g_->reset_state();
  opt_d_->reset_state();
  ema_.stop();  // the average starts again from the new G
  sync_ema();
  forget_layer_stats();
}

void Trainer::reset() {
  ++reset_count_;
  run_id_ = new_run_id();
  init_weights(cfg_.seed + 1000003ull * reset_count_);
  step_ = 0;
  half_done_ = StepKind::Both;
  seconds_ = 0;
  last_ = MetricRow{};
  history_.clear();
  alarms_.forget();
  mode_watch_.forget();
  divergence_.clear();
  good_state_.clear();
}

void Trainer::replace_data(std::unique_ptr<data::Dataset> data) {
  if (!data || data->size() == 0) throw ConfigError("the new data set is empty");
  if (data->dim() != out_dim_)
    throw ConfigError("the new data has " + std::to_string(data->dim()) + " features, the model " +
                      std::to_string(out_dim_));
  sampler_ = std::make_unique<data::BatchSampler>(data->size(), cfg_.seed + 7 + std::uint64_t(step_));
  history_.mark(step_, "data: " + data->describe());
  data_ = std::move(data);
  heldout_.reset();  // held out from the old data, not the new
  seen_x_.resize(0, 0);
  pack_context_.resize(0, 0);  // d_on_samples' real samples come from the new data
}

void Trainer::record_quality(const QualityStats& q) {
  last_.has_quality = true;
  last_.quality = q;
  history_.replace_last(last_);
  if (q.has_modes) mode_watch_.add(step_, float(q.modes_captured), q.modes, /*images=*/false);
}

void Trainer::record_image_quality(const ImageQualityStats& q) {
  last_.has_image_quality = true;
  last_.image_quality = q;
  history_.replace_last(last_);
}

void Trainer::rewatch_modes() {
  mode_watch_.forget();
  for (const MetricRow& row : history_.rows())
    if (row.has_quality && row.quality.has_modes)
      mode_watch_.add(row.step, float(row.quality.modes_captured), row.quality.modes, false);
}

void Trainer::record_alarm(int kind) {
  last_.alarm = std::uint8_t(kind);
  history_.replace_last(last_);
}

bool Trainer::note_warning(const std::string& warning) {
  const int alarm = alarms_.update(step_, warning);
  if (alarm) record_alarm(alarm);
  return alarm != 0;
}

void Trainer::set_run_id(const std::string& id) {
  if (!is_valid_run_id(id)) throw ConfigError("'" + id + "' is not a run id");
  run_id_ = id;
}

void Trainer::set_hyper(const Hyper& h, bool mark) {
  std::string bad = validate(h, cfg_.batch);
  if (!bad.empty()) throw ConfigError(bad);
  check_penalties(h);  // D's layers keep their kinds in every variant: checked on this D
  if (cond_.on() && h.packing != 1)
    throw ConfigError("packing does not go with a conditional GAN: a pack of samples has no one label");
  if (h.spectral_norm != cfg_.hyper.spectral_norm || h.packing != cfg_.hyper.packing) rebuild_d(h);
  if (!mark_owed_) marked_hyper_ = cfg_.hyper;
  mark_owed_ = !mark;
  if (mark)
    for (const auto& change : describe_changes(marked_hyper_, h)) history_.mark(step_, change);
  // Another optimizer's moments mean something else (SGD's momentum, RMSprop's square
  // average): the new one starts from zero, as a fresh torch.optim object would.
  if (h.optimizer != cfg_.hyper.optimizer) make_optimizers(h.optimizer);
  cfg_.hyper = h;
  sync_ema();
}

nn::OptimizerSettings Trainer::settings(float lr) const {
  nn::OptimizerSettings s;
  s.lr = lr;
  s.beta1 = cfg_.hyper.beta1;
  s.beta2 = cfg_.hyper.beta2;
  s.alpha = cfg_.hyper.alpha;
  return s;
}

void Trainer::sample_latent(nn::MatF& z) {
  // Gaussian N(0, 1), or uniform on [-1, 1]: 2 u - 1.
  if (cfg_.latent == "uniform")
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = 2.0f * rng_.uniform() - 1.0f;
  else
    rng_.fill_normal(z.data(), std::size_t(z.size()));
}

// A D update's inputs: B real samples into x_real_, B latents into z_ (conditional: with the
// real samples' labels, so that D sees real and fake of the same classes).
void Trainer::draw_batch() {
  sampler_->next(cfg_.batch, idx_);
  data_->gather(idx_.data(), cfg_.batch, x_real_.data());
  sample_latent(z_);
  if (cond_.on()) {
    data_->gather_labels(idx_.data(), cfg_.batch, labels_.data());
    set_onehot(z_, cfg_.latent_dim, cond_.classes, labels_.data());
  }
}

// What D reads of the samples x made from (or, real, labelled as) latents z: packs of them,
// or conditional, each with its label planes.
const nn::MatF& Trainer::d_input(const nn::MatF& x, const nn::MatF& z, nn::MatF& out) {
  if (cond_.projection) {
    projection_head().set_labels(z.bottomRows(cond_.classes));
    return x;
  }
  if (cond_.on()) return cond_.append(x, z.bottomRows(cond_.classes), out);
  return pack(x, cfg_.hyper.packing, out);
}

// D: minimise the objective's L_D (for BCE: maximise log D(x) + log(1 - D(G(z)))) plus its
// regularisers' terms, with x_real_ and z_ already filled. D runs on
// the real batch, then on the fake one, as PyTorch's D(real) and D(fake) calls (so each
// BatchNorm normalises its own batch), and the second backward adds its gradients to the
// first's. Every D pass, G's included, is then B columns wide, and D keeps one set of
// activations; pushing [real | fake] through as one 2B batch was as fast but kept a second,
// twice as large set (50 MB for dcgan).
void Trainer::update_d(MetricRow& row) {
  const nn::GanObjective& game = *cfg_.hyper.objective;
  const float sigma = input_noise();
  const nn::MatF* fake = &g_.forward(z_);
  if (sigma > 0) {
    add_noise(x_real_, sigma, x_real_);
    add_noise(*fake, sigma, noisy_fake_);
    fake = &noisy_fake_;
  }
  const nn::MatF& real = d_input(x_real_, z_, packed_real_);  // D's inputs: packs
  const nn::MatF& real_logits = d_.forward(real);
  const int n = int(real_logits.cols());  // D's outputs: one per pack
  float loss = nn::discriminator_half_loss(game, real_logits, true, &dlogits_);
  for (const auto& reg : d_regularisers())
    if (const float w = cfg_.hyper.*reg.weight; w != 0 && reg.real_outputs)
      loss += w * reg.real_outputs(game, real_logits.data(), n, w, dlogits_.data());
  row.d_real = mean_shown(game, real_logits.data(), n, d_real_probs_);
  row.r_t = game.wasserstein_estimate ? kNoValue : sign_mean(real_logits.data(), n);
  loss += add_class_loss(labels_);  // AC-GAN: D names the real samples' classes
  d_.backward(dlogits_, nullptr, /*param_grads=*/true);
  const nn::MatF& fakes = d_input(*fake, z_, packed_fake_);
  const nn::MatF& fake_logits = d_.forward(fakes);
  loss += nn::discriminator_half_loss(game, fake_logits, false, &dlogits_);
  row.d_fake = mean_shown(game, fake_logits.data(), n, d_fake_probs_);
  d_.backward(dlogits_, nullptr, /*param_grads=*/true, /*accumulate=*/true);
  row.penalty = add_penalties(real, fakes);
  if (!std::isnan(row.penalty)) loss += row.penalty;
  row.loss_d = loss;
  row.grad_norm_d = float(opt_d_->step(settings(cfg_.hyper.lr_d)));
  d_updated_ = true;
  if (game.clips_weights) clip_weights(d_, cfg_.hyper.clip);
  row.wasserstein = game.wasserstein_estimate ? row.d_real - row.d_fake : kNoValue;
}

// G: through the current D. After a D update G's activations still hold the fakes of z_,
// which are reused (as PyTorch's DCGAN example does); G's half after D's half recomputes them
// from the same z_ (a snapshot between the halves may have run G on other latents), and a
// G half alone draws fresh ones.
void Trainer::update_g(MetricRow& row, GFakes fakes) {
  if (fakes == GFakes::Fresh) {
    sample_latent(z_);
    if (cond_.on()) {
      for (int& l : labels_) l = int(rng_.below(std::uint64_t(cond_.classes)));
      set_onehot(z_, cfg_.latent_dim, cond_.classes, labels_.data());
    }
  }
  if (fakes != GFakes::Reuse) g_.forward(z_);
  // With instance noise D judges noisy fakes here too; the noise is added, so dL/d(fake) is
  // dL/d(noisy fake) and flows back into G unchanged.
  const float sigma = input_noise();
  if (sigma > 0) add_noise(g_.output(), sigma, noisy_fake_);
  const int m = cfg_.hyper.packing;  // G's gradient flows back through the packing unchanged
  const nn::MatF& logits = d_.forward(d_input(sigma > 0 ? noisy_fake_ : g_.output(), z_, packed_g_));
  row.loss_g = nn::generator_loss(*cfg_.hyper.objective, logits, &dlogits_g_);
  row.loss_g += add_class_loss(labels_);  // AC-GAN: G makes samples D names as asked
  d_.backward(dlogits_g_, &dfake_, /*param_grads=*/false);
  if (cond_.planes()) {
    dfake_x_ = dfake_.topRows(out_dim_);  // the label planes' gradient goes nowhere
    g_.backward(dfake_x_, nullptr, true);
  } else {
    unpack(dfake_, m);
    g_.backward(dfake_, nullptr, true);
  }
  row.grad_norm_g = float(opt_g_->step(settings(cfg_.hyper.lr_g)));
  g_updated_ = true;
  ema_.update(cfg_.hyper.ema_beta);
}

void Trainer::check_penalties(const Hyper& h) const {
  for (const auto& reg : d_regularisers()) {
    if (reg.class_logits && h.*reg.weight != 0 && !cond_.projection)
      throw ConfigError(std::string(reg.name) + " needs D's class logits, which only a conditional D "
                        "with \"conditioning\": \"projection\" has" +
                        (cond_.on() ? " (this one reads its labels as planes)" : " (this GAN has no labels)"));
    if (!reg.penalty || h.*reg.weight == 0) continue;
    for (std::size_t i = 0; i < d_.size(); ++i)
      if (!d_.layer(i).has_tangent())
        throw ConfigError(std::string(reg.name) + " needs the second derivatives of D, which D's " +
                          d_.layer(i).describe() + " (layer " + std::to_string(i + 1) +
                          ") does not have" +
                          (d_.layer(i).describe().rfind("BatchNorm", 0) == 0
                               ? ": it mixes the samples of a batch, so no sample has a gradient "
                                 "of its own. Remove it (a WGAN-GP critic uses none, or layer_norm)"
                               : ""));
  }
}

// x_i for each penalty: real samples, or eps x + (1 - eps) G(z) with eps ~ U(0, 1) per sample,
// both as D saw them in this update (with instance noise, if on; with packing, whole packs, so
// one eps per pack keeps each interpolate on the line between a real and a fake pack).
float Trainer::add_penalties(const nn::MatF& real, const nn::MatF& fake) {
  float total = kNoValue;
  for (const auto& reg : d_regularisers()) {
    const float w = cfg_.hyper.*reg.weight;
    if (!reg.penalty || w == 0) continue;
    const nn::MatF* x = &real;
    if (reg.penalty->inputs == PenaltyForm::Inputs::Interpolates) {
      penalty_inputs_.resize(real.rows(), real.cols());
      for (Eigen::Index i = 0; i < real.cols(); ++i) {
        const float eps = fixed_mix_ ? (*fixed_mix_)(0, i) : rng_.uniform();
        penalty_inputs_.col(i) = eps * real.col(i) + (1.0f - eps) * fake.col(i);
      }
      x = &penalty_inputs_;
    }
    const float value =
        penalty_.add(d_, *x, w * reg.penalty->scale, reg.penalty->target, cond_.on() ? out_dim_ : -1).value;
    total = std::isnan(total) ? value : total + value;
  }
  return total;
}

// The auxiliary classifier's term after a D pass on samples of the given labels (one per
// column): w times the softmax cross-entropy of D's class logits, whose gradient the head
// hands to the next backward. 0 when off.
float Trainer::add_class_loss(const std::vector<int>& labels) {
  float w = 0;
  for (const auto& reg : d_regularisers())
    if (reg.class_logits) w += cfg_.hyper.*reg.weight;
  if (w == 0 || !cond_.projection) return 0.0f;
  class_logits_ = d_.activation(d_.size() - 2).bottomRows(cond_.classes);
  const float loss = nn::softmax_cross_entropy(class_logits_, labels.data(), &class_grad_);
  class_grad_ *= w;
  projection_head().set_class_logit_grad(class_grad_);
  return w * loss;
}

// The std of the noise on D's inputs at this step (the regularisers' inputs hooks), 0 for none.
float Trainer::input_noise() const {
  double var = 0;
  for (const auto& reg : d_regularisers())
    if (const float w = cfg_.hyper.*reg.weight; w != 0 && reg.input_noise) {
      const double sigma = reg.input_noise(cfg_.hyper, w, step_);
      var += sigma * sigma;
    }
  return float(std::sqrt(var));
}

// out = x + N(0, sigma^2) per entry, from the run's random stream (so a checkpoint continues
// it exactly); out may be x.
void Trainer::add_noise(const nn::MatF& x, float sigma, nn::MatF& out) {
  noise_.resize(x.rows(), x.cols());
  rng_.fill_normal(noise_.data(), std::size_t(noise_.size()));
  out = x + sigma * noise_;
}

void Trainer::step(StepKind kind) {
  if (!data_) throw std::logic_error("this trainer has no data to train on");
  auto t0 = std::chrono::steady_clock::now();
  MetricRow row = last_;  // a half step carries the other half's latest values
  // Steps run in training mode (BatchNorm's batch statistics, Dropout on); snapshots,
  // generate and discriminate switch to evaluation mode for their passes (see EvalMode).
  set_network_training(g_, true);
  set_network_training(d_, true);
  // A whole step after one half runs only the other half, finishing the step begun.
  StepKind run = kind;
  if (kind == StepKind::Both && half_done_ != StepKind::Both)
    run = half_done_ == StepKind::DOnly ? StepKind::GOnly : StepKind::DOnly;
  if (run != StepKind::GOnly)
    for (int k = 0; k < cfg_.hyper.d_steps; ++k) {
      draw_batch();
      update_d(row);
    }
  // G's half after D's uses D's last fakes, as a whole step does; alone it draws its own.
  if (run != StepKind::DOnly)
    update_g(row, run == StepKind::Both             ? GFakes::Reuse
                  : half_done_ == StepKind::DOnly ? GFakes::Recompute
                                                  : GFakes::Fresh);
  if (kind != StepKind::Both && (half_done_ == StepKind::Both || half_done_ == kind)) {
    // The first half of a step (or the same half again): no step is finished yet.
    half_done_ = kind;
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    last_ = row;
    return;
  }
  half_done_ = StepKind::Both;
  finish_step(row, t0);
}

MetricRow Trainer::step_on(const nn::MatF& real, const nn::MatF& z, const nn::MatF* penalty_mix) {
  if (real.rows() != out_dim_ || real.cols() != cfg_.batch || z.rows() != g_inputs() ||
      z.cols() != cfg_.batch || cfg_.hyper.d_steps != 1)
    throw std::invalid_argument("step_on: needs (data, batch) and (latent, batch) matrices and "
                                "one D update per step");
  auto t0 = std::chrono::steady_clock::now();
  MetricRow row = last_;
  set_network_training(g_, true);
  set_network_training(d_, true);
  x_real_ = real;
  z_ = z;
  if (cond_.on()) labels_ = labels_of(z_, cfg_.latent_dim, cond_.classes);  // z's one-hot rows
  if (penalty_mix && (penalty_mix->rows() != 1 || penalty_mix->cols() != cfg_.batch))
    throw std::invalid_argument("step_on: the penalty's mix is (1, batch)");
  fixed_mix_ = penalty_mix;
  struct Forget {
    const nn::MatF*& mix;
    ~Forget() { mix = nullptr; }
  } forget{fixed_mix_};
  update_d(row);
  update_g(row, GFakes::Reuse);
  finish_step(row, t0);
  return row;
}

void Trainer::finish_step(MetricRow& row, std::chrono::steady_clock::time_point t0) {
  ++step_;
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  row.step = step_;
  row.lr_d = cfg_.hyper.lr_d;
  row.lr_g = cfg_.hyper.lr_g;
  row.seconds = seconds_;
  row.has_quality = false;  // row began as a copy of the last one
  row.quality = QualityStats{};
  row.has_image_quality = false;
  row.image_quality = ImageQualityStats{};
  row.has_heldout = false;  // its d_seen and d_heldout carry the last measurement
  row.alarm = 0;
  if (heldout_ && step_ % kHeldoutEvery == 0) score_heldout(row);
  last_ = row;
  history_.append(row);
  check_divergence(row);
}

void Trainer::check_divergence(const MetricRow& row) {
  if (diverged()) return;
  const std::pair<const char*, float> checks[] = {{"loss_d", row.loss_d},
                                                  {"loss_g", row.loss_g},
                                                  {"D's gradient norm", row.grad_norm_d},
                                                  {"G's gradient norm", row.grad_norm_g}};
  for (const auto& [name, value] : checks) {
    const bool exploded = value > kExplodingLoss && name[0] == 'l';
    if (std::isfinite(value) && !exploded) continue;
    std::ostringstream s;
    if (std::isnan(value)) s << name << " is NaN";
    else if (std::isinf(value)) s << name << " is infinite";
    else s << name << " exploded to " << value;
    s << " at step " << row.step;
    divergence_ = s.str();
    record_alarm(diverging_alarm());
    return;
  }
  if (good_state_.empty() || step_ - good_step_ >= good_state_interval_) {
    good_state_ = serialize(false);
    good_step_ = step_;
  }
}

bool Trainer::rollback() {
  if (good_state_.empty()) return false;
  std::string what = divergence_;
  deserialize(good_state_, "the last good state");
  divergence_.clear();
  history_.mark(step_, "rolled back to step " + std::to_string(step_) +
                           (what.empty() ? "" : " (" + what + ")"));
  return true;
}

void Trainer::inject_nan_for_test() {
  g_.params().front().value->data()[0] = std::numeric_limits<float>::quiet_NaN();
}

double Trainer::flops_per_step() const {
  const double B = cfg_.batch, P = B / cfg_.hyper.packing;  // D runs on P packs
  const double gm = g_.macs_per_sample(), dm = d_.macs_per_sample();
  const double g1 = g_.first_layer_macs(), d1 = d_.first_layer_macs();
  // D step: G forward (B), D forward and weight grads (2P), input grads but for layer 1 (2P).
  double d_step = B * gm + 2 * P * dm + 2 * P * dm + 2 * P * (dm - d1);
  // G step: D forward and input grads (P), G weight grads, G input grads but for layer 1.
  double g_step = P * dm + P * dm + B * gm + B * (gm - g1);
  // Each gradient penalty (gradient_penalty.h), on the P packs D sees: D forward, input
  // grads, the tangent's forward, its weight grads and its input grads but for layer 1. (A D
  // with curvature also runs the primal chain back, not counted: the count is a lower bound.)
  for (const auto& reg : d_regularisers())
    if (reg.penalty && cfg_.hyper.*reg.weight != 0) d_step += 4 * P * dm + P * (dm - d1);
  return 2.0 * (cfg_.hyper.d_steps * d_step + g_step);
}

namespace {

void summarise(const std::string& name, const std::string& input_name, std::string shape,
               nn::Sequential<float>& net, std::vector<LayerSummary>& out) {
  out.push_back({name, input_name, shape, 0});
  int features = net.in_features();
  for (std::size_t i = 0; i < net.size(); ++i) {
    nn::Layer<float>& l = net.layer(i);
    const int next = l.out_features(features);
    // Shape-keeping layers (activations, dropout) report no shape of their own.
    if (!l.output_shape().empty()) shape = l.output_shape();
    else if (next != features) shape = std::to_string(next);
    features = next;
    std::size_t params = 0;
    for (const auto& p : l.params()) params += std::size_t(p.value->size());
    out.push_back({name, l.describe(), shape, params});
  }
}

}  // namespace

std::vector<LayerStat> Trainer::layer_stats(int iterations) {
  std::vector<LayerStat> out;
  g_stats_.measure("G", g_, g_updated_, iterations, out);
  d_stats_.measure("D", d_, d_updated_, iterations, out);
  return out;
}

void Trainer::forget_layer_stats() {
  g_stats_.forget();
  d_stats_.forget();
  g_updated_ = d_updated_ = false;
}

std::vector<LayerSummary> Trainer::layer_summaries() const {
  auto& self = const_cast<Trainer&>(*this);  // params() hands out mutable views; nothing changes
  std::vector<LayerSummary> out;
  summarise("G", "z", std::to_string(cfg_.latent_dim) + (cond_.on() ? "+" + std::to_string(cond_.classes) : ""),
            self.g_, out);
  summarise("D", "x", d_input_shape_, self.d_, out);
  return out;
}

}  // namespace ganscope::train
