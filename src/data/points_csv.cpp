#include "data/points_csv.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "data/idx.h"
#include "io/atomic_file.h"
#include "data/input_file.h"
#include "io/errno_text.h"

namespace ganscope::data {
namespace {

using io::errno_text;

[[noreturn]] void fail_at(const std::string& path, long line, const std::string& fault) {
  throw DataError(path + ":" + std::to_string(line) + ": " + fault);
}

// Reads a file line by line through a fixed buffer, so that a file without line breaks costs
// one refused line, never one huge allocation. A '\r' before the '\n' is dropped.
class LineReader {
 public:
  explicit LineReader(const std::string& path)
      : path_(path), buf_(1 << 16) {
    InputFile in(path);
    if (!in.ok()) throw_data_error(path, in.fault());
    file_.reset(::fdopen(in.fd(), "rb"));
    if (!file_) throw_data_error(path, "cannot open (" + errno_text() + ")");
    in.release();
  }

  // The next line without its end; false at the end of the file.
  bool next(std::string& line) {
    line.clear();
    bool any = false;
    for (;;) {
      if (pos_ == len_ && !refill()) {
        if (!any) return false;
        break;
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      const std::size_t take = nl ? std::size_t(nl - start) : len_ - pos_;
      if (line.size() + take > kMaxCsvLineBytes + 1)  // + 1: a CRLF line's '\r'
        fail_at(path_, number_ + 1,
                "line is longer than " + std::to_string(kMaxCsvLineBytes) + " bytes");
      line.append(start, take);
      pos_ += take;
      if (nl) {
        ++pos_;
        break;
      }
    }
    ++number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  long number() const { return number_; }  // of the line next() returned, from 1

 private:
  bool refill() {
    pos_ = 0;
    len_ = std::fread(buf_.data(), 1, buf_.size(), file_.get());
    if (len_ == 0 && std::ferror(file_.get())) throw_data_error(path_, "read error (" + errno_text() + ")");
    return len_ > 0;
  }

  std::string path_;
  std::unique_ptr<std::FILE, CloseFile> file_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  long number_ = 0;
};

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view s) {
  std::vector<std::string_view> fields;
  for (;;) {
    const std::size_t comma = s.find(',');
    fields.push_back(trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return fields;
    s.remove_prefix(comma + 1);
  }
}

// A field as it may be quoted in a one-line message: control bytes shown as '?', long ones cut.
std::string quoted(std::string_view f) {
  constexpr std::size_t kShown = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < f.size() && i < kShown; ++i)
    out += (static_cast<unsigned char>(f[i]) < 0x20 || f[i] == 0x7f) ? '?' : f[i];
  if (f.size() > kShown) out += "...";
  return out + "'";
}

// Parses a whole field as a double. std::from_chars ignores the locale and takes no leading
// '+', so one is skipped here. Anything left over makes the field not a number.
std::errc parse_number(std::string_view f, double& v) {
  if (f.size() > 1 && f[0] == '+' && f[1] != '+' && f[1] != '-') f.remove_prefix(1);
  const char* end = f.data() + f.size();
  const auto r = std::from_chars(f.data(), end, v);
  if (r.ptr != end || f.empty()) return std::errc::invalid_argument;
  return r.ec;  // errc() or result_out_of_range (beyond a double, either way)
}

bool is_header(const std::vector<std::string_view>& fields) {
  for (auto f : fields) {
    double v = 0;
    if (f.empty() || parse_number(f, v) != std::errc::invalid_argument) return false;
  }
  return true;
}

float coordinate(const std::string& path, long line, std::string_view field, int column) {
  if (field.empty())
    fail_at(path, line, "column " + std::to_string(column) + " is empty (expected a number)");
  double v = 0;
  const std::errc ec = parse_number(field, v);
  if (ec == std::errc::invalid_argument) fail_at(path, line, quoted(field) + " is not a number");
  if (ec != std::errc()) fail_at(path, line, quoted(field) + " is out of range for a number");
  if (std::isnan(v)) fail_at(path, line, "NaN is not allowed");
  if (std::isinf(v)) fail_at(path, line, "Inf is not allowed");
  if (std::fabs(v) > kMaxPointCoordinate)
    fail_at(path, line, quoted(field) + " is absurd (absolute values above 1e6 are refused)");
  return static_cast<float>(v);
}

}  // namespace

std::vector<float> read_points_csv(const std::string& path) {
  LineReader in(path);
  std::vector<float> xy;
  std::string line;
  bool before_data = true;  // a header may come only before the first point
  while (in.next(line)) {
    std::string_view s(line);
    if (in.number() == 1 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // UTF-8 BOM
    s = trim(s);
    if (s.empty() || s.front() == '#') continue;
    const auto fields = split_fields(s);
    const bool header = before_data && is_header(fields);
    before_data = false;
    if (fields.size() != 2)
      fail_at(path, in.number(),
              "expected 2 columns (x,y), found " + std::to_string(fields.size()));
    if (header) continue;
    if (xy.size() / 2 == kMaxCsvPoints)
      throw_data_error(path, "holds more than " + std::to_string(kMaxCsvPoints) + " points");
    xy.push_back(coordinate(path, in.number(), fields[0], 1));
    xy.push_back(coordinate(path, in.number(), fields[1], 2));
  }
  if (xy.empty()) throw_data_error(path, "holds no points");
  return xy;
}

void write_points_csv(const std::string& path, const std::vector<float>& xy) {
  if (xy.size() % 2 != 0)
    throw_data_error(path, "cannot write an odd number of coordinates (" + std::to_string(xy.size()) + ")");
  std::string text = "x,y\n";
  char buf[32];
  for (std::size_t i = 0; i < xy.size(); ++i) {
    if (!std::isfinite(xy[i])) throw_data_error(path, "cannot write a NaN or Inf coordinate");
    const auto r = std::to_chars(buf, buf + sizeof buf, xy[i]);  // shortest exact form
    text.append(buf, r.ptr);
    text += i % 2 == 0 ? ',' : '\n';
  }
  try {
    io::write_file_atomically(path, text);
  } catch (const io::WriteError& e) {
    throw DataError(e.what());
  }
}

}  // namespace ganscope::data
