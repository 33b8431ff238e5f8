// Class conditioning. G reads [z; onehot(y)] (Mirza and Osindero 2014, "Conditional GANs");
// D reads the label in one of two ways (config "conditioning"):
//   planes: its sample with one constant plane per class appended, plane y all ones and the
//     others zero (for flat samples a plane is one value: [x; onehot(y)]);
//   projection (Miyato and Koyama 2018): the sample alone, and v_y . phi(x) added to its output
//     by nn::ClassProjection, whose class logits also carry AC-GAN's auxiliary classifier
//     (Odena et al. 2017; the regulariser class_loss).
//
// Why both. Planes keep D one plain network whose input merely grows, so every objective,
// regulariser and view applies unchanged; they cost D's first layer K + 1 times its width.
// A plane's weights move together, so under Adam a class's shift learns plane-size times
// faster than one label value's weight would (with ten values G learned to ignore its labels on
// the tests' two-class data). The projection costs nothing at the input, and its class logits
// let G learn from a classifier: on Fashion-MNIST's hard classes (Shirt, Coat, Pullover)
// planes reached fcd's classifier's rate on real images at best (Shirt 0.32-0.56), the
// projection alone less (Shirt 0.26), and the projection with class_loss 3 0.84-0.88 for
// G's Shirts, 0.97 for its average's (README, "Class-conditional GANs").
// The presets use the projection; planes stay for configs that ask for them.
#pragma once

#include <string>
#include <vector>

#include "nn/tensor.h"

namespace ganscope::train {

struct Conditioning {
  int classes = 0;  // 0: an unconditioned GAN
  int plane = 1;    // values per label plane: rows * cols for images, 1 for flat samples
  bool projection = false;  // D reads the label through nn::ClassProjection, not planes

  bool on() const { return classes > 0; }
  bool planes() const { return on() && !projection; }
  // out = x (F, n) with each column's label planes below it: (F + classes * plane, n).
  // onehot is (classes, n), e.g. the bottom rows of G's input.
  template <typename OneHot>
  const nn::MatF& append(const nn::MatF& x, const OneHot& onehot, nn::MatF& out) const {
    const Eigen::Index f = x.rows();
    out.resize(f + Eigen::Index(classes) * plane, x.cols());
    out.topRows(f) = x;
    for (int k = 0; k < classes; ++k)
      out.middleRows(f + Eigen::Index(k) * plane, plane) = onehot.row(k).replicate(plane, 1);
    return out;
  }
};

// Rows [first, first + classes) of z's columns set to the one-hot codes of labels (one per column).
void set_onehot(nn::MatF& z, int first, int classes, const int* labels);
// The label of each column from its one-hot rows [first, first + classes) (the largest entry).
std::vector<int> labels_of(const nn::MatF& z, int first, int classes);
// The grid's labels: with `count` samples tiled in rows of ceil(sqrt(count)), one row per class
// (row r is class r mod classes), so that a 10 x 10 grid shows every class once.
std::vector<int> grid_labels(int count, int classes);
// A class from its name or its number in names; -1 when it is neither.
int find_class(const std::vector<std::string>& names, const std::string& wanted);

}  // namespace ganscope::train
