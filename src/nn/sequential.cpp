#include "nn/sequential.h"

#include <stdexcept>

namespace ganscope::nn {

template <typename T>
Sequential<T>::Sequential(const Sequential& other) : in_features_(other.in_features_) {
  tapes_.reserve(kMaxTapes);  // references to a tape's output stay valid as tapes are added
  for (const auto& l : other.layers_) layers_.push_back(l->clone());
  tapes_[0].acts.resize(layers_.size());
  tapes_[0].grads.resize(layers_.size());
}

template <typename T>
Sequential<T>& Sequential<T>::operator=(const Sequential& other) {
  if (this != &other) *this = Sequential(other);
  return *this;
}

template <typename T>
void Sequential<T>::add(std::unique_ptr<Layer<T>> layer) {
  int in = layers_.empty() ? in_features_ : out_features();
  try {
    layer->out_features(in);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("layer " + std::to_string(layers_.size() + 1) + " (" +
                                layer->describe() + "): " + e.what());
  }
  layers_.push_back(std::move(layer));
  tapes_.reserve(kMaxTapes);  // references to a tape's output stay valid as tapes are added
  for (auto& t : tapes_) {
    t.acts.resize(layers_.size());
    t.grads.resize(layers_.size());
  }
}

template <typename T>
int Sequential<T>::out_features() const {
  int n = in_features_;
  for (const auto& l : layers_) n = l->out_features(n);
  return n;
}

template <typename T>
typename Sequential<T>::Tape& Sequential<T>::tape_for(Eigen::Index cols) {
  std::size_t pick = 0;
  bool found = false;
  for (std::size_t i = 0; i < tapes_.size() && !found; ++i)
    if (tapes_[i].cols == cols || tapes_[i].cols < 0) pick = i, found = true;
  if (!found && tapes_.size() < kMaxTapes) {
    tapes_.emplace_back();
    pick = tapes_.size() - 1;
  } else if (!found) {
    for (std::size_t i = 1; i < tapes_.size(); ++i)
      if (tapes_[i].last_use < tapes_[pick].last_use) pick = i;
  }
  Tape& t = tapes_[pick];
  t.cols = cols;
  t.acts.resize(layers_.size());
  t.grads.resize(layers_.size());
  t.last_use = ++uses_;
  current_ = pick;
  return t;
}

template <typename T>
const Mat<T>& Sequential<T>::forward(const Mat<T>& x) {
  if (layers_.empty()) throw std::logic_error("Sequential::forward on a network with no layers");
  Tape& t = tape_for(x.cols());
  input_ = &x;
  const Mat<T>* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*in, t.acts[i]);
    in = &t.acts[i];
  }
  return t.acts.back();
}

template <typename T>
void Sequential<T>::backward(const Mat<T>& dy, Mat<T>* dx, bool param_grads, bool accumulate) {
  Tape& t = tapes_[current_];
  const Mat<T>* grad_out = &dy;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const Mat<T>& x = i == 0 ? *input_ : t.acts[i - 1];
    Mat<T>* grad_in = i == 0 ? dx : &t.grads[i - 1];
    layers_[i]->set_accumulate_grads(accumulate);
    layers_[i]->backward(x, t.acts[i], *grad_out, grad_in, param_grads);
    grad_out = grad_in;
  }
}

template <typename T>
std::string Sequential<T>::first_layer_without_tangent() const {
  for (const auto& l : layers_)
    if (!l->has_tangent()) return l->describe();
  return "";
}

// Forward mode from v through the layers (each yt from the one before), then reverse mode
// through both chains. The primal adjoints start at zero (only the tangent is weighted), and
// stay zero through piecewise-linear layers, which then report so and are spared the primal
// half of their backward.
template <typename T>
void Sequential<T>::add_tangent_param_grads(const Mat<T>& v, const Mat<T>& w) {
  const std::string missing = first_layer_without_tangent();
  if (!missing.empty())
    throw std::invalid_argument(missing + " has no second derivative, which a gradient penalty "
                                "needs");
  Tape& t = tapes_[current_];
  const std::size_t n = layers_.size();
  t.tangents.resize(n);
  t.tangent_grads.resize(n);
  const Mat<T>* xt = &v;
  for (std::size_t i = 0; i < n; ++i) {
    const Mat<T>& x = i == 0 ? *input_ : t.acts[i - 1];
    layers_[i]->tangent_forward(x, t.acts[i], *xt, t.tangents[i]);
    xt = &t.tangents[i];
  }
  const Mat<T>* ybar = nullptr;  // null: zero
  const Mat<T>* ytbar = &w;
  for (std::size_t i = n; i-- > 0;) {
    const Mat<T>& x = i == 0 ? *input_ : t.acts[i - 1];
    const Mat<T>& in_t = i == 0 ? v : t.tangents[i - 1];
    Mat<T>* xbar = i == 0 ? nullptr : &t.grads[i - 1];
    Mat<T>* xtbar = i == 0 ? nullptr : &t.tangent_grads[i - 1];
    const bool wrote = layers_[i]->tangent_backward(x, t.acts[i], in_t, ybar, *ytbar, xbar, xtbar);
    ybar = wrote ? xbar : nullptr;
    ytbar = xtbar;
  }
}

template <typename T>
std::vector<Param<T>> Sequential<T>::params() {
  std::vector<Param<T>> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& p : layers_[i]->params()) {
      p.name = std::to_string(i) + "." + p.name;
      all.push_back(p);
    }
  return all;
}

template <typename T>
std::size_t Sequential<T>::parameter_count() {
  std::size_t n = 0;
  for (auto& p : params()) n += static_cast<std::size_t>(p.value->size());
  return n;
}

// Every tensor of state, parameters first: the order flat_state and set_flat_state share.
template <typename T>
static std::vector<Mat<T>*> state_tensors(Sequential<T>& net) {
  std::vector<Mat<T>*> all;
  for (auto& p : net.params()) all.push_back(p.value);
  for (std::size_t i = 0; i < net.size(); ++i)
    for (auto* b : net.layer(i).buffers()) all.push_back(b);
  return all;
}

template <typename T>
std::vector<T> Sequential<T>::flat_state() {
  std::vector<T> flat;
  for (auto* m : state_tensors(*this)) flat.insert(flat.end(), m->data(), m->data() + m->size());
  return flat;
}

template <typename T>
void Sequential<T>::set_flat_state(const std::vector<T>& flat) {
  auto tensors = state_tensors(*this);
  std::size_t need = 0;
  for (auto* m : tensors) need += static_cast<std::size_t>(m->size());
  if (flat.size() != need)
    throw std::invalid_argument("state size mismatch: the network holds " + std::to_string(need) +
                                " values, the file " + std::to_string(flat.size()));
  std::size_t at = 0;
  for (auto* m : tensors) {
    std::copy(flat.begin() + at, flat.begin() + at + m->size(), m->data());
    at += static_cast<std::size_t>(m->size());
  }
}

template <typename T>
double Sequential<T>::macs_per_sample() const {
  double m = 0;
  for (const auto& l : layers_) m += l->macs_per_sample();
  return m;
}

template <typename T>
double Sequential<T>::first_layer_macs() const {
  return layers_.empty() ? 0 : layers_.front()->macs_per_sample();
}

template <typename T>
std::vector<std::string> Sequential<T>::describe() const {
  std::vector<std::string> out;
  for (const auto& l : layers_) out.push_back(l->describe());
  return out;
}

template class Sequential<float>;
template class Sequential<double>;

}  // namespace ganscope::nn
