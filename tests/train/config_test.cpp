// Configs: every preset parses, and bad files are refused with the key named.
#include <gtest/gtest.h>

#include "support/test_support.h"
#include <cmath>

#include "data/idx.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
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

void expect_config_refused(const std::string& json, const std::string& says) {
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
  expect_config_refused("{ not json", "not valid JSON");
  expect_config_refused("[1, 2]", "must be a JSON object");
  expect_config_refused(with(ok, "\"batch\": 256", "\"batch\": \"big\""),
                        "'batch' must be a whole number");
  expect_config_refused(with(ok, "\"batch\": 256", "\"batch\": 0"), "'batch' is 0");
  expect_config_refused(with(ok, "\"batch\": 256", "\"batch\": 2.5"),
                        "'batch' must be a whole number");
  expect_config_refused(with(ok, "\"lr_d\": 0.001", "\"lr_d\": -0.001"), "'lr_d' is -0.001");
  expect_config_refused(with(ok, "\"lr_g\": 0.001", "\"lr_g\": 5"), "'lr_g' is 5");
  expect_config_refused(with(ok, "\"beta1\": 0.5", "\"beta1\": 1.5"), "'beta1'");
  expect_config_refused(with(ok, "\"seed\": 1", "\"seed\": 1, \"colour\": \"red\""),
                        "unknown key 'colour'");
  expect_config_refused(
      with(ok, "\"objective\": \"non-saturating\"", "\"objective\": \"wgan-xp\""),
      "unknown objective 'wgan-xp' (known: non-saturating, minimax, lsgan, hinge, wgan, "
      "wgan-gp)");
  expect_config_refused(with(ok, "\"objective\": \"non-saturating\"", "\"loss\": \"hinge2\""),
                        "unknown objective 'hinge2'");
  expect_config_refused(with(ok, "\"objective\": \"non-saturating\"", "\"objective\": 3"),
                        "'objective' must be a string");
  expect_config_refused(with(ok, "\"objective\": \"non-saturating\"",
                             "\"objective\": \"hinge\", \"loss\": \"minimax\""),
                        "give 'objective' or the older 'loss', not both");
  expect_config_refused(with(ok, "\"seed\": 1", "\"seed\": 1, \"clip\": -0.01"), "'clip' is -0.01");
  expect_config_refused(with(ok, "\"seed\": 1", "\"seed\": 1, \"label_smoothing\": -0.1"),
                        "'label_smoothing' is -0.1");
  expect_config_refused(with(ok, "{\"type\": \"linear\", \"units\": 64}",
                             "{\"type\": \"linear\", \"units\": 1000000000}"),
                        "'units' in generator layer 1 is 1000000000, outside 1 .. 65536");
  expect_config_refused(with(ok, "{\"type\": \"relu\"}", "{\"type\": \"swish\"}"),
                        "unknown layer type 'swish'");
  expect_config_refused(with(ok, "{\"type\": \"relu\"}", "{\"type\": \"relu\", \"slope\": 1}"),
                        "unknown key 'slope' in generator layer 2");
  expect_config_refused(with(ok, "\"generator\": [", "\"generator_x\": ["),
                        "unknown key 'generator_x'");
  expect_config_refused(
      with(ok, "{\"type\": \"linear\", \"units\": 2}", "{\"type\": \"linear\", \"units\": 3}"),
      "generator: ends with 3 outputs but the data has 2 features");
}

// Configs and checkpoints from before the registry say "loss": both of its values still load,
// as the objectives of the same names, and the config written back says "objective".
TEST(Config, TheOlderLossKeyStillLoads) {
  const std::string old = with(ring_json(), "\"objective\": \"non-saturating\"", "\"loss\": \"minimax\"");
  const train::Config c = train::parse_config(old, "old.json");
  EXPECT_STREQ(c.hyper.objective->name, "minimax");
  const std::string again = train::to_json(c);
  EXPECT_NE(again.find("\"objective\": \"minimax\""), std::string::npos) << again;
  EXPECT_EQ(again.find("\"loss\""), std::string::npos) << again;
  EXPECT_EQ(train::parse_config(again, "again").hyper, c.hyper);
}

// --set goes through the same reader: a value is JSON when it reads as JSON, else a string, and
// a bad key or value is one line naming the setting.
TEST(Config, ApplySettingReadsThroughTheConfigReader) {
  const train::Config ring = train::load_preset("ring");
  train::Config c = train::apply_setting(ring, "objective=hinge");
  c = train::apply_setting(c, "lr_d=1e-4");
  c = train::apply_setting(c, "label_smoothing=0.1");
  EXPECT_STREQ(c.hyper.objective->name, "hinge");
  EXPECT_FLOAT_EQ(c.hyper.lr_d, 1e-4f);
  EXPECT_FLOAT_EQ(c.hyper.label_smoothing, 0.1f);
  EXPECT_EQ(c.name, "ring");
  EXPECT_TRUE(train::same_architecture(c, ring));
  EXPECT_EQ(train::apply_setting(ring, "batch=32").batch, 32);
  auto refused = [&](const std::string& kv, const std::string& says) {
    const std::string what = ganscope::testing::setting_error(ring, kv);
    EXPECT_EQ(what.rfind("--set " + kv + ": ", 0), 0u) << what;
    EXPECT_NE(what.find(says), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  };
  refused("objective=wgan-xp", "unknown objective 'wgan-xp'");
  refused("lr_d=-1", "'lr_d' is -1");
  refused("clip=-0.5", "'clip' is -0.5");
  refused("colour=red", "unknown key 'colour'");
  refused("batch=big", "'batch' must be a whole number");
  refused("instance_noise=-1", "'instance_noise' is -1");
  refused("noise_anneal_steps=1.5", "'noise_anneal_steps' must be a whole number");
  refused("lr_d", "takes KEY=VALUE");
  refused("=3", "takes KEY=VALUE");
}

}  // namespace

namespace {

TEST(Config, DataParamsSetTheDistribution) {
  std::string json = with(ring_json(), "\"data\": \"ring8\"",
                          "\"data\": \"ring8\", \"data_params\": {\"modes\": 12, \"std\": 0.05, \"radius\": 3}");
  train::Config c = train::parse_config(json, "ring12.json");
  EXPECT_EQ(c.data_params.at("modes"), 12);
  auto t = train::Trainer::open(c);
  train::Snapshot s;
  train::fill_snapshot(*t, s);
  EXPECT_EQ(s.plane.mode_centres.size(), 24u);
  EXPECT_FLOAT_EQ(s.plane.mode_std, 0.05f);
  EXPECT_NEAR(std::hypot(s.plane.mode_centres[0], s.plane.mode_centres[1]), 3.0, 1e-5);
  // The parameters travel with the config (checkpoints embed it).
  EXPECT_EQ(train::parse_config(train::to_json(c), "again").data_params, c.data_params);

  expect_config_refused(with(ring_json(), "\"data\": \"ring8\"",
                             "\"data\": \"ring8\", \"data_params\": {\"colour\": 1}"),
                        "unknown key 'colour' in data_params");
  expect_config_refused(with(ring_json(), "\"data\": \"ring8\"",
                             "\"data\": \"ring8\", \"data_params\": {\"std\": \"wide\"}"),
                        "'std' in data_params must be a number");
  c.data_params = {{"std", -1.0}};
  EXPECT_THROW(train::Trainer::open(c), data::DataError);
  c.data = "/nonexistent/images";
  c.data_params = {{"std", 0.1}};
  try {
    train::Trainer::open(c);
    FAIL();
  } catch (const data::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("only to the built-in 2D"), std::string::npos) << e.what();
  }
}

}  // namespace

// What a watching window sends (train/session.h, "Watching"): only the settings that changed,
// including one turned back to its usual value, and they rebuild the settings exactly.
TEST(Config, HyperChangesAreWhatApplyNeeds) {
  using namespace ganscope;
  train::Hyper before = train::load_preset("ring").hyper;
  before.gp = 10;
  EXPECT_EQ(train::hyper_changes_json(before, before), "{}");
  train::Hyper after = before;
  after.lr_d = 1e-4f;
  after.gp = 0;          // off: a key the config file would leave out
  after.spectral_norm = true;
  const std::string changes = train::hyper_changes_json(before, after);
  EXPECT_EQ(changes.find("lr_g"), std::string::npos) << changes;
  EXPECT_EQ(train::apply_hyper_settings(before, changes, "sent"), after) << changes;
}
