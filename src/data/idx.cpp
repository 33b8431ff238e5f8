#include "data/idx.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace ganscope::data {
namespace {

constexpr std::uint32_t kImageMagic = 0x00000803;  // type 0x08 (uint8), 3 dimensions
constexpr std::uint32_t kLabelMagic = 0x00000801;  // type 0x08 (uint8), 1 dimension
constexpr std::uint32_t kMaxSide = 4096;
// Deflate codes a 258-byte match in as little as 2 bits, so no stream inflates to more than
// 258 * 8 / 2 = 1032 times its own size: the gzip file's size bounds what it can hold.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
constexpr std::uint64_t kMinGzipSize = 18;  // 10-byte header + 8-byte trailer
constexpr unsigned kZlibChunk = 1u << 30;   // gzread/gzwrite take an unsigned int length

[[noreturn]] void fail(const std::string& path, const std::string& fault) {
  throw DataError(path + ": " + fault);
}

std::string errno_text() { return std::strerror(errno); }

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

// zlib's reason for the last fault on gz. gzerror's text starts with "<path>: ", which our own
// prefix already says; Z_ERRNO means the reason is in errno.
std::string zlib_reason(gzFile gz, const std::string& path, int* code = nullptr) {
  int err = Z_OK;
  std::string msg = gzerror(gz, &err);
  if (code) *code = err;
  if (err == Z_ERRNO) return errno_text();
  if (msg.rfind(path + ": ", 0) == 0) msg.erase(0, path.size() + 2);
  return "zlib: " + msg;
}

struct CloseFile { void operator()(std::FILE* f) const { std::fclose(f); } };
struct CloseGz { void operator()(gzFile g) const { gzclose(g); } };

// One IDX file opened for reading: raw through stdio, or gzip through zlib when the file starts
// with gzip's magic bytes 1f 8b (whatever its name). Handles close themselves, also when the
// constructor throws.
class Input {
 public:
  explicit Input(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_) fail(path, "cannot open (" + errno_text() + ")");
    struct stat st {};
    if (::fstat(::fileno(file_.get()), &st) != 0)
      fail(path, "cannot stat (" + errno_text() + ")");
    if (S_ISDIR(st.st_mode)) fail(path, "cannot open (Is a directory)");
    size_ = static_cast<std::uint64_t>(st.st_size);
    std::uint8_t m[2] = {0, 0};
    if (std::fread(m, 1, 2, file_.get()) == 2 && m[0] == 0x1f && m[1] == 0x8b) open_gzip();
    else std::rewind(file_.get());
  }

  const std::string& path() const { return path_; }
  bool gzipped() const { return gz_ != nullptr; }
  std::uint64_t file_size() const { return size_; }
  std::uint32_t gzip_isize() const { return isize_; }

  // Reads up to n bytes; fewer only at a clean end of data. Read and zlib faults throw.
  std::size_t read_some(std::uint8_t* dst, std::size_t n) {
    if (!gz_) {
      std::size_t got = std::fread(dst, 1, n, file_.get());
      if (got < n && std::ferror(file_.get())) fail(path_, "read error (" + errno_text() + ")");
      return got;
    }
    std::size_t got = 0;
    while (got < n) {
      const auto chunk = static_cast<unsigned>(std::min<std::size_t>(n - got, kZlibChunk));
      const int r = gzread(gz_.get(), dst + got, chunk);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    // Z_BUF_ERROR: the compressed stream stopped mid-way. Anything else: it is not deflate.
    int code = Z_OK;
    const std::string why = zlib_reason(gz_.get(), path_, &code);
    if (code == Z_ERRNO) fail(path_, "read error (" + why + ")");
    if (code != Z_OK)
      fail(path_, (code == Z_BUF_ERROR ? "truncated" : "corrupt") + (" gzip data (" + why + ")"));
    return got;
  }

 private:
  // The gzip trailer ends with ISIZE: the uncompressed length mod 2^32, little-endian.
  void open_gzip() {
    if (size_ < kMinGzipSize)
      fail(path_, "truncated gzip file (" + std::to_string(size_) + " bytes)");
    std::uint8_t t[4];
    if (std::fseek(file_.get(), -4, SEEK_END) != 0 || std::fread(t, 1, 4, file_.get()) != 4)
      fail(path_, "read error (" + errno_text() + ")");
    for (int i = 3; i >= 0; --i) isize_ = isize_ << 8 | t[i];
    file_.reset();
    gz_.reset(gzopen(path_.c_str(), "rb"));
    if (!gz_) fail(path_, "cannot open (" + errno_text() + ")");
    gzbuffer(gz_.get(), 1u << 17);
  }

  std::string path_;
  std::unique_ptr<std::FILE, CloseFile> file_;
  std::unique_ptr<gzFile_s, CloseGz> gz_;
  std::uint64_t size_ = 0;
  std::uint32_t isize_ = 0;
};

// Reads the magic and the ndim dimensions; faults name what the file was meant to be.
std::vector<std::uint32_t> read_header(Input& in, std::uint32_t magic, int ndim, const char* kind) {
  const std::size_t size = 4 + 4 * static_cast<std::size_t>(ndim);
  std::uint8_t h[16] = {};
  const std::size_t got = in.read_some(h, size);
  if (got == 0) fail(in.path(), in.gzipped() ? "empty file (gzip holds no data)" : "empty file");
  if (got < 4) fail(in.path(), "too short for an IDX header (" + std::to_string(got) + " bytes)");
  if (load_be32(h) != magic)
    fail(in.path(), std::string("not an IDX ") + kind + " file (magic " + hex32(load_be32(h)) +
                        ", expected " + hex32(magic) + ")");
  if (got < size)
    fail(in.path(), "too short for an IDX " + std::string(kind) + " header (" +
                        std::to_string(got) + " bytes, expected " + std::to_string(size) + ")");
  std::vector<std::uint32_t> dims;
  for (int i = 0; i < ndim; ++i) dims.push_back(load_be32(h + 4 + 4 * i));
  if (dims[0] == 0) fail(in.path(), std::string("holds zero ") + kind + "s");
  return dims;
}

// Checks that the file really holds header + data bytes, before the caller allocates them.
// `declared` reads e.g. "60000 images of 28x28 (47040000 bytes)".
void check_length(const Input& in, std::uint64_t header, std::uint64_t data,
                  const std::string& declared) {
  if (!in.gzipped()) {
    const std::uint64_t held = in.file_size() - header;  // read_header got the whole header
    if (held < data)
      fail(in.path(), "truncated: header declares " + declared + " but the file holds " +
                          std::to_string(held) + " after its " + std::to_string(header) +
                          "-byte header");
    if (held > data)
      fail(in.path(), std::to_string(held - data) + " trailing bytes after the " + declared +
                          " the header declares");
    return;
  }
  const std::uint64_t total = header + data, cap = in.file_size() * kMaxDeflateRatio;
  if (total > cap)
    fail(in.path(), "header declares " + declared + ", more than a " +
                        std::to_string(in.file_size()) + "-byte gzip file can hold (at most " +
                        std::to_string(cap) + " bytes)");
  if (static_cast<std::uint32_t>(total) != in.gzip_isize())
    fail(in.path(), "truncated or corrupt gzip: trailer gives " + std::to_string(in.gzip_isize()) +
                        " uncompressed bytes (mod 2^32) but the header declares " + declared +
                        " after a " + std::to_string(header) + "-byte header");
}

// Reads exactly the declared data, then makes sure the stream ends right there (for gzip,
// reading past the end is also what makes zlib verify the CRC).
std::vector<std::uint8_t> read_data(Input& in, std::uint64_t data, std::uint32_t count,
                                    const char* what) {
  if (count > static_cast<std::uint32_t>(INT_MAX))  // the file is that long: still too many
    fail(in.path(), "too many " + std::string(what) + " (" + std::to_string(count) + ")");
  std::vector<std::uint8_t> out(static_cast<std::size_t>(data));
  const std::size_t got = in.read_some(out.data(), out.size());
  if (got != out.size())
    fail(in.path(), "truncated: data ends after " + std::to_string(got) + " of " +
                        std::to_string(data) + " bytes");
  std::uint8_t extra = 0;
  if (in.read_some(&extra, 1) != 0)
    fail(in.path(),
         "holds more data than the header declares (" + std::to_string(data) + " bytes)");
  return out;
}

// Writes header + data through an atomic file (io/atomic_file.h): gzip at zlib's default
// level, or raw. Throws DataError naming path; no partial file or temporary is left.
void write_atomically(const std::string& path, const std::string& header,
                      const std::uint8_t* data, std::size_t n, io::Replace replace) {
  const bool gzip = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  try {
    io::AtomicFile file(path, replace);
    if (gzip) {
      // zlib writes through a copy of the descriptor and closes only that copy.
      const int copy = ::dup(file.fd());
      gzFile gz = copy < 0 ? nullptr : gzdopen(copy, "wb");
      if (!gz) {
        if (copy >= 0) ::close(copy);
        fail(path, "cannot write (" + errno_text() + ")");
      }
      bool ok = gzwrite(gz, header.data(), static_cast<unsigned>(header.size())) ==
                static_cast<int>(header.size());
      for (std::size_t done = 0; ok && done < n; done += kZlibChunk) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, kZlibChunk));
        ok = gzwrite(gz, data + done, chunk) == static_cast<int>(chunk);
      }
      std::string err = ok ? "" : zlib_reason(gz, path);
      // gzclose writes the last deflate block and the trailer.
      if (gzclose(gz) != Z_OK && ok) ok = false, err = errno_text();
      if (!ok) fail(path, "cannot write (" + err + ")");
    } else {
      file.write(header.data(), header.size());
      file.write(data, n);
    }
    file.commit();
  } catch (const io::WriteError& e) {
    throw DataError(e.what());
  }
}

// MNIST's spellings of one file, in the order they are looked for.
std::vector<std::string> spellings(const std::string& prefix, const char* kind, const char* ext) {
  const std::string dash = prefix + "-" + kind + "-" + ext, dot = prefix + "-" + kind + "." + ext;
  return {dash, dash + ".gz", dot, dot + ".gz"};
}

// The first of names present in dir as a regular file, or "" when none is.
std::string find_in(const std::filesystem::path& dir, const std::vector<std::string>& names) {
  std::error_code ec;
  for (const auto& name : names)
    if (std::filesystem::is_regular_file(dir / name, ec)) return (dir / name).string();
  return "";
}

}  // namespace

IdxImages read_idx_images(const std::string& path) {
  Input in(path);
  const auto dims = read_header(in, kImageMagic, 3, "image");
  if (dims[1] < 1 || dims[1] > kMaxSide || dims[2] < 1 || dims[2] > kMaxSide)
    fail(path, "image size " + std::to_string(dims[1]) + "x" + std::to_string(dims[2]) +
                   " is outside 1..4096");
  // count < 2^32 and rows * cols <= 2^24, so the product fits in 56 bits.
  const std::uint64_t data = std::uint64_t{dims[0]} * dims[1] * dims[2];
  check_length(in, 16, data,
               std::to_string(dims[0]) + " images of " + std::to_string(dims[1]) + "x" +
                   std::to_string(dims[2]) + " (" + std::to_string(data) + " bytes)");
  IdxImages out;
  out.pixels = read_data(in, data, dims[0], "images");
  out.count = static_cast<int>(dims[0]);
  out.rows = static_cast<int>(dims[1]);
  out.cols = static_cast<int>(dims[2]);
  return out;
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path) {
  Input in(path);
  const std::uint32_t count = read_header(in, kLabelMagic, 1, "label")[0];
  const std::string n = std::to_string(count);
  check_length(in, 8, count, n + " labels (" + n + " bytes)");
  return read_data(in, count, count, "labels");
}

void write_idx_images(const std::string& path, const IdxImages& im, io::Replace replace) {
  const auto side_ok = [](int s) { return s >= 1 && s <= static_cast<int>(kMaxSide); };
  if (im.count < 1 || !side_ok(im.rows) || !side_ok(im.cols) ||
      im.pixels.size() != std::size_t(im.count) * std::size_t(im.rows) * std::size_t(im.cols))
    fail(path, "cannot write " + std::to_string(im.count) + " images of " +
                   std::to_string(im.rows) + "x" + std::to_string(im.cols) + " from " +
                   std::to_string(im.pixels.size()) + " pixels");
  const std::string header = be32(kImageMagic) + be32(static_cast<std::uint32_t>(im.count)) +
                             be32(static_cast<std::uint32_t>(im.rows)) +
                             be32(static_cast<std::uint32_t>(im.cols));
  write_atomically(path, header, im.pixels.data(), im.pixels.size(), replace);
}

void write_idx_labels(const std::string& path, const std::vector<std::uint8_t>& labels) {
  if (labels.empty() || labels.size() > static_cast<std::size_t>(INT_MAX))
    fail(path, "cannot write " + std::to_string(labels.size()) + " labels");
  const std::string header = be32(kLabelMagic) + be32(static_cast<std::uint32_t>(labels.size()));
  write_atomically(path, header, labels.data(), labels.size(), io::Replace::Yes);
}

IdxFolder read_idx_folder(const std::string& dir, bool test_split) {
  const std::string prefix = test_split ? "t10k" : "train";
  const auto image_names = spellings(prefix, "images", "idx3-ubyte");
  IdxFolder out;
  out.images_path = find_in(dir, image_names);
  if (out.images_path.empty()) {
    std::error_code ec;
    std::string looked;
    for (const auto& name : image_names) looked += (looked.empty() ? "" : ", ") + name;
    const char* fault = std::filesystem::is_directory(dir, ec) ? "no image file in this folder"
                        : std::filesystem::exists(dir, ec)    ? "not a folder"
                                                              : "no such folder";
    fail(dir, fault + (" (looked for " + looked + ")"));
  }
  out.images = read_idx_images(out.images_path);
  const std::string labels_path = find_in(dir, spellings(prefix, "labels", "idx1-ubyte"));
  if (labels_path.empty()) return out;  // labels are optional
  out.labels = read_idx_labels(labels_path);
  if (out.labels.size() != static_cast<std::size_t>(out.images.count))
    fail(labels_path, std::to_string(out.labels.size()) + " labels for " +
                          std::to_string(out.images.count) + " images in " + out.images_path);
  return out;
}

}  // namespace ganscope::data
