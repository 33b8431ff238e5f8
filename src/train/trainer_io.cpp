// Trainer's outputs: snapshots for the UI, samples, and checkpoints.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "data/dataset.h"
#include "data/idx.h"
#include "nn/shape.h"
#include "train/checkpoint.h"
#include "train/conditioning.h"
#include "train/d_variant.h"
#include "train/generator_copy_impl.h"
#include "train/run_health.h"  // alarm_names
#include "train/run_id.h"
#include "train/trainer.h"

namespace ganscope::train {

namespace {

// The history section: one line of ten numbers per row. Floats are written with 9 significant
// digits and seconds with 17, both enough to read back the same value, so that metrics.csv
// rows rebuilt from a checkpoint equal the ones first written.
std::string pack_history(const std::vector<MetricRow>& rows) {
  std::string s;
  char line[320];
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%lld %.9g %.9g %.9g %.9g %.9g %.9g %.9g %.9g %.17g\n",
                  static_cast<long long>(r.step), r.loss_d, r.loss_g, r.d_real, r.d_fake,
                  r.grad_norm_d, r.grad_norm_g, r.lr_d, r.lr_g, r.seconds);
    s += line;
  }
  return s;
}

// The sample quality of the rows that have it, in a section of its own
// ("history.quality": step, has_modes, modes, modes_captured, high_quality, reverse_kl, kl, js
// per line), so that checkpoints written before it still load, as rows without quality.
std::string pack_quality(const std::vector<MetricRow>& rows) {
  std::string s;
  char line[256];
  for (const auto& r : rows) {
    if (!r.has_quality) continue;
    const QualityStats& q = r.quality;
    std::snprintf(line, sizeof line, "%lld %d %d %d %.9g %.9g %.9g %.9g\n",
                  static_cast<long long>(r.step), int(q.has_modes), q.modes, q.modes_captured,
                  q.high_quality, q.reverse_kl, q.kl, q.js);
    s += line;
  }
  return s;
}

// Whitespace-separated numbers, read with strtod so that "nan" and "inf" (a diverged row,
// a NaN divergence) read back as they were written; iostreams stop at them, which dropped
// every later row.
class Numbers {
 public:
  explicit Numbers(const std::string& text) : p_(text.c_str()) {}
  // All of out, or false (and out partly overwritten) when the text ends or is not a number.
  template <typename... T>
  bool read(T&... out) {
    return (next(out) && ...);
  }

 private:
  // Floats by strtof: the nearest float to the text, exactly the value that was written
  // (through a double, a second rounding could move it).
  template <typename T>
  bool next(T& out) {
    char* end = nullptr;
    if constexpr (std::is_same_v<T, float>) {
      out = std::strtof(p_, &end);
    } else {
      const double v = std::strtod(p_, &end);
      // A NaN or out-of-range step or count would be undefined as an integer: not a number here.
      if constexpr (std::is_integral_v<T>)
        if (!(v >= -9.0e15 && v <= 9.0e15)) return false;
      out = static_cast<T>(v);
    }
    if (end == p_) return false;
    p_ = end;
    return true;
  }
  const char* p_;
};

// A column that only some games have, for the rows that have it: step and value per line,
// each in a section of its own ("history.game": the Wasserstein estimate; "history.penalty":
// the gradient penalties' term), for the same reason as the quality's.
std::string pack_column(const std::vector<MetricRow>& rows, float MetricRow::*column) {
  std::string s;
  char line[64];
  for (const auto& r : rows) {
    if (std::isnan(r.*column)) continue;
    std::snprintf(line, sizeof line, "%lld %.9g\n", static_cast<long long>(r.step), r.*column);
    s += line;
  }
  return s;
}

// The precision and recall of the rows whose quality has them ("history.precision_recall":
// step, precision, recall per line), a section of its own so that older checkpoints load.
std::string pack_precision_recall(const std::vector<MetricRow>& rows) {
  std::string s;
  char line[96];
  for (const auto& r : rows) {
    if (!r.has_quality || !r.quality.has_precision_recall) continue;
    std::snprintf(line, sizeof line, "%lld %.9g %.9g\n", static_cast<long long>(r.step),
                  r.quality.precision, r.quality.recall);
    s += line;
  }
  return s;
}

void unpack_precision_recall(const std::string& text, std::vector<MetricRow>& rows) {
  Numbers in(text);
  std::int64_t step = 0;
  float precision = 0, recall = 0;
  auto row = rows.begin();
  while (in.read(step, precision, recall)) {
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step && row->has_quality) {
      row->quality.has_precision_recall = true;
      row->quality.precision = precision;
      row->quality.recall = recall;
    }
  }
}

// D's scores on seen and held-out examples, for the rows where they were measured
// ("history.heldout": step, d_seen, d_heldout, d_probe_fake per line).
std::string pack_heldout(const std::vector<MetricRow>& rows) {
  std::string s;
  char line[96];
  for (const auto& r : rows) {
    if (!r.has_heldout) continue;
    std::snprintf(line, sizeof line, "%lld %.9g %.9g %.9g\n", static_cast<long long>(r.step),
                  r.d_seen, r.d_heldout, r.d_probe_fake);
    s += line;
  }
  return s;
}

// Attaches each line to the row of its step, and carries the values to the rows after, as
// the trainer's own rows carry them.
void unpack_heldout(const std::string& text, std::vector<MetricRow>& rows) {
  Numbers in(text);
  std::int64_t step = 0;
  float seen = 0, heldout = 0, fake = 0;
  auto row = rows.begin();
  while (in.read(step, seen, heldout, fake)) {
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step) {
      row->has_heldout = true;
      row->d_seen = seen;
      row->d_heldout = heldout;
      row->d_probe_fake = fake;
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    MetricRow& r = rows[i];
    if (!r.has_heldout && i > 0) {
      r.d_seen = rows[i - 1].d_seen;
      r.d_heldout = rows[i - 1].d_heldout;
      r.d_probe_fake = rows[i - 1].d_probe_fake;
    }
    r.heldout_gap = r.d_seen - r.d_heldout;  // NaN until the first measurement
  }
}

// Image runs' quality where it was measured ("history.image_quality": step, fcd, its band's
// low and high, precision, recall, classes per line; nan for a value not measured).
std::string pack_image_quality(const std::vector<MetricRow>& rows) {
  std::string s;
  char line[160];
  for (const auto& r : rows) {
    if (!r.has_image_quality) continue;
    const ImageQualityStats& q = r.image_quality;
    std::snprintf(line, sizeof line, "%lld %.9g %.9g %.9g %.9g %.9g %.9g\n",
                  static_cast<long long>(r.step), q.fcd, q.fcd_low, q.fcd_high, q.precision,
                  q.recall, q.classes);
    s += line;
  }
  return s;
}

void unpack_image_quality(const std::string& text, std::vector<MetricRow>& rows) {
  Numbers in(text);
  std::int64_t step = 0;
  ImageQualityStats q;
  auto row = rows.begin();
  while (in.read(step, q.fcd, q.fcd_low, q.fcd_high, q.precision, q.recall, q.classes)) {
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step) row->has_image_quality = true, row->image_quality = q;
  }
}

// The alarms raised ("history.alarms": step and the alarm's name per line, run_health.h).
std::string pack_alarms(const std::vector<MetricRow>& rows) {
  std::string s;
  for (const auto& r : rows)
    if (r.alarm > 0 && std::size_t(r.alarm) <= alarm_names().size())
      s += std::to_string(r.step) + " " + alarm_names()[r.alarm - 1] + "\n";
  return s;
}

// Names this build does not know (a newer one's) are left out.
void unpack_alarms(const std::string& text, std::vector<MetricRow>& rows) {
  std::istringstream in(text);
  long long step = 0;
  std::string name;
  auto row = rows.begin();
  while (in >> step >> name) {
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step) row->alarm = std::uint8_t(alarm_named(name));
  }
}

// Both lists are in step order: each line's value goes to the row of its step.
void unpack_column(const std::string& text, float MetricRow::*column, std::vector<MetricRow>& rows) {
  Numbers in(text);
  std::int64_t step = 0;
  float value = 0;
  auto row = rows.begin();
  while (in.read(step, value)) {
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step) (*row).*column = value;
  }
}

std::vector<MetricRow> unpack_history(const std::string& text, const std::string& quality) {
  std::vector<MetricRow> rows;
  Numbers in(text);
  MetricRow r;
  while (in.read(r.step, r.loss_d, r.loss_g, r.d_real, r.d_fake, r.grad_norm_d, r.grad_norm_g,
                 r.lr_d, r.lr_g, r.seconds))
    rows.push_back(r);
  // Both lists are in step order: attach each quality line to its row.
  Numbers q_in(quality);
  std::int64_t step = 0;
  int has_modes = 0;
  QualityStats q;
  auto row = rows.begin();
  while (q_in.read(step, has_modes, q.modes, q.modes_captured, q.high_quality, q.reverse_kl, q.kl, q.js)) {
    q.has_modes = has_modes != 0;
    while (row != rows.end() && row->step < step) ++row;
    if (row != rows.end() && row->step == step) row->has_quality = true, row->quality = q;
  }
  return rows;
}

std::string pack_marks(const std::vector<ChangeMark>& marks) {
  std::ostringstream s;
  for (const auto& m : marks) s << m.step << ' ' << m.what << '\n';
  return s.str();
}

std::vector<ChangeMark> unpack_marks(const std::string& text) {
  std::vector<ChangeMark> marks;
  std::istringstream s(text);
  ChangeMark m;
  while (s >> m.step && std::getline(s >> std::ws, m.what)) marks.push_back(m);
  return marks;
}

}  // namespace

std::shared_ptr<const GeneratorCopy> Trainer::copy_generator() {
  auto impl = std::make_unique<GeneratorCopy::Impl>();
  impl->net = shown_g();
  set_network_training(impl->net, false);  // BatchNorm's running statistics, no Dropout
  impl->out_dim = out_dim_;
  impl->classes = cond_.classes;
  return std::make_shared<const GeneratorCopy>(std::move(impl));
}

GridFrame Trainer::grid_frame() {
  EvalMode eval({&g_, &d_});  // running statistics; changes no network state
  GridFrame f;
  f.step = step_;
  const nn::MatF grid = shown_g().forward(grid_input());
  if (data_ ? data_->images() : out_dim_ != 2) {
    f.pixels.resize(std::size_t(grid.size()));
    for (Eigen::Index i = 0; i < grid.size(); ++i) f.pixels[std::size_t(i)] = data::unit_to_pixel(grid.data()[i]);
  } else {
    f.points.assign(grid.data(), grid.data() + grid.size());
  }
  const std::vector<int>& labels = shown_grid_labels();
  const nn::MatF& logits = d_on_samples(grid, labels.empty() ? nullptr : labels.data());
  f.scores.resize(std::size_t(logits.size()));
  for (Eigen::Index i = 0; i < logits.size(); ++i) f.scores[std::size_t(i)] = cfg_.hyper.objective->shown(logits.data()[i]);
  f.d_real = d_real_probs_;
  f.d_fake = d_fake_probs_;
  return f;
}

std::vector<float> Trainer::grid_latents() const {
  std::vector<float> z;  // the latents alone, without the label rows below them
  const nn::MatF& grid_z = grid_input();
  for (Eigen::Index i = 0; i < grid_z.cols(); ++i)
    z.insert(z.end(), grid_z.col(i).data(), grid_z.col(i).data() + cfg_.latent_dim);
  return z;
}

std::vector<float> Trainer::generate(int n, std::uint64_t seed) {
  nn::Rng r(seed);
  return generate(n, r);
}

std::vector<float> Trainer::generate(int n, nn::Rng& r) {
  std::vector<float> out;
  out.reserve(std::size_t(n) * std::size_t(out_dim_));
  generate_each(n, r, [&](const float* y, int m) {
    out.insert(out.end(), y, y + std::size_t(m) * std::size_t(out_dim_));
  });
  return out;
}

void Trainer::generate_each(int n, std::uint64_t seed,
                            const std::function<void(const float*, int)>& each, int label) {
  nn::Rng r(seed);
  generate_each(n, r, each, label);
}

void Trainer::generate_each(int n, nn::Rng& r, const std::function<void(const float*, int)>& each,
                            int label) {
  if (label >= 0 && label >= cond_.classes) throw std::invalid_argument("generate_each: no such class");
  EvalMode eval({&g_});
  const int chunk = 1024;
  nn::MatF z;
  std::vector<int> labels;
  for (int done = 0; done < n; done += chunk) {
    int m = std::min(chunk, n - done);
    z.resize(cfg_.latent_dim, m);
    for (Eigen::Index i = 0; i < z.size(); ++i)
      z.data()[i] = cfg_.latent == "uniform" ? 2.0f * r.uniform() - 1.0f : r.normal();
    if (cond_.on()) {
      // The classes in turn (sample i of class i mod K), so any n is as balanced as it can be.
      labels.resize(std::size_t(m));
      for (int j = 0; j < m; ++j) labels[std::size_t(j)] = label >= 0 ? label : (done + j) % cond_.classes;
      z.conservativeResize(g_inputs(), m);
      set_onehot(z, cfg_.latent_dim, cond_.classes, labels.data());
    }
    const nn::MatF& y = shown_g().forward(z);
    each(y.data(), m);
  }
}

std::vector<float> Trainer::discriminate(const float* x, int n, const int* labels) {
  if (cond_.on() && !labels) throw std::invalid_argument("discriminate: a conditional D needs the labels");
  EvalMode eval({&d_});
  nn::MatF in = Eigen::Map<const nn::MatF>(x, out_dim_, n);
  const nn::MatF& logits = d_on_samples(in, labels);
  std::vector<float> p(std::size_t(logits.size()));
  for (Eigen::Index i = 0; i < logits.size(); ++i) p[std::size_t(i)] = cfg_.hyper.objective->shown(logits.data()[i]);
  return p;
}

void Trainer::save(const std::string& path) const {
  write_file_atomically(path, serialize(true));
}

void Trainer::load(const std::string& path) { load(CheckpointReader(path), path); }

void Trainer::load(const CheckpointReader& reader, const std::string& path) {
  restore(reader, path);
  divergence_.clear();
  good_state_.clear();  // the loaded state becomes the first good state at the next step
}

std::string Trainer::serialize(bool with_history) const {
  auto& self = const_cast<Trainer&>(*this);  // params() hands out mutable views; nothing changes
  // Reserved at once, so that the file is not copied as it grows: G (twice, with its average)
  // and D, with buffers, Adam's two moments of each, the latents, and room for the rest.
  const double floats = 4.0 * double(self.g_.parameter_count()) + 3.0 * double(self.d_.parameter_count()) +
                        double(fixed_z_.size()) + double(z_.size());
  CheckpointWriter w(std::size_t(4 * floats) + (std::size_t(1) << 20));
  w.add("config", to_json(cfg_));
  std::ostringstream state;
  state.precision(17);
  state << step_ << ' ' << seconds_ << ' ' << reset_count_ << ' ' << opt_g_->steps() << ' '
        << opt_d_->steps() << ' ' << int(half_done_);
  w.add("state", state.str());
  w.add_floats("G", self.g_.flat_state());
  w.add_floats("D", self.d_.flat_state());
  // G's average, while there is one (a section of its own: older checkpoints have none).
  if (ema_.active()) w.add_floats("G.ema", self.ema_.net().flat_state());
  if (!dropout_states(g_).empty()) w.add("G.dropout", dropout_states(g_));
  if (!dropout_states(d_).empty()) w.add("D.dropout", dropout_states(d_));
  w.add_floats("G.optimizer", opt_g_->state());
  w.add_floats("D.optimizer", opt_d_->state());
  // rows cols channels (checkpoints from before colour have no third number: grey); 0 0 1
  // for points. A trainer without data saves the shape it was built with.
  const bool image = sample_shape_.size() == 3;
  w.add("data_shape", std::to_string(image ? sample_shape_[1] : 0) + " " + std::to_string(image ? sample_shape_[2] : 0) +
                          " " + std::to_string(image ? sample_shape_[0] : 1));
  w.add("run_id", run_id_);
  w.add("alarms", alarms_.state());
  w.add("rng", rng_.state());
  if (sampler_) w.add("sampler", sampler_->state());
  w.add_floats("fixed_latents", std::vector<float>(fixed_z_.data(), fixed_z_.data() + fixed_z_.size()));
  // D's half of a step has run: G's half will need the latents of D's last fakes.
  if (half_done_ == StepKind::DOnly)
    w.add_floats("half_step_latents", std::vector<float>(z_.data(), z_.data() + z_.size()));
  if (with_history) {
    const std::vector<MetricRow> rows = history_.rows();
    w.add("history", pack_history(rows));
    w.add("history.quality", pack_quality(rows));
    w.add("history.game", pack_column(rows, &MetricRow::wasserstein));
    w.add("history.penalty", pack_column(rows, &MetricRow::penalty));
    w.add("history.precision_recall", pack_precision_recall(rows));
    w.add("history.r_t", pack_column(rows, &MetricRow::r_t));
    w.add("history.heldout", pack_heldout(rows));
    w.add("history.alarms", pack_alarms(rows));
    w.add("history.image_quality", pack_image_quality(rows));
    w.add("marks", pack_marks(history_.marks()));
  }
  return w.release();
}

void Trainer::deserialize(const std::string& bytes, const std::string& path) {
  restore(CheckpointReader::from_bytes(bytes, path), path);
}

void Trainer::restore(const CheckpointReader& r, const std::string& path) {
  Config saved = parse_config(r.get("config"), path);
  if (!same_architecture(saved, cfg_))
    throw CheckpointError(path + ": checkpoint was made for a different architecture than '" +
                          cfg_.name + "'");
  std::istringstream state(r.get("state"));
  std::int64_t step = 0, g_steps = 0, d_steps = 0;
  double seconds = 0;
  std::uint64_t resets = 0;
  if (!(state >> step >> seconds >> resets >> g_steps >> d_steps) || step < 0 || g_steps < 0 ||
      d_steps < 0)
    throw CheckpointError(path + ": damaged state section");
  // The half of a step in progress (a sixth field, absent from older checkpoints).
  int half = 0;
  if (!(state >> half)) half = 0;
  if (half < 0 || half > 2) throw CheckpointError(path + ": damaged state section");
  // A checkpoint of before run identities is a run of its own from here on: a new id.
  const std::string run_id = r.has("run_id") ? r.get("run_id") : new_run_id();
  if (!is_valid_run_id(run_id)) throw CheckpointError(path + ": damaged run_id section");
  // D's variant is the checkpoint's (train/d_variant.h): its D may be another shape than ours.
  const NetworkPlan d_plan = plan_d(saved.hyper);
  const double d_params = memory_params(d_plan), d_values = memory_values(d_plan, saved.hyper.packing);
  check_memory(saved.batch, d_params, d_values);  // a checkpoint's batch is allocated at the next step
  auto fixed = r.get_floats("fixed_latents");
  const std::vector<float> half_z =
      half == int(StepKind::DOnly) && r.has("half_step_latents") ? r.get_floats("half_step_latents")
                                                                : std::vector<float>();
  if (half == int(StepKind::DOnly) && half_z.size() != std::size_t(g_inputs()) * std::size_t(saved.batch))
    throw CheckpointError(path + ": a half-done step without its latents");
  if (fixed.size() != std::size_t(fixed_z_.size()))
    throw CheckpointError(path + ": fixed latents do not match the grid size");
  // Everything is parsed and checked before anything is changed, so a bad file leaves the
  // running trainer as it was.
  const bool same_d = saved.hyper.spectral_norm == cfg_.hyper.spectral_norm &&
                      saved.hyper.packing == cfg_.hyper.packing;
  nn::Sequential<float> g = g_, d = same_d ? d_ : build_d(saved.hyper);
  std::vector<float> ema;  // empty: the average (if on) starts from the checkpoint's G
  try {
    g.set_flat_state(r.get_floats("G"));
    d.set_flat_state(r.get_floats("D"));
    if (saved.hyper.ema_beta > 0 && r.has("G.ema")) {
      ema = r.get_floats("G.ema");
      nn::Sequential<float>(g).set_flat_state(ema);  // checks its size against G
    }
    if (r.has("G.dropout")) set_dropout_states(g, r.get("G.dropout"));
    if (r.has("D.dropout")) set_dropout_states(d, r.get("D.dropout"));
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  // The checkpoint's optimizer, which may be another than this trainer's (it is a live setting).
  const nn::OptimizerKind kind = saved.hyper.optimizer;
  nn::Optimizer<float> og(kind, g.params()), od(kind, d.params());
  try {
    og.set_state(g_steps, r.get_floats("G.optimizer"));
    od.set_state(d_steps, r.get_floats("D.optimizer"));
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  nn::Rng rng;
  std::unique_ptr<data::BatchSampler> sampler;
  try {
    rng.set_state(r.get("rng"));
  } catch (const std::exception& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  if (sampler_ && r.has("sampler")) {
    // The data order of the epoch in progress. It fits only the same data set; with other
    // data (--data on resume, painted points) the current order is kept.
    try {
      sampler = std::make_unique<data::BatchSampler>(*sampler_);
      sampler->set_state(r.get("sampler"));
    } catch (const data::DataError&) {
      sampler.reset();
    }
  }
  std::vector<MetricRow> rows;
  std::vector<ChangeMark> marks;
  if (r.has("history")) {
    rows = unpack_history(r.get("history"), r.has("history.quality") ? r.get("history.quality") : "");
    if (r.has("history.game")) unpack_column(r.get("history.game"), &MetricRow::wasserstein, rows);
    if (r.has("history.penalty")) unpack_column(r.get("history.penalty"), &MetricRow::penalty, rows);
    if (r.has("history.precision_recall"))
      unpack_precision_recall(r.get("history.precision_recall"), rows);
    if (r.has("history.r_t")) unpack_column(r.get("history.r_t"), &MetricRow::r_t, rows);
    if (r.has("history.heldout")) unpack_heldout(r.get("history.heldout"), rows);
    if (r.has("history.alarms")) unpack_alarms(r.get("history.alarms"), rows);
    if (r.has("history.image_quality")) unpack_image_quality(r.get("history.image_quality"), rows);
    marks = unpack_marks(r.get("marks"));
  } else {
    // An in-memory state without history: keep ours up to the restored step.
    for (const auto& row : history_.rows())
      if (row.step <= step) rows.push_back(row);
    for (const auto& m : history_.marks())
      if (m.step <= step) marks.push_back(m);
  }

  g_.set_flat_state(g.flat_state());
  set_dropout_states(g_, dropout_states(g));
  d_ = std::move(d);  // with its own dropout states
  make_optimizers(kind);  // for the new D, of the checkpoint's kind; states set below
  opt_g_->set_state(g_steps, og.state());
  opt_d_->set_state(d_steps, od.state());
  params_ = d_params;
  values_per_sample_ = d_values;
  d_input_shape_ = nn::shape_text(packed_shape(d_sample_, saved.hyper.packing));
  ++d_builds_;
  forget_layer_stats();  // the gradients held are of the weights before the load
  rng_ = rng;
  if (sampler) sampler_ = std::move(sampler);
  std::copy(fixed.begin(), fixed.end(), fixed_z_.data());
  cfg_.hyper = saved.hyper;
  cfg_.batch = saved.batch;
  ema_.stop();
  sync_ema();
  if (ema_.active() && !ema.empty()) ema_.net().set_flat_state(ema);
  z_.resize(g_inputs(), cfg_.batch);
  if (cond_.on()) labels_.resize(std::size_t(cfg_.batch));
  if (half_z.size() == std::size_t(z_.size())) std::copy(half_z.begin(), half_z.end(), z_.data());
  x_real_.resize(out_dim_, cfg_.batch);
  step_ = step;
  half_done_ = StepKind(half);
  seconds_ = seconds;
  reset_count_ = resets;
  run_id_ = run_id;
  last_ = rows.empty() ? MetricRow{} : rows.back();
  if (r.has("alarms")) alarms_.set_state(r.get("alarms"));
  else alarms_.forget();
  history_.assign(std::move(rows), std::move(marks));
  rewatch_modes();
}

}  // namespace ganscope::train
