// libFuzzer target: the CSV point reader (data/points_csv.h). A DataError is the expected
// answer to a bad file. A file it accepts must hold whole, finite, bounded points, and writing
// them back and reading again must give the same floats.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "data/idx.h"
#include "data/points_csv.h"
#include "fuzz_input.h"

using namespace ganscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputFile file("points_csv", data, size);
  std::vector<float> xy;
  try {
    xy = data::read_points_csv(file.path());
  } catch (const data::DataError&) {
    return 0;
  }
  if (xy.empty() || xy.size() % 2 != 0) fuzz::invariant_failed("not a whole number of points");
  for (float v : xy)
    if (!std::isfinite(v) || std::fabs(v) > data::kMaxPointCoordinate)
      fuzz::invariant_failed("a coordinate is not finite or beyond 1e6");
  data::write_points_csv(file.path(), xy);
  if (data::read_points_csv(file.path()) != xy)
    fuzz::invariant_failed("write_points_csv then read_points_csv changed the points");
  return 0;
}
