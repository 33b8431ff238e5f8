// Class conditioning by concatenation (Mirza and Osindero 2014, "Conditional GANs"): G reads
// [z; onehot(y)], and D reads its sample with one constant plane per class appended, plane y
// all ones and the others zero (for flat samples a plane is one value: [x; onehot(y)]).
//
// Why concatenation and not a projection discriminator (Miyato and Koyama 2018): it keeps D one
// plain network whose input merely grows, so every objective, regulariser (the penalties'
// gradients are taken on the sample's own rows), spectral norm and the window's views of D
// apply unchanged. The projection is the better choice at ImageNet's scale; at ten classes of
// 28x28, concatenation brings most classes to the rate fcd's classifier gives real images of
// them (README, "Class-conditional GANs"; Shirt stays below it).
//
// Why planes even for a flat D: a plane's weights in D's first layer move together, so under
// Adam a class's shift learns plane-size times faster than one label value's weight would;
// with ten values G learned to ignore its labels on the tests' two-class data. The price is
// D's first layer 11 times wider on Fashion-MNIST (README).
#pragma once

#include <string>
#include <vector>

#include "nn/tensor.h"

namespace ganscope::train {

struct Conditioning {
  int classes = 0;  // 0: an unconditioned GAN
  int plane = 1;    // values per label plane: rows * cols for images, 1 for flat samples

  bool on() const { return classes > 0; }
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
