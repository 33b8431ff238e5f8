#include "nn/layer_norm.h"

#include "nn/shape.h"

namespace ganscope::nn {

template <typename T>
LayerNorm<T>::LayerNorm(std::vector<int> shape) : shape_(std::move(shape)) {
  if (shape_.empty() || shape_size(shape_) <= 0)
    throw std::invalid_argument("LayerNorm needs a positive shape");
  n_ = int(shape_size(shape_));
  gamma_ = Mat<T>::Ones(n_, 1);
  beta_ = Mat<T>::Zero(n_, 1);
  dgamma_ = Mat<T>::Zero(n_, 1);
  dbeta_ = Mat<T>::Zero(n_, 1);
}

template <typename T>
std::string LayerNorm<T>::describe() const {
  return "LayerNorm(" + shape_text(shape_) + ")";
}

template <typename T>
int LayerNorm<T>::out_features(int in_features) const {
  if (in_features != n_) throw_input_mismatch(describe(), shape_, in_features);
  return in_features;
}

template <typename T>
std::string LayerNorm<T>::output_shape() const {
  return shape_text(shape_);
}

// Two passes, the mean then the variance of the centred values (safer than E[x^2] - mean^2).
template <typename T>
void LayerNorm<T>::normalise(const Mat<T>& x) {
  mean_ = x.array().colwise().mean();
  xhat_.resize(x.rows(), x.cols());
  xhat_.array() = x.array().rowwise() - mean_;
  inv_std_ = (xhat_.array().square().colwise().mean() + T(kEps)).rsqrt();
  xhat_.array().rowwise() *= inv_std_;
}

// J v = s (v - mean(v) - xhat mean(xhat .* v)), column by column.
template <typename T>
void LayerNorm<T>::jacobian_times(const Mat<T>& v, Mat<T>& out) {
  r1_ = v.array().colwise().mean();
  r2_ = (xhat_.array() * v.array()).colwise().mean();
  out.resize(v.rows(), v.cols());
  out.array() = ((v.array().rowwise() - r1_) - xhat_.array().rowwise() * r2_).rowwise() * inv_std_;
}

// x: (N, B) -> y: (N, B)
template <typename T>
void LayerNorm<T>::forward(const Mat<T>& x, Mat<T>& y) {
  normalise(x);
  y.resize(x.rows(), x.cols());
  y.array() = (xhat_.array().colwise() * gamma_.col(0).array()).colwise() + beta_.col(0).array();
}

// dgamma = sum_b dy .* xhat, dbeta = sum_b dy, dx = J (gamma .* dy).
template <typename T>
void LayerNorm<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                            bool param_grads) {
  normalise(x);
  if (param_grads) {
    if (!this->accumulate_grads_) {
      dgamma_.setZero();
      dbeta_.setZero();
    }
    dgamma_.array() += (dy.array() * xhat_.array()).rowwise().sum();
    dbeta_.array() += dy.array().rowwise().sum();
  }
  if (!dx) return;
  ubar_.resize(dy.rows(), dy.cols());
  ubar_.array() = dy.array().colwise() * gamma_.col(0).array();
  jacobian_times(ubar_, *dx);
}

// yt = gamma .* xhat_t, xhat_t = J xt.
template <typename T>
void LayerNorm<T>::tangent_forward(const Mat<T>& x, const Mat<T>&, const Mat<T>& xt, Mat<T>& yt) {
  normalise(x);
  jacobian_times(xt, yt);
  yt.array().colwise() *= gamma_.col(0).array();
}

// With u = xhat_t = J xt and ubar = gamma .* ytbar its adjoint:
//   dgamma += sum_b ytbar .* u (+ ybar .* xhat),  dbeta += sum_b ybar,  xtbar = J ubar,
//   xbar = J (gamma .* ybar) + grad_x <ubar, u>, the curvature. Per sample, with c = xt -
//   mean(xt), A = <ubar, c>, Bu = <ubar, xhat>, m = <xhat, c> / N, u = s (c - m xhat), and
//   grad_x s = -(s^2 / N) xhat, grad_x m = (s / N)(c - m xhat), grad_x Bu = J ubar:
//   grad_x <ubar, u> = -(s^2 / N) ((A - 2 m Bu) xhat + Bu c) - s^2 m P ubar.
template <typename T>
bool LayerNorm<T>::tangent_backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& xt,
                                    const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                    Mat<T>* xtbar) {
  normalise(x);
  jacobian_times(xt, u_);
  dgamma_.array() += (ytbar.array() * u_.array()).rowwise().sum();
  if (ybar) {
    dgamma_.array() += (ybar->array() * xhat_.array()).rowwise().sum();
    dbeta_.array() += ybar->array().rowwise().sum();
  }
  ubar_.resize(ytbar.rows(), ytbar.cols());
  ubar_.array() = ytbar.array().colwise() * gamma_.col(0).array();
  if (xtbar) jacobian_times(ubar_, *xtbar);
  if (!xbar) return false;
  const T n = T(n_);
  c_.resize(xt.rows(), xt.cols());
  c_.array() = xt.array().rowwise() - xt.array().colwise().mean();
  const Row a = (ubar_.array() * c_.array()).colwise().sum();
  const Row bu = (ubar_.array() * xhat_.array()).colwise().sum();
  const Row m = (xhat_.array() * c_.array()).colwise().sum() / n;
  const Row s2 = inv_std_.square();
  r3_ = ubar_.array().colwise().mean();  // P ubar = ubar - mean(ubar) - xhat Bu / N
  xbar->resize(xt.rows(), xt.cols());
  xbar->array() = (xhat_.array().rowwise() * (a - T(2) * m * bu) + c_.array().rowwise() * bu)
                      .rowwise() * (-s2 / n);
  xbar->array() -= ((ubar_.array().rowwise() - r3_) - xhat_.array().rowwise() * (bu / n))
                       .rowwise() * (s2 * m);
  if (ybar) {
    ubar_.array() = ybar->array().colwise() * gamma_.col(0).array();
    jacobian_times(ubar_, u_);
    *xbar += u_;
  }
  return true;
}

template <typename T>
std::vector<Param<T>> LayerNorm<T>::params() {
  return {{&gamma_, &dgamma_, "weight"}, {&beta_, &dbeta_, "bias"}};
}

template <typename T>
std::unique_ptr<Layer<T>> LayerNorm<T>::clone() const {
  return std::make_unique<LayerNorm<T>>(*this);
}

template class LayerNorm<float>;
template class LayerNorm<double>;

}  // namespace ganscope::nn
