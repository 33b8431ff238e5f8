// Thinning a store that has filled (GridFrameStore, StateStore): entries [0, half) keep their
// even positions, [half, size) all stay, so the first and the newest always stay, the newer
// half keeps its spacing and the older entries' spacing doubles each time. Eigen-free.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace ganscope::train {

// dropped(entry) sees each entry before it goes.
template <class T, class Dropped>
void thin_older_half(std::vector<T>& entries, Dropped dropped) {
  const std::size_t half = entries.size() / 2;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i >= half || i % 2 == 0) entries[kept++] = std::move(entries[i]);
    else dropped(entries[i]);
  }
  entries.resize(kept);
}

}  // namespace ganscope::train
