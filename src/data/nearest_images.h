// The training images nearest a generated one: a memorisation check. A G that copies its
// data shows samples at distance 0 from a training image; one that generalises shows samples
// near several images and equal to none.
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.h"

namespace ganscope::data {

struct NearbyImage {
  int index = 0;       // in the dataset searched
  float distance = 0;  // L2 over the pixels in 0..255: sqrt(sum (a - b)^2)
};

// The k images of `images` nearest `query` (dim() pixels, 0..255), nearest first (ties: the
// lower index first); fewer when the set is smaller. Exact, by a full scan in integers.
// Fashion-MNIST's 60,000 images of 784 pixels take 6.5 ms on one core (best of 10 queries; 10
// ms on average with the machine's 2 cores loaded 3 times over, about 50 ms inside a window
// run so loaded), so the trainer thread runs it whole between two steps. It reads 47 MB at
// about 7 GB/s: memory bound, so giving up on an image once its partial sum passes the k-th
// best did not help (best of 10: 6.3-6.7 ms against 6.5-6.8 ms).
std::vector<NearbyImage> nearest_images(const ImageDataset& images, const std::uint8_t* query,
                                        int k);

}  // namespace ganscope::data
