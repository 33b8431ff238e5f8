// Configs: every preset parses, and bad files are refused with the key named.
#include <gtest/gtest.h>

#include "support/test_support.h"
#include "train/config.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

std::string ring_json() {
  return ganscope::testing::read_file(ganscope::testing::source_dir() + "/assets/presets/ring.json");
}

std::string with(std::string json, const std::string& from, const std::string& to) {
  auto at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return json.replace(at, from.size(), to);
}

void expect_refused(const std::string& json, const std::string& says) {
  try {
    train::Config c = train::parse_config(json, "my.json");
    train::Trainer t(c, data::open_dataset("ring8", 1));  // sizes are checked on building
    FAIL() << "accepted; expected an error saying " << says;
  } catch (const train::ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(says), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
  }
}

TEST(Config, EveryPresetParsesAndRoundTrips) {
  for (const auto& name : train::preset_names()) {
    train::Config c = train::load_preset(name);
    EXPECT_EQ(c.name, name);
    train::Config again = train::parse_config(train::to_json(c), name);
    EXPECT_TRUE(train::same_architecture(c, again));
    EXPECT_EQ(c.hyper, again.hyper);
    EXPECT_EQ(c.batch, again.batch);
  }
  EXPECT_THROW(train::load_preset("nope"), train::ConfigError);
}

TEST(Config, BadFilesAreRefusedWithTheKeyNamed) {
  const std::string ok = ring_json();
  expect_refused("{ not json", "not valid JSON");
  expect_refused("[1, 2]", "must be a JSON object");
  expect_refused(with(ok, "\"batch\": 256", "\"batch\": \"big\""), "'batch' must be a whole number");
  expect_refused(with(ok, "\"batch\": 256", "\"batch\": 0"), "'batch' is 0");
  expect_refused(with(ok, "\"batch\": 256", "\"batch\": 2.5"), "'batch' must be a whole number");
  expect_refused(with(ok, "\"lr_d\": 0.001", "\"lr_d\": -0.001"), "'lr_d' is -0.001");
  expect_refused(with(ok, "\"lr_g\": 0.001", "\"lr_g\": 5"), "'lr_g' is 5");
  expect_refused(with(ok, "\"beta1\": 0.5", "\"beta1\": 1.5"), "'beta1'");
  expect_refused(with(ok, "\"seed\": 1", "\"seed\": 1, \"colour\": \"red\""), "unknown key 'colour'");
  expect_refused(with(ok, "\"loss\": \"non-saturating\"", "\"loss\": \"hinge\""), "unknown generator loss 'hinge'");
  expect_refused(with(ok, "{\"type\": \"linear\", \"units\": 128}", "{\"type\": \"linear\", \"units\": 1000000000}"),
                 "'units' in generator layer 1 is 1e+09");
  expect_refused(with(ok, "{\"type\": \"relu\"}", "{\"type\": \"swish\"}"), "unknown layer type 'swish'");
  expect_refused(with(ok, "{\"type\": \"relu\"}", "{\"type\": \"relu\", \"slope\": 1}"), "unknown key 'slope' in generator layer 2");
  expect_refused(with(ok, "\"generator\": [", "\"generator_x\": ["), "unknown key 'generator_x'");
  expect_refused(with(ok, "{\"type\": \"linear\", \"units\": 2}", "{\"type\": \"linear\", \"units\": 3}"),
                 "generator: ends with 3 outputs but the data has 2 features");
}

}  // namespace
