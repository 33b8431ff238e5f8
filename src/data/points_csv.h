// A CSV of 2D points: the training data for 2D GANs when no built-in distribution fits, and
// the format `ganscope sample --out FILE.csv` writes.
//
// One "x,y" per line. Allowed around that: one header line before the data (a line none of
// whose fields is a number, e.g. "x,y"), spaces or tabs around fields, blank lines, lines
// starting with '#', CRLF line ends and a UTF-8 byte order mark. Numbers are parsed without
// the C locale (std::from_chars), so "1.5" means the same everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ganscope::data {

// Values further than this from 0 are refused: no sane 2D data set needs them, and they
// would blow up a GAN whose generator starts near 0.
constexpr double kMaxPointCoordinate = 1e6;
constexpr std::size_t kMaxCsvPoints = 10'000'000;  // 80 MB as floats
constexpr std::size_t kMaxCsvLineBytes = 4096;

// Returns the points as x0, y0, x1, y1, ... Throws DataError (data/idx.h) with one line naming
// the file and, where there is one, the line: "points.csv:7: 'abc' is not a number".
std::vector<float> read_points_csv(const std::string& path);

// Writes an "x,y" header and one row per point (shortest text that reads back to the same
// float), atomically (io/atomic_file.h). Throws DataError for an odd count, a NaN or an Inf.
void write_points_csv(const std::string& path, const std::vector<float>& xy);

}  // namespace ganscope::data
