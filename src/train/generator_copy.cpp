#include "train/generator_copy.h"

#include "train/generator_copy_impl.h"

namespace ganscope::train {

GeneratorCopy::GeneratorCopy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GeneratorCopy::~GeneratorCopy() = default;

int GeneratorCopy::latent_dim() const { return impl_->net.in_features(); }
int GeneratorCopy::output_dim() const { return impl_->out_dim; }

std::vector<float> GeneratorCopy::generate(const float* z, int n) const {
  std::vector<float> out;
  if (n <= 0) return out;
  nn::MatF zm = Eigen::Map<const nn::MatF>(z, impl_->net.in_features(), n);
  std::lock_guard<std::mutex> lock(impl_->mutex);  // the network's activations are scratch
  const nn::MatF& y = impl_->net.forward(zm);
  out.assign(y.data(), y.data() + y.size());
  return out;
}

}  // namespace ganscope::train
