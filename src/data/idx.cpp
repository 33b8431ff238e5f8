#include "data/idx.h"

#include "data/gzip_input.h"
#include "data/input_file.h"
#include "io/errno_text.h"
#include "data/memory_budget.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace ganscope::data {
namespace {

using io::errno_text;

constexpr std::uint32_t kImageMagic = 0x00000803;  // type 0x08 (uint8), 3 dimensions
constexpr std::uint32_t kLabelMagic = 0x00000801;  // type 0x08 (uint8), 1 dimension
constexpr std::uint32_t kMaxSide = 4096;
// Deflate codes a 258-byte match in as little as 2 bits, so no stream inflates to more than
// 258 * 8 / 2 = 1032 times its own size: the gzip file's size bounds what it can hold.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
constexpr std::uint64_t kMinGzipSize = 18;  // 10-byte header + 8-byte trailer
constexpr unsigned kZlibChunk = 1u << 30;   // gzread/gzwrite take an unsigned int length

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v));
  return buf;
}

std::uint32_t load_be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string zlib_reason(gzFile gz, const std::string& path) {
  int err = Z_OK;
  std::string msg = gzerror(gz, &err);
  if (err == Z_ERRNO) return errno_text();
  if (msg.rfind(path + ": ", 0) == 0) msg.erase(0, path.size() + 2);  // our prefix says it
  return "zlib: " + msg;
}

// One IDX file opened for reading: raw through stdio, or gzip (gzip_input.h) when the file
// starts with gzip's magic bytes 1f 8b (whatever its name). Handles close themselves, also
// when the constructor throws.
class Input {
 public:
  explicit Input(const std::string& path) : path_(path) {
    InputFile in(path);
    if (!in.ok()) throw_data_error(path, in.fault());
    size_ = in.size();
    file_.reset(::fdopen(in.fd(), "rb"));
    if (!file_) throw_data_error(path, "cannot open (" + errno_text() + ")");
    in.release();
    std::uint8_t m[2] = {0, 0};
    const bool gzip = std::fread(m, 1, 2, file_.get()) == 2 && m[0] == 0x1f && m[1] == 0x8b;
    std::rewind(file_.get());
    if (gzip) {
      if (size_ < kMinGzipSize)
        throw_data_error(path_, "truncated gzip file (" + std::to_string(size_) + " bytes)");
      gz_ = std::make_unique<GzipInput>(file_.release(), path_);
    }
  }

  const std::string& path() const { return path_; }
  bool gzipped() const { return gz_ != nullptr; }
  std::uint64_t file_size() const { return size_; }

  // Reads up to n bytes; fewer only at a clean end of data. Read and zlib faults throw.
  std::size_t read_some(std::uint8_t* dst, std::size_t n) {
    if (gz_) return gz_->read_some(dst, n);
    std::size_t got = std::fread(dst, 1, n, file_.get());
    if (got < n && std::ferror(file_.get())) throw_data_error(path_, "read error (" + errno_text() + ")");
    return got;
  }

 private:
  std::string path_;
  std::unique_ptr<std::FILE, CloseFile> file_;
  std::unique_ptr<GzipInput> gz_;
  std::uint64_t size_ = 0;
};

// Reads the magic and the ndim dimensions; faults name what the file was meant to be.
std::vector<std::uint32_t> read_header(Input& in, std::uint32_t magic, int ndim, const char* kind) {
  const std::size_t size = 4 + 4 * static_cast<std::size_t>(ndim);
  std::uint8_t h[16] = {};
  const std::size_t got = in.read_some(h, size);
  if (got == 0) throw_data_error(in.path(), in.gzipped() ? "empty file (gzip holds no data)" : "empty file");
  if (got < 4) throw_data_error(in.path(), "too short for an IDX header (" + std::to_string(got) + " bytes)");
  if (load_be32(h) != magic)
    throw_data_error(in.path(), std::string("not an IDX ") + kind + " file (magic " + hex32(load_be32(h)) +
                        ", expected " + hex32(magic) + ")");
  if (got < size)
    throw_data_error(in.path(), "too short for an IDX " + std::string(kind) + " header (" +
                        std::to_string(got) + " bytes, expected " + std::to_string(size) + ")");
  std::vector<std::uint32_t> dims;
  for (int i = 0; i < ndim; ++i) dims.push_back(load_be32(h + 4 + 4 * i));
  if (dims[0] == 0) throw_data_error(in.path(), std::string("holds zero ") + kind + "s");
  return dims;
}

// Checks that the file really holds header + data bytes, before the caller allocates them.
// `declared` reads e.g. "60000 images of 28x28 (47040000 bytes)".
void check_length(const Input& in, std::uint64_t header, std::uint64_t data,
                  const std::string& declared) {
  if (!in.gzipped()) {
    const std::uint64_t held = in.file_size() - header;  // read_header got the whole header
    if (held < data)
      throw_data_error(in.path(), "truncated: header declares " + declared + " but the file holds " +
                          std::to_string(held) + " after its " + std::to_string(header) +
                          "-byte header");
    if (held > data)
      throw_data_error(in.path(), std::to_string(held - data) + " trailing bytes after the " + declared +
                          " the header declares");
    return;
  }
  // The trailer's ISIZE is no check: it covers only the last of concatenated members.
  const std::uint64_t total = header + data, cap = in.file_size() * kMaxDeflateRatio;
  if (total > cap)
    throw_data_error(in.path(), "header declares " + declared + ", more than a " +
                        std::to_string(in.file_size()) + "-byte gzip file can hold (at most " +
                        std::to_string(cap) + " bytes)");
}

std::string images_text(std::uint64_t count, std::uint64_t rows, std::uint64_t cols) {
  return std::to_string(count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols);
}

// Reads exactly the declared data, then makes sure the stream ends right there (for gzip,
// reading past the end is also what makes zlib verify the last CRC). A gzip file's size is
// known only once inflated, so its buffer doubles as the data arrives, from 4 MB up to what
// the header declares: a small file claiming gigabytes costs about what it holds.
std::vector<std::uint8_t> read_data(Input& in, std::uint64_t data, const std::string& what) {
  const std::string refusal = memory_refusal("reading " + what, double(data));
  if (!refusal.empty()) throw_data_error(in.path(), refusal);
  // A gzip file's data grows in doubling chunks, so that a header's claim costs memory only
  // as the data comes. The first chunk is 8 times the file's size (at least 4 MB): images
  // compress 2-5 times (Fashion-MNIST's 47 MB of images are 26 MB of gzip, MNIST's 10 MB), so
  // a real set is allocated at once, without the transient of a doubled copy (32 + 47 MB),
  // while a small file claiming gigabytes gets a few megabytes until its data shows up.
  constexpr std::size_t kFirstChunk = std::size_t{1} << 22;
  constexpr std::uint64_t kTypicalRatio = 8;
  const auto total = static_cast<std::size_t>(data);
  const std::size_t first =
      std::max<std::uint64_t>(kFirstChunk, std::min<std::uint64_t>(kTypicalRatio * in.file_size(), total));
  std::vector<std::uint8_t> out;
  std::size_t got = 0;
  for (std::size_t want = in.gzipped() ? std::min(total, first) : total;;
       want = std::min(total, 2 * want)) {
    out.resize(want);
    got += in.read_some(out.data() + got, want - got);
    if (got < want || want == total) break;
  }
  if (got != total)
    throw_data_error(in.path(), "truncated: data ends after " + std::to_string(got) + " of " +
                        std::to_string(data) + " bytes");
  std::uint8_t extra = 0;
  if (in.read_some(&extra, 1) != 0)
    throw_data_error(in.path(),
         "holds more data than the header declares (" + std::to_string(data) + " bytes)");
  return out;
}

// Writes header + what source puts, through an atomic file (io/atomic_file.h): gzip at
// zlib's default level, or raw. source must put exactly n bytes. Throws DataError naming path;
// no partial file or temporary is left, whatever fails or throws.
void write_atomically(const std::string& path, const std::string& header,
                      const PixelSource& source, std::size_t n, io::Replace replace) {
  const bool gzip = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  std::size_t put = 0;
  try {
    io::AtomicFile file(path, replace);
    if (gzip) {
      // zlib writes through a copy of the descriptor and closes only that copy.
      const int copy = ::dup(file.fd());
      gzFile gz = copy < 0 ? nullptr : gzdopen(copy, "wb");
      if (!gz) {
        if (copy >= 0) ::close(copy);
        throw_data_error(path, "cannot write (" + errno_text() + ")");
      }
      std::unique_ptr<gzFile_s, int (*)(gzFile)> owned(gz, gzclose);
      bool ok = true;
      const PixelSink sink = [&](const std::uint8_t* p, std::size_t k) {
        for (std::size_t done = 0; ok && done < k; done += kZlibChunk) {
          const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(k - done, kZlibChunk));
          ok = gzwrite(gz, p + done, chunk) == static_cast<int>(chunk);
        }
        put += k;
      };
      ok = gzwrite(gz, header.data(), static_cast<unsigned>(header.size())) ==
           static_cast<int>(header.size());
      source(sink);
      std::string err = ok ? "" : zlib_reason(gz, path);
      // gzclose writes the last deflate block and the trailer.
      if (gzclose(owned.release()) != Z_OK && ok) ok = false, err = errno_text();
      if (!ok) throw_data_error(path, "cannot write (" + err + ")");
    } else {
      file.write(header.data(), header.size());
      source([&](const std::uint8_t* p, std::size_t k) {
        file.write(p, k);
        put += k;
      });
    }
    if (put != n) throw_data_error(path, "wrote " + std::to_string(put) + " of " + std::to_string(n) + " bytes");
    file.commit();
  } catch (const io::WriteError& e) {
    throw DataError(e.what());
  }
}

PixelSource whole(const std::uint8_t* data, std::size_t n) {
  return [=](const PixelSink& sink) { sink(data, n); };
}

// MNIST's spellings of one file, in the order they are looked for.
std::vector<std::string> spellings(const std::string& prefix, const char* kind, const char* ext) {
  const std::string dash = prefix + "-" + kind + "-" + ext, dot = prefix + "-" + kind + "." + ext;
  return {dash, dash + ".gz", dot, dot + ".gz"};
}

// The first of names in dir that is a regular file; else the first present at all (a folder,
// a dangling link), so that opening it names what is wrong with it; "" when none is there.
std::string find_in(const std::filesystem::path& dir, const std::vector<std::string>& names) {
  std::error_code ec;
  for (const auto& name : names)
    if (std::filesystem::is_regular_file(dir / name, ec)) return (dir / name).string();
  for (const auto& name : names)
    if (std::filesystem::exists(std::filesystem::symlink_status(dir / name, ec)))
      return (dir / name).string();
  return "";
}

// Why dir holds none of the image files: it is no folder, cannot be read, or lacks them.
std::string folder_fault(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) {
      struct stat link {};
      if (::lstat(dir.c_str(), &link) != 0) return "no such folder";
    }
    std::string why = open_fault(dir, err);  // "cannot open (...)"
    return why.replace(0, 11, "cannot open the folder");
  }
  if (!S_ISDIR(st.st_mode)) return "not a folder";
  if (::access(dir.c_str(), R_OK | X_OK) != 0) return "cannot open the folder (no permission)";
  return "no image file in this folder";
}

}  // namespace

void throw_data_error(const std::string& path, const std::string& fault) {
  throw DataError(path + ": " + fault);
}

namespace {

// The header's dimensions, checked against the file's length; in is left at the pixels.
IdxShape image_shape(Input& in) {
  const auto dims = read_header(in, kImageMagic, 3, "image");
  if (dims[1] < 1 || dims[1] > kMaxSide || dims[2] < 1 || dims[2] > kMaxSide)
    throw_data_error(in.path(), "image size " + std::to_string(dims[1]) + "x" + std::to_string(dims[2]) +
                        " is outside 1..4096");
  // count < 2^32 and rows * cols <= 2^24, so the product fits in 56 bits.
  const std::uint64_t data = std::uint64_t{dims[0]} * dims[1] * dims[2];
  check_length(in, 16, data, images_text(dims[0], dims[1], dims[2]) + " (" +
                                 std::to_string(data) + " bytes)");
  if (dims[0] > static_cast<std::uint32_t>(INT_MAX))  // the file is that long: still too many
    throw_data_error(in.path(), "too many images (" + std::to_string(dims[0]) + ")");
  return {static_cast<int>(dims[0]), static_cast<int>(dims[1]), static_cast<int>(dims[2])};
}

}  // namespace

IdxShape read_idx_image_shape(const std::string& path) {
  Input in(path);
  return image_shape(in);
}

IdxImages read_idx_images(const std::string& path) {
  Input in(path);
  const IdxShape shape = image_shape(in);
  const std::uint64_t data = std::uint64_t(shape.count) * shape.rows * shape.cols;
  IdxImages out;
  out.pixels = read_data(in, data, "its " + images_text(shape.count, shape.rows, shape.cols));
  out.count = shape.count;
  out.rows = shape.rows;
  out.cols = shape.cols;
  return out;
}

void write_idx_images(const std::string& path, int count, int rows, int cols,
                      const PixelSource& source, io::Replace replace, int channels) {
  const auto side_ok = [](int s) { return s >= 1 && s <= static_cast<int>(kMaxSide); };
  if (count < 1 || !side_ok(rows) || !side_ok(cols) || (channels != 1 && channels != 3))
    throw_data_error(path, "cannot write " + std::to_string(count) + " images of " + std::to_string(rows) +
                   "x" + std::to_string(cols) + "x" + std::to_string(channels));
  std::string header = be32(channels == 1 ? kImageMagic : kImageMagic + 1) +
                       be32(static_cast<std::uint32_t>(count)) + be32(static_cast<std::uint32_t>(rows)) +
                       be32(static_cast<std::uint32_t>(cols));
  if (channels != 1) header += be32(static_cast<std::uint32_t>(channels));
  write_atomically(path, header, source,
                   std::size_t(count) * std::size_t(rows) * std::size_t(cols) * std::size_t(channels), replace);
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path) {
  Input in(path);
  const std::uint32_t count = read_header(in, kLabelMagic, 1, "label")[0];
  const std::string n = std::to_string(count);
  check_length(in, 8, count, n + " labels (" + n + " bytes)");
  if (count > static_cast<std::uint32_t>(INT_MAX))  // the file is that long: still too many
    throw_data_error(in.path(), "too many labels (" + n + ")");
  return read_data(in, count, "its " + n + " labels");
}

void write_idx_images(const std::string& path, const IdxImages& im, io::Replace replace) {
  const auto side_ok = [](int s) { return s >= 1 && s <= static_cast<int>(kMaxSide); };
  if (im.count < 1 || !side_ok(im.rows) || !side_ok(im.cols) ||
      im.pixels.size() != std::size_t(im.count) * std::size_t(im.rows) * std::size_t(im.cols))
    throw_data_error(path, "cannot write " + std::to_string(im.count) + " images of " +
                   std::to_string(im.rows) + "x" + std::to_string(im.cols) + " from " +
                   std::to_string(im.pixels.size()) + " pixels");
  write_idx_images(path, im.count, im.rows, im.cols, whole(im.pixels.data(), im.pixels.size()),
                   replace);
}

void write_idx_labels(const std::string& path, const std::vector<std::uint8_t>& labels) {
  if (labels.empty() || labels.size() > static_cast<std::size_t>(INT_MAX))
    throw_data_error(path, "cannot write " + std::to_string(labels.size()) + " labels");
  const std::string header = be32(kLabelMagic) + be32(static_cast<std::uint32_t>(labels.size()));
  write_atomically(path, header, whole(labels.data(), labels.size()), labels.size(),
                   io::Replace::Yes);
}

std::string find_idx_images(const std::string& dir, bool test_split) {
  const auto image_names = spellings(test_split ? "t10k" : "train", "images", "idx3-ubyte");
  std::string path = find_in(dir, image_names);
  if (path.empty()) {
    std::string looked;
    for (const auto& name : image_names) looked += (looked.empty() ? "" : ", ") + name;
    throw_data_error(dir, folder_fault(dir) + " (looked for " + looked + ")");
  }
  return path;
}

std::vector<std::string> idx_class_names(const std::string& dir, int classes) {
  std::vector<std::string> names;
  std::ifstream in(std::filesystem::path(dir) / "classes.txt");
  for (std::string line; names.size() < std::size_t(classes) && std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    names.push_back(line.substr(0, 64));
  }
  if (names.size() == std::size_t(classes)) return names;
  std::string folder = std::filesystem::path(dir).lexically_normal().filename().string();
  if (folder.empty()) folder = std::filesystem::path(dir).lexically_normal().parent_path().filename().string();
  std::transform(folder.begin(), folder.end(), folder.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (classes == 10 && folder.find("fashion") != std::string::npos)
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  names.clear();
  for (int k = 0; k < classes; ++k) names.push_back(std::to_string(k));
  return names;
}

bool has_idx_images(const std::string& dir) {
  try {
    find_idx_images(dir);
    return true;
  } catch (const DataError&) {
    return false;
  }
}

IdxFolder read_idx_folder(const std::string& dir, bool test_split) {
  const std::string prefix = test_split ? "t10k" : "train";
  IdxFolder out;
  out.images_path = find_idx_images(dir, test_split);
  out.images = read_idx_images(out.images_path);
  const std::string labels_path = find_in(dir, spellings(prefix, "labels", "idx1-ubyte"));
  if (labels_path.empty()) return out;  // labels are optional
  out.labels = read_idx_labels(labels_path);
  if (out.labels.size() != static_cast<std::size_t>(out.images.count))
    throw_data_error(labels_path, std::to_string(out.labels.size()) + " labels for " +
                          std::to_string(out.images.count) + " images in " + out.images_path);
  return out;
}

}  // namespace ganscope::data
