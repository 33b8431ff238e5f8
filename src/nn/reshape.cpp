#include "nn/reshape.h"

#include "nn/shape.h"

namespace ganscope::nn {

template <typename T>
Reshape<T>::Reshape(std::vector<int> dims) : dims_(std::move(dims)) {
  if (dims_.empty()) throw std::invalid_argument("Reshape needs at least one dimension");
  for (int d : dims_)
    if (d <= 0) throw std::invalid_argument("Reshape needs positive dimensions");
}

template <typename T>
std::string Reshape<T>::describe() const {
  return "Reshape(" + shape_text(dims_) + ")";
}

template <typename T>
int Reshape<T>::out_features(int in_features) const {
  if (in_features != shape_size(dims_)) throw_input_mismatch(describe(), dims_, in_features);
  return in_features;
}

template <typename T>
std::string Reshape<T>::output_shape() const {
  return shape_text(dims_);
}

template <typename T>
std::unique_ptr<Layer<T>> Reshape<T>::clone() const {
  return std::make_unique<Reshape<T>>(*this);
}

template <typename T>
int Flatten<T>::out_features(int in_features) const {
  if (features_ > 0 && in_features != features_)
    throw_input_mismatch(describe(), {features_}, in_features);
  return in_features;
}

template <typename T>
std::unique_ptr<Layer<T>> Flatten<T>::clone() const {
  return std::make_unique<Flatten<T>>(*this);
}

template class Reshape<float>;
template class Reshape<double>;
template class Flatten<float>;
template class Flatten<double>;

}  // namespace ganscope::nn
