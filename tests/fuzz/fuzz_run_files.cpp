// libFuzzer target: what a run folder's readers take from whoever writes the folder (a steerer,
// another machine's train): RUN/control.json's orders (train/run_control.h) and metrics.csv's
// lines as a watching window or an overlay reads them (train/metrics_csv.h). The first byte
// picks the reader. A std::runtime_error is the expected answer to bad text; orders accepted
// must survive control_json and parse_control unchanged, and rows accepted come in step order.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fuzz_input.h"
#include "train/metrics_csv.h"
#include "train/run_control.h"

using namespace ganscope;

namespace {

void orders(const std::string& text) {
  train::ControlOrders o;
  try {
    o = train::parse_control(text, "fuzz");
  } catch (const std::runtime_error&) {
    return;
  }
  train::ControlOrders back;
  try {
    back = train::parse_control(train::control_json(o), "fuzz");
  } catch (const std::runtime_error&) {
    fuzz::invariant_failed("control_json wrote orders that parse_control refuses");
  }
  if (back.seq != o.seq || back.save != o.save || back.paused != o.paused || back.refresh != o.refresh ||
      back.settings != o.settings)
    fuzz::invariant_failed("control_json then parse_control changed the orders");
}

void metrics_lines(const std::string& text) {
  train::MetricsCsvParser parser("fuzz");
  std::vector<train::ChangeMark> marks;
  std::size_t number = 0;
  std::int64_t last = -1;
  try {
    for (std::size_t from = 0, nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
      const std::string line = text.substr(from, nl - from);
      if (++number == 1) {
        parser.header(line);
        continue;
      }
      const train::MetricRow r = parser.row(line, number, &marks);
      if (r.step <= last) fuzz::invariant_failed("a row accepted out of step order");
      last = r.step;
    }
  } catch (const std::runtime_error&) {
  }
  for (const train::ChangeMark& m : marks)
    if (m.step >= last || m.what.empty()) fuzz::invariant_failed("a mark after its row, or an empty one");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) orders(text);
  else metrics_lines(text);
  return 0;
}
