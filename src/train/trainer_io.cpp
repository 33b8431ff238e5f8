// Trainer's outputs: snapshots for the UI, samples, and checkpoints.
#include <sstream>

#include "data/dataset.h"
#include "data/idx.h"
#include "train/checkpoint.h"
#include "train/generator_copy_impl.h"
#include "train/trainer.h"

namespace ganscope::train {

namespace {

std::string pack_history(const std::vector<MetricRow>& rows) {
  std::ostringstream s;
  s.precision(9);
  for (const auto& r : rows)
    s << r.step << ' ' << r.loss_d << ' ' << r.loss_g << ' ' << r.d_real << ' ' << r.d_fake << ' '
      << r.grad_norm_d << ' ' << r.grad_norm_g << ' ' << r.lr_d << ' ' << r.lr_g << ' '
      << r.seconds << '\n';
  return s.str();
}

std::vector<MetricRow> unpack_history(const std::string& text) {
  std::vector<MetricRow> rows;
  std::istringstream s(text);
  MetricRow r;
  while (s >> r.step >> r.loss_d >> r.loss_g >> r.d_real >> r.d_fake >> r.grad_norm_d >>
         r.grad_norm_g >> r.lr_d >> r.lr_g >> r.seconds)
    rows.push_back(r);
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
  impl->net = g_;
  set_network_training(impl->net, false);  // BatchNorm's running statistics, no Dropout
  impl->out_dim = out_dim_;
  return std::make_shared<const GeneratorCopy>(std::move(impl));
}

void Trainer::fill_snapshot(Snapshot& s) {
  EvalMode eval({&g_, &d_});  // the grid from running statistics; changes no network state
  s.step = step_;
  s.hyper = cfg_.hyper;
  s.images = data_ ? data_->images() : out_dim_ != 2;
  s.rows = data_ ? data_->rows() : 0;
  s.cols = data_ ? data_->cols() : 0;
  s.latent_dim = cfg_.latent_dim;
  s.grid_count = cfg_.grid;
  nn::MatF grid = g_.forward(fixed_z_);
  if (s.images) {
    s.grid_pixels.resize(std::size_t(grid.size()));
    for (Eigen::Index i = 0; i < grid.size(); ++i) s.grid_pixels[std::size_t(i)] = data::unit_to_pixel(grid.data()[i]);
  } else {
    s.grid_points.assign(grid.data(), grid.data() + grid.size());
  }
  const nn::MatF& logits = d_.forward(grid);
  s.grid_scores.resize(std::size_t(logits.size()));
  for (Eigen::Index i = 0; i < logits.size(); ++i) s.grid_scores[std::size_t(i)] = 1.0f / (1.0f + std::exp(-logits.data()[i]));
  s.fixed_latents.assign(fixed_z_.data(), fixed_z_.data() + fixed_z_.size());
  if (data_ && !s.images) {
    // The first points of the set are already a random sample of it.
    int n = std::min(data_->size(), 512);
    std::vector<int> idx(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i;
    s.real_points.resize(std::size_t(2 * n));
    data_->gather(idx.data(), n, s.real_points.data());
  }
  if (!s.images) {
    fill_plane(s, grid);
    s.quality = measure_quality();
    if (const auto* points = dynamic_cast<const data::PointDataset*>(data_.get())) {
      s.mode_centres = points->mode_centres();
      s.mode_std = points->mode_std();
    }
  }
  s.d_real = d_real_probs_;
  s.d_fake = d_fake_probs_;
  s.generator = copy_generator();
  s.preset = cfg_.name;
  s.data_description = data_ ? data_->describe() : cfg_.data;
}

std::vector<float> Trainer::generate(int n, std::uint64_t seed) {
  std::vector<float> out;
  out.reserve(std::size_t(n) * std::size_t(out_dim_));
  generate_each(n, seed, [&](const float* y, int m) {
    out.insert(out.end(), y, y + std::size_t(m) * std::size_t(out_dim_));
  });
  return out;
}

void Trainer::generate_each(int n, std::uint64_t seed,
                            const std::function<void(const float*, int)>& each) {
  EvalMode eval({&g_});
  nn::Rng r(seed);
  const int chunk = 1024;
  nn::MatF z;
  for (int done = 0; done < n; done += chunk) {
    int m = std::min(chunk, n - done);
    z.resize(cfg_.latent_dim, m);
    for (Eigen::Index i = 0; i < z.size(); ++i)
      z.data()[i] = cfg_.latent == "uniform" ? 2.0f * r.uniform() - 1.0f : r.normal();
    const nn::MatF& y = g_.forward(z);
    each(y.data(), m);
  }
}

std::vector<float> Trainer::discriminate(const float* x, int n) {
  EvalMode eval({&d_});
  nn::MatF in = Eigen::Map<const nn::MatF>(x, out_dim_, n);
  const nn::MatF& logits = d_.forward(in);
  std::vector<float> p(std::size_t(logits.size()));
  for (Eigen::Index i = 0; i < logits.size(); ++i) p[std::size_t(i)] = 1.0f / (1.0f + std::exp(-logits.data()[i]));
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
  CheckpointWriter w;
  w.add("config", to_json(cfg_));
  std::ostringstream state;
  state.precision(17);
  state << step_ << ' ' << seconds_ << ' ' << reset_count_ << ' ' << opt_g_->steps() << ' '
        << opt_d_->steps();
  w.add("state", state.str());
  w.add_floats("G", self.g_.flat_state());
  w.add_floats("D", self.d_.flat_state());
  if (!dropout_states(g_).empty()) w.add("G.dropout", dropout_states(g_));
  if (!dropout_states(d_).empty()) w.add("D.dropout", dropout_states(d_));
  w.add_floats("G.optimizer", opt_g_->state());
  w.add_floats("D.optimizer", opt_d_->state());
  w.add("data_shape", std::to_string(data_ ? data_->rows() : 0) + " " +
                          std::to_string(data_ ? data_->cols() : 0));
  w.add("rng", rng_.state());
  if (sampler_) w.add("sampler", sampler_->state());
  w.add_floats("fixed_latents", std::vector<float>(fixed_z_.data(), fixed_z_.data() + fixed_z_.size()));
  if (with_history) {
    w.add("history", pack_history(history_.rows()));
    w.add("marks", pack_marks(history_.marks()));
  }
  return w.bytes();
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
  check_memory(saved.batch);  // a checkpoint's batch is allocated at the next step
  auto fixed = r.get_floats("fixed_latents");
  if (fixed.size() != std::size_t(fixed_z_.size()))
    throw CheckpointError(path + ": fixed latents do not match the grid size");
  // Everything is parsed and checked before anything is changed, so a bad file leaves the
  // running trainer as it was.
  nn::Sequential<float> g = g_, d = d_;
  try {
    g.set_flat_state(r.get_floats("G"));
    d.set_flat_state(r.get_floats("D"));
    if (r.has("G.dropout")) set_dropout_states(g, r.get("G.dropout"));
    if (r.has("D.dropout")) set_dropout_states(d, r.get("D.dropout"));
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  nn::Optimizer<float> og(opt_g_->kind(), g.params()), od(opt_d_->kind(), d.params());
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
    rows = unpack_history(r.get("history"));
    marks = unpack_marks(r.get("marks"));
  } else {
    // An in-memory state without history: keep ours up to the restored step.
    for (const auto& row : history_.rows())
      if (row.step <= step) rows.push_back(row);
    for (const auto& m : history_.marks())
      if (m.step <= step) marks.push_back(m);
  }

  g_.set_flat_state(g.flat_state());
  d_.set_flat_state(d.flat_state());
  set_dropout_states(g_, dropout_states(g));
  set_dropout_states(d_, dropout_states(d));
  opt_g_->set_state(g_steps, og.state());
  opt_d_->set_state(d_steps, od.state());
  rng_ = rng;
  if (sampler) sampler_ = std::move(sampler);
  std::copy(fixed.begin(), fixed.end(), fixed_z_.data());
  cfg_.hyper = saved.hyper;
  cfg_.batch = saved.batch;
  z_.resize(cfg_.latent_dim, cfg_.batch);
  x_real_.resize(out_dim_, cfg_.batch);
  step_ = step;
  seconds_ = seconds;
  reset_count_ = resets;
  last_ = rows.empty() ? MetricRow{} : rows.back();
  history_.assign(std::move(rows), std::move(marks));
}

}  // namespace ganscope::train
