// Shared by the train tests: the ring configs they train, refused settings, and comparing
// metric histories exactly.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "train/config.h"
#include "train/metrics_row.h"

namespace ganscope::testing {

// The ring preset with the given batch (smaller than the preset's, so that steps are quick).
inline train::Config ring_config(int batch = 64) {
  train::Config c = train::load_preset("ring");
  c.batch = batch;
  return c;
}

// The ConfigError message that apply_setting(base, kv) throws; "" and a failure when it
// accepts kv.
inline std::string setting_error(const train::Config& base, const std::string& kv) {
  try {
    train::apply_setting(base, kv);
  } catch (const train::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << kv << " accepted";
  return "";
}

// kv on base is refused with exactly "--set kv: says".
inline void expect_setting_refused(const train::Config& base, const std::string& kv,
                                   const std::string& says) {
  EXPECT_EQ(setting_error(base, kv), "--set " + kv + ": " + says);
}

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
    // Columns that some rows lack (NaN): equal where present, absent in both where not.
    for (float train::MetricRow::*column :
         {&train::MetricRow::wasserstein, &train::MetricRow::penalty, &train::MetricRow::r_t,
          &train::MetricRow::d_seen, &train::MetricRow::d_heldout,
          &train::MetricRow::d_probe_fake}) {
      EXPECT_EQ(std::isnan(a[i].*column), std::isnan(b[i].*column)) << "row " << i;
      if (!std::isnan(a[i].*column)) {
        EXPECT_EQ(a[i].*column, b[i].*column) << "row " << i;
      }
    }
    EXPECT_EQ(a[i].has_heldout, b[i].has_heldout) << "row " << i;
  }
}

}  // namespace ganscope::testing
