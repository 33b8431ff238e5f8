#include "metrics/image_classifier.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "nn/activations.h"
#include "nn/linear.h"
#include "nn/losses.h"
#include "nn/optim.h"
#include "nn/rng.h"

namespace ganscope::metrics {

namespace {

// He initialisation (N(0, 2 / fan_in)) keeps ReLU activations at a steady scale; GAN's
// N(0, 0.02) would start this classifier with vanishing signals.
void he_init(nn::Sequential<float>& net, nn::Rng& rng) {
  for (auto& p : net.params()) {
    const bool bias = p.is_bias();
    const float std = bias ? 0.0f : std::sqrt(2.0f / float(p.value->cols()));
    for (Eigen::Index i = 0; i < p.value->size(); ++i) p.value->data()[i] = std * rng.normal();
  }
}

void check_labels(long images, const std::vector<std::uint8_t>& labels) {
  if (long(labels.size()) != images)
    throw std::invalid_argument("classifier: " + std::to_string(labels.size()) + " labels for " +
                                std::to_string(images) + " images");
  for (std::uint8_t l : labels)
    if (l >= ImageClassifier::kClasses)
      throw std::invalid_argument("classifier: label " + std::to_string(int(l)) +
                                  " outside 0-9");
}

}  // namespace

ImageClassifier::ImageClassifier(int input_dim, std::uint64_t seed) : seed_(seed) {
  trunk_.set_input_features(input_dim);
  trunk_.add(std::make_unique<nn::Linear<float>>(input_dim, kHidden));
  trunk_.add(std::make_unique<nn::LeakyReLU<float>>(0.0f));
  trunk_.add(std::make_unique<nn::Linear<float>>(kHidden, kFeatures));
  trunk_.add(std::make_unique<nn::LeakyReLU<float>>(0.0f));
  head_.set_input_features(kFeatures);
  head_.add(std::make_unique<nn::Linear<float>>(kFeatures, kClasses));
  nn::Rng rng(seed);
  he_init(trunk_, rng);
  he_init(head_, rng);
}

double ImageClassifier::fit(const data::Dataset& images, const std::vector<std::uint8_t>& labels,
                            int epochs, int batch) {
  check_labels(images.size(), labels);
  if (images.dim() != trunk_.in_features())
    throw std::invalid_argument("classifier: images of " + std::to_string(images.dim()) +
                                " pixels for a classifier of " +
                                std::to_string(trunk_.in_features()));
  auto params = trunk_.params();
  for (auto& p : head_.params()) params.push_back(p);
  nn::Optimizer<float> adam(nn::OptimizerKind::Adam, params);
  nn::OptimizerSettings settings;
  settings.lr = 1e-3;
  settings.beta1 = 0.9;
  data::BatchSampler sampler(images.size(), seed_ + 1);
  std::vector<int> idx;
  std::vector<int> y(std::size_t(batch), 0);
  nn::MatF x(images.dim(), batch), dlogits, dfeatures;
  const int steps_per_epoch = std::max(1, images.size() / batch);
  double epoch_loss = 0;
  for (int e = 0; e < epochs; ++e) {
    epoch_loss = 0;
    for (int s = 0; s < steps_per_epoch; ++s) {
      sampler.next(batch, idx);
      images.gather(idx.data(), batch, x.data());
      for (int i = 0; i < batch; ++i) y[std::size_t(i)] = labels[std::size_t(idx[std::size_t(i)])];
      const nn::MatF& logits = head_.forward(trunk_.forward(x));
      epoch_loss += nn::softmax_cross_entropy(logits, y.data(), &dlogits);
      head_.backward(dlogits, &dfeatures);
      trunk_.backward(dfeatures, nullptr);
      adam.step(settings);
    }
    epoch_loss /= steps_per_epoch;
  }
  return epoch_loss;
}

nn::MatF ImageClassifier::features(const nn::MatF& x) {
  constexpr Eigen::Index kChunk = 1000;  // bounds the activations' memory for big sets
  nn::MatF out(kFeatures, x.cols());
  for (Eigen::Index at = 0; at < x.cols(); at += kChunk) {
    const Eigen::Index n = std::min(kChunk, x.cols() - at);
    const nn::MatF chunk = x.middleCols(at, n);
    out.middleCols(at, n) = trunk_.forward(chunk);
  }
  return out;
}

std::vector<int> ImageClassifier::predict(const nn::MatF& x) {
  const nn::MatF f = features(x);
  const nn::MatF& logits = head_.forward(f);
  std::vector<int> classes(std::size_t(x.cols()));
  for (Eigen::Index j = 0; j < logits.cols(); ++j) logits.col(j).maxCoeff(&classes[std::size_t(j)]);
  return classes;
}

double ImageClassifier::accuracy(const data::Dataset& images,
                                 const std::vector<std::uint8_t>& labels) {
  return accuracy_by_class(gather_all(images), labels).overall;
}

ClassAccuracy ImageClassifier::accuracy_by_class(const nn::MatF& x, const std::vector<std::uint8_t>& labels) {
  check_labels(long(x.cols()), labels);
  const std::vector<int> predicted = predict(x);
  std::vector<double> right(kClasses, 0.0), seen(kClasses, 0.0);
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    seen[labels[i]] += 1;
    right[labels[i]] += predicted[i] == int(labels[i]);
  }
  ClassAccuracy out;
  double all = 0;
  for (int c = 0; c < kClasses; ++c) {
    all += right[std::size_t(c)];
    out.per_class.push_back(seen[std::size_t(c)] > 0 ? right[std::size_t(c)] / seen[std::size_t(c)] : 0.0);
  }
  out.overall = predicted.empty() ? 0.0 : all / double(predicted.size());
  return out;
}

nn::MatF gather_all(const data::Dataset& images, int limit) {
  const int n = limit < 0 ? images.size() : std::min(limit, images.size());
  std::vector<int> idx(static_cast<std::size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  nn::MatF x(images.dim(), n);
  images.gather(idx.data(), n, x.data());
  return x;
}

}  // namespace ganscope::metrics
