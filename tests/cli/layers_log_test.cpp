// RUN/layers.csv (cli/layers_log.h): its rows, and that a resume keeps it whole and in order.
#include "cli/layers_log.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace {

using ganscope::cli::LayersLog;
using ganscope::testing::ganscope_bin;
using ganscope::testing::run_command;
using ganscope::testing::TempDir;

// One row of layers.csv, split at the commas outside its quoted layer name.
struct LayerRow {
  long long step = 0;
  std::string network, layer;
  int index = 0;
  std::string grad_norm, spectral_norm;
};

std::vector<LayerRow> layer_rows(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  EXPECT_EQ(line + "\n", LayersLog::header());
  std::vector<LayerRow> rows;
  while (std::getline(f, line)) {
    const std::size_t open = line.find('"'), close = line.rfind('"');
    const std::vector<std::string> head = ganscope::testing::csv_fields(line.substr(0, open));
    const std::vector<std::string> tail = ganscope::testing::csv_fields(line.substr(close + 2));
    EXPECT_EQ(head.size(), 3u) << line;  // step, network and the empty field before the quote
    EXPECT_EQ(tail.size(), 3u) << line;
    if (head.size() != 3 || tail.size() != 3) break;
    rows.push_back({std::stoll(head[0]), head[1], line.substr(open + 1, close - open - 1),
                    std::stoi(tail[0]), tail[1], tail[2]});
  }
  return rows;
}

ganscope::train::LayerStat stat(int index) {
  ganscope::train::LayerStat l;
  l.network = "D";
  l.index = index;
  l.layer = "Conv2d(1->64, k4, s2, p1)";
  l.grad_norm = 0.5f;  // spectral_norm stays kNoValue: an empty field
  return l;
}

TEST(LayersLog, RowsQuoteTheLayerAndLeaveUnmeasuredNormsEmpty) {
  EXPECT_EQ(LayersLog::format(300, stat(2)), "300,D,\"Conv2d(1->64, k4, s2, p1)\",2,0.5,\n");
}

// A kill -9 after the checkpoint at step 200 leaves rows of step 300 and a cut one: resuming
// at 200 keeps the rows of 100 and 200, and a step already there is not written twice.
TEST(LayersLog, ResumeKeepsWholeRowsUpToTheCheckpoint) {
  TempDir dir("layers");
  const std::string path = dir.path + "/layers.csv";
  std::string text = LayersLog::header();
  for (long long step : {100, 200, 300})
    for (int i : {1, 3}) text += LayersLog::format(step, stat(i));
  text += "400,D,\"Conv2d(1->";  // what was left of the next row
  ganscope::testing::write_file(path, text);
  {
    LayersLog log(path, 200);
    log.append(200, {stat(1), stat(3)});
    log.append(300, {stat(1)});
  }
  std::vector<long long> steps;
  for (const auto& r : layer_rows(path)) steps.push_back(r.step);
  EXPECT_EQ(steps, (std::vector<long long>{100, 100, 200, 200, 300}));
}

// step -> network -> the rows of that step.
std::map<long long, std::vector<LayerRow>> by_step(const std::vector<LayerRow>& rows) {
  std::map<long long, std::vector<LayerRow>> out;
  for (const auto& r : rows) out[r.step].push_back(r);
  return out;
}

// A run of 250 steps writes steps 100, 200 and 250, one row per layer with parameters (ring:
// three Linear layers in each network), whose D gradient norms add up to metrics.csv's
// grad_norm_d of that step; a resume to 350 after rows past the checkpoint were left behind
// ends with each step once.
TEST(LayersLog, TrainWritesEveryHundredStepsAndResumesWithoutDuplicates) {
  TempDir dir("layers_run");
  const std::string run = dir.path + "/run";
  auto r =
      run_command(ganscope_bin() + " train --preset ring --steps 250 --threads 1 --out " + run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto steps = by_step(layer_rows(run + "/layers.csv"));
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps.begin()->first, 100);
  EXPECT_EQ(steps.rbegin()->first, 250);
  std::ifstream metrics(run + "/metrics.csv");
  std::string line;
  std::map<long long, double> grad_norm_d;
  while (std::getline(metrics, line)) {
    const auto f = ganscope::testing::csv_fields(line);
    if (f[0] != "step") grad_norm_d[std::stoll(f[0])] = std::stod(f[5]);
  }
  for (const auto& [step, rows] : steps) {
    ASSERT_EQ(rows.size(), 6u) << step;
    double squares = 0;
    for (const auto& row : rows) {
      EXPECT_FALSE(row.spectral_norm.empty()) << row.layer;
      if (row.network == "D") squares += std::pow(std::stod(row.grad_norm), 2);
    }
    EXPECT_NEAR(std::sqrt(squares), grad_norm_d[step], 1e-5 * grad_norm_d[step]) << step;
  }
  // Rows of step 300 that a killed run wrote after its checkpoint at 250.
  std::ofstream(run + "/layers.csv", std::ios::app) << "300,G,\"Linear(2 -> 64)\",1,9,9\n";
  r = run_command(ganscope_bin() + " train --resume " + run + " --steps 350 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = layer_rows(run + "/layers.csv");
  steps = by_step(rows);
  std::vector<long long> seen;
  for (const auto& [step, of_step] : steps) {
    seen.push_back(step);
    EXPECT_EQ(of_step.size(), 6u) << step;
  }
  EXPECT_EQ(seen, (std::vector<long long>{100, 200, 250, 300, 350}));
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1].step, rows[i].step);
  for (const auto& row : steps[300]) EXPECT_NE(row.grad_norm, "9");
}

}  // namespace
