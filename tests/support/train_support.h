// Shared by the train tests: comparing metric histories exactly.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::testing {

// Bit-for-bit equality of every metric but wall-clock time.
inline void expect_same_rows(const std::vector<train::MetricRow>& a,
                             const std::vector<train::MetricRow>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].step, b[i].step);
    EXPECT_EQ(a[i].loss_d, b[i].loss_d) << "row " << i;
    EXPECT_EQ(a[i].loss_g, b[i].loss_g) << "row " << i;
    EXPECT_EQ(a[i].d_real, b[i].d_real) << "row " << i;
    EXPECT_EQ(a[i].d_fake, b[i].d_fake) << "row " << i;
    EXPECT_EQ(a[i].grad_norm_d, b[i].grad_norm_d) << "row " << i;
    EXPECT_EQ(a[i].grad_norm_g, b[i].grad_norm_g) << "row " << i;
    EXPECT_EQ(std::isnan(a[i].wasserstein), std::isnan(b[i].wasserstein)) << "row " << i;
    if (!std::isnan(a[i].wasserstein)) {
      EXPECT_EQ(a[i].wasserstein, b[i].wasserstein) << "row " << i;
    }
    EXPECT_EQ(std::isnan(a[i].penalty), std::isnan(b[i].penalty)) << "row " << i;
    if (!std::isnan(a[i].penalty)) {
      EXPECT_EQ(a[i].penalty, b[i].penalty) << "row " << i;
    }
  }
}

}  // namespace ganscope::testing
