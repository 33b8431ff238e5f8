#include "train/generator_copy.h"

#include "train/conditioning.h"
#include "train/generator_copy_impl.h"

namespace ganscope::train {

GeneratorCopy::GeneratorCopy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GeneratorCopy::~GeneratorCopy() = default;

int GeneratorCopy::latent_dim() const { return impl_->net.in_features() - impl_->classes; }
int GeneratorCopy::output_dim() const { return impl_->out_dim; }
int GeneratorCopy::classes() const { return impl_->classes; }

std::vector<float> GeneratorCopy::generate(const float* z, int n, const int* labels) const {
  std::vector<float> out;
  if (n <= 0) return out;
  const int latent = latent_dim(), k = impl_->classes;
  nn::MatF zm(latent + k, n);
  zm.topRows(latent) = Eigen::Map<const nn::MatF>(z, latent, n);
  if (k > 0) {
    std::vector<int> zeros;
    if (!labels) zeros.assign(std::size_t(n), 0);
    set_onehot(zm, latent, k, labels ? labels : zeros.data());
  }
  std::lock_guard<std::mutex> lock(impl_->mutex);  // the network's activations are scratch
  const nn::MatF& y = impl_->net.forward(zm);
  out.assign(y.data(), y.data() + y.size());
  return out;
}

}  // namespace ganscope::train
