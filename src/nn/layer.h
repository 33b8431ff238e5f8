// The layer interface. Forward and backward take the layer's input and output explicitly
// (the network keeps the activations), so a layer stores no copies of them.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/tensor.h"

namespace ganscope::nn {

// A trainable tensor and its gradient (same shape). Biases are (n, 1) matrices.
template <typename T>
struct Param {
  Mat<T>* value;
  Mat<T>* grad;
  std::string name;
  // "bias", or "3.bias" as Sequential::params() names it: initialised to 0, not drawn.
  bool is_bias() const {
    return name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
  }
};

template <typename T>
class Layer {
 public:
  virtual ~Layer() = default;

  // "Linear(784 -> 512)": for shape errors and the UI's layer list.
  virtual std::string describe() const = 0;
  // Output features for in_features inputs; throws std::invalid_argument on a mismatch.
  virtual int out_features(int in_features) const = 0;

  // x: (in, B) -> y: (out, B)
  virtual void forward(const Mat<T>& x, Mat<T>& y) = 0;
  // x, y: what forward saw and made; dy: (out, B) = dL/dy.
  // Writes dx = dL/dx (in, B) when dx is not null, and overwrites the parameter gradients
  // when param_grads is true (skipping them saves a GEMM where only dx is needed), or adds to
  // them while accumulate_grads() is on.
  virtual void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                        bool param_grads) = 0;

  virtual std::vector<Param<T>> params() { return {}; }
  // State that is not trained by gradients but must survive a checkpoint (running
  // statistics, power-iteration vectors).
  virtual std::vector<Mat<T>*> buffers() { return {}; }
  virtual std::unique_ptr<Layer<T>> clone() const = 0;

  // Training (true, the default, as in PyTorch) or evaluation mode: BatchNorm's batch versus
  // running statistics, Dropout on or off, SpectralNorm's power iteration. Most layers have
  // no mode and ignore it.
  virtual void set_training(bool /*training*/) {}
  // The output's shape per sample for the UI's layer list ("64x14x14", "512"); empty when the
  // layer has no shape of its own (elementwise layers: the input's shape passes through).
  virtual std::string output_shape() const { return ""; }

  // Multiply-adds of one forward pass per sample (the GEMM work), for FLOP counts.
  virtual double macs_per_sample() const { return 0; }

  // Second derivatives, for gradient penalties (docs/design.md, "Second derivatives"). A
  // penalty on |grad_x D(x)| needs the gradient with respect to D's parameters of
  // v . grad_x D(x) for a fixed direction v per sample, which is the output's tangent when the
  // input moves along v. So a layer that supports it maps its input's tangent xt to its
  // output's, yt = (dy/dx) xt (forward mode: tangent_forward), and differentiates that map in
  // reverse mode (tangent_backward): given the adjoints ybar of y (null: zero) and ytbar of
  // yt, it ADDS the gradients of its parameters to the held ones and writes the adjoints
  // xtbar of xt and xbar of x, each when not null. It returns false when xbar is zero and so
  // was not written (ybar null and no curvature: piecewise-linear layers), which lets a
  // piecewise-linear critic skip the primal chain entirely.
  // The defaults refuse, naming the layer: layers without support are caught when a penalty
  // is switched on (Sequential::first_layer_without_tangent), not in the middle of a step.
  virtual bool has_tangent() const { return false; }
  virtual void tangent_forward(const Mat<T>& /*x*/, const Mat<T>& /*y*/, const Mat<T>& /*xt*/,
                               Mat<T>& /*yt*/) {
    throw no_tangent_error();
  }
  virtual bool tangent_backward(const Mat<T>& /*x*/, const Mat<T>& /*y*/, const Mat<T>& /*xt*/,
                                const Mat<T>* /*ybar*/, const Mat<T>& /*ytbar*/,
                                Mat<T>* /*xbar*/, Mat<T>* /*xtbar*/) {
    throw no_tangent_error();
  }

  // While on, backward adds its parameter gradients to those already held: D's update sums
  // the gradients of its pass on the real batch and its pass on the fake one.
  void set_accumulate_grads(bool on) { accumulate_grads_ = on; }
  bool accumulate_grads() const { return accumulate_grads_; }

 protected:
  bool accumulate_grads_ = false;

 private:
  std::invalid_argument no_tangent_error() const {
    return std::invalid_argument(describe() + " has no second derivative, which a gradient "
                                 "penalty needs");
  }
};

// A layer whose Jacobian is diagonal and constant given x, with no curvature (LeakyReLU's
// slopes, Dropout's mask, the identity of Reshape and Flatten): its backward, dx = J dy, is
// then also its forward-mode map, yt = J xt, and both adjoints pass back through J.
template <typename T>
class DiagonalJacobianLayer : public Layer<T> {
 public:
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override {
    this->backward(x, y, xt, &yt, false);
  }
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>&, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override {
    if (xtbar) this->backward(x, y, ytbar, xtbar, false);
    if (!ybar || !xbar) return false;
    this->backward(x, y, *ybar, xbar, false);
    return true;
  }
};

}  // namespace ganscope::nn
