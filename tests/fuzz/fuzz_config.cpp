// libFuzzer target: the config parser (train/config.h) on arbitrary text. A ConfigError is the
// expected answer to a bad config. A config it accepts must survive to_json and parse_config
// again (checkpoints embed to_json's text and read it back on load) with the same architecture.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "train/config.h"

using namespace ganscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  train::Config c;
  try {
    c = train::parse_config(text, "fuzz");
  } catch (const train::ConfigError&) {
    return 0;
  }
  train::Config again;
  try {
    again = train::parse_config(train::to_json(c), "fuzz");
  } catch (const train::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fuzz::invariant_failed("to_json wrote a config that parse_config refuses");
  }
  if (!train::same_architecture(c, again) || again.data != c.data || again.batch != c.batch ||
      again.seed != c.seed || again.grid != c.grid || again.description != c.description)
    fuzz::invariant_failed("to_json then parse_config changed the config");
  return 0;
}
