#include "data/image_folder.h"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "data/idx.h"
#include "data/memory_budget.h"
#include "io/atomic_file.h"

namespace ganscope::data {

namespace fs = std::filesystem;

namespace {

constexpr int kSkippedNamesKept = 5;
constexpr char kCacheMagic[8] = {'G', 'S', 'I', 'M', 'G', 'C', '0', '1'};

bool has_image_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".bmp", ".gif",
                                              ".tga", ".ppm", ".pgm", ".pnm", ".psd"};
  return known.count(ext) > 0;
}

struct Entry {
  fs::path path;
  std::string relative;  // for labels, the cache key and messages
  std::uint64_t bytes = 0;
  std::int64_t mtime = 0;
};

std::vector<Entry> list_images(const fs::path& root) {
  std::vector<Entry> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec) || !has_image_extension(it->path())) continue;
    Entry e;
    e.path = it->path();
    e.relative = fs::relative(it->path(), root, fec).generic_string();
    e.bytes = it->file_size(fec);
    e.mtime = std::int64_t(it->last_write_time(fec).time_since_epoch().count());
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.relative < b.relative; });
  return out;
}

// FNV-1a over everything that decides the decoded set: a changed, added or removed file, or
// another size or colour, makes another key.
std::string cache_key(const fs::path& root, const std::vector<Entry>& files, const ImageFolderOptions& o) {
  std::uint64_t h = 1469598103934665603ull;
  auto add = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator, so "ab"+"c" differs from "a"+"bc"
  };
  std::error_code ec;
  add(fs::weakly_canonical(root, ec).string());
  add(std::to_string(o.size) + "/" + std::to_string(int(o.colour)));
  for (const Entry& e : files) add(e.relative + "|" + std::to_string(e.bytes) + "|" + std::to_string(e.mtime));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// The top-level subfolder an image lies in ("" for the folder itself).
std::string class_of(const std::string& relative) {
  const auto slash = relative.find('/');
  return slash == std::string::npos ? "" : relative.substr(0, slash);
}

// A PNG's declared size, from its IHDR chunk (bytes 16..23), or false for another file. stb
// refuses a PNG of more than 2^30 bytes decoded as well, but its reason then is that of the
// last format it tried ("unknown image type"): this names the size instead.
bool png_size(const std::string& path, std::uint32_t* w, std::uint32_t* h) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[24];
  if (!in.read(reinterpret_cast<char*>(b), sizeof b) || std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 ||
      std::memcmp(b + 12, "IHDR", 4) != 0)
    return false;
  auto be = [&](int at) { return std::uint32_t(b[at]) << 24 | std::uint32_t(b[at + 1]) << 16 | std::uint32_t(b[at + 2]) << 8 | b[at + 3]; };
  *w = be(16);
  *h = be(20);
  return true;
}

std::string size_text(std::uint64_t w, std::uint64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

// Decodes one file into size x size interleaved RGB; returns "" or why it was skipped.
std::string decode_one(const Entry& e, int size, std::uint8_t* rgb) {
  int w = 0, h = 0, comp = 0;
  const std::string path = e.path.string();
  std::uint32_t pw = 0, ph = 0;
  if (png_size(path, &pw, &ph) && std::uint64_t(pw) * ph > kMaxImagePixels)
    return size_text(pw, ph) + " is more than 8192x8192 pixels";
  if (!stbi_info(path.c_str(), &w, &h, &comp)) return std::string("not an image (") + stbi_failure_reason() + ")";
  const int min_side = std::min(size, 8);
  if (w < min_side || h < min_side)
    return size_text(w, h) + " is smaller than " + std::to_string(min_side) +
           " pixels a side";
  if (std::uint64_t(w) * std::uint64_t(h) > kMaxImagePixels)
    return size_text(w, h) + " is more than 8192x8192 pixels";
  unsigned char* full = stbi_load(path.c_str(), &w, &h, &comp, 3);
  if (!full) return std::string("unreadable (") + stbi_failure_reason() + ")";
  // The centred square, resized with the box filter: an area average when shrinking.
  const int side = std::min(w, h);
  const unsigned char* crop = full + (std::size_t((h - side) / 2) * w + (w - side) / 2) * 3;
  const bool ok = resize_square(crop, side, w * 3, 3, rgb, size);
  stbi_image_free(full);
  return ok ? "" : "could not be resized";
}

bool has_colour(const std::uint8_t* rgb, std::size_t pixels) {
  for (std::size_t i = 0; i < pixels; ++i) {
    const int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
    if (std::abs(r - g) > 3 || std::abs(g - b) > 3) return true;
  }
  return false;
}

// Interleaved RGB to the kept layout, in place: CHW planes, or one grey plane (Rec. 601 luma).
void to_layout(std::vector<std::uint8_t>& rgb, int count, int size, int channels) {
  const std::size_t n = std::size_t(size) * size;
  std::vector<std::uint8_t> one(3 * n);
  for (int i = 0; i < count; ++i) {
    std::uint8_t* src = rgb.data() + std::size_t(i) * 3 * n;
    std::memcpy(one.data(), src, 3 * n);
    std::uint8_t* dst = rgb.data() + std::size_t(i) * channels * n;  // never past src: i*c*n <= i*3*n
    for (std::size_t p = 0; p < n; ++p) {
      const int r = one[3 * p], g = one[3 * p + 1], b = one[3 * p + 2];
      if (channels == 1) {
        dst[p] = std::uint8_t((77 * r + 150 * g + 29 * b + 128) >> 8);
      } else {
        dst[p] = std::uint8_t(r);
        dst[n + p] = std::uint8_t(g);
        dst[2 * n + p] = std::uint8_t(b);
      }
    }
  }
  rgb.resize(std::size_t(count) * channels * n);
  rgb.shrink_to_fit();
}

void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void put_text(std::string& out, const std::string& s) {
  put_u32(out, std::uint32_t(s.size()));
  out += s;
}

void write_cache(const std::string& path, const ImageFolder& f) {
  std::string out(kCacheMagic, sizeof kCacheMagic);
  for (int v : {f.count, f.channels, f.size, int(f.class_names.size()), f.skipped, int(f.skipped_names.size())})
    put_u32(out, std::uint32_t(v));
  for (const auto& s : f.class_names) put_text(out, s);
  for (const auto& s : f.skipped_names) put_text(out, s);
  out.append(reinterpret_cast<const char*>(f.labels.data()), f.labels.size());
  out.append(reinterpret_cast<const char*>(f.pixels.data()), f.pixels.size());
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  try {
    io::write_file_atomically(path, out);
  } catch (const std::exception&) {
    // A cache is only a saving: a full or read-only disk costs the next start its speed.
  }
}

// The cached set, or false when there is none or it is not whole (then it is decoded again).
bool read_cache(const std::string& path, const ImageFolderOptions& o, ImageFolder* f) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::error_code ec;
  const std::uint64_t length = fs::file_size(path, ec);
  if (ec) return false;
  std::uint64_t used = 0;
  auto take = [&](void* dst, std::uint64_t n) {
    if (n > length - used) return false;
    used += n;
    return bool(in.read(static_cast<char*>(dst), std::streamsize(n)));
  };
  char magic[8];
  std::uint32_t v[6];
  if (!take(magic, 8) || std::memcmp(magic, kCacheMagic, 8) != 0 || !take(v, sizeof v)) return false;
  f->count = int(v[0]);
  f->channels = int(v[1]);
  f->size = int(v[2]);
  f->skipped = int(v[4]);
  if (f->size != o.size || (f->channels != 1 && f->channels != 3) || v[3] > 256 || v[5] > 100) return false;
  auto text = [&](std::string& s) {
    std::uint32_t n = 0;
    if (!take(&n, 4) || n > 4096) return false;
    s.resize(n);
    return take(s.data(), n);
  };
  f->class_names.resize(v[3]);
  f->skipped_names.resize(v[5]);
  for (auto& s : f->class_names)
    if (!text(s)) return false;
  for (auto& s : f->skipped_names)
    if (!text(s)) return false;
  const std::uint64_t labels = f->class_names.empty() ? 0 : std::uint64_t(f->count);
  const std::uint64_t pixels = std::uint64_t(f->count) * f->channels * f->size * f->size;
  if (length - used != labels + pixels) return false;  // checked before allocating
  f->labels.resize(labels);
  f->pixels.resize(pixels);
  if (!take(f->labels.data(), labels) || !take(f->pixels.data(), pixels)) return false;
  f->from_cache = true;
  return true;
}

}  // namespace

bool resize_square(const std::uint8_t* src, int side, int stride, int channels, std::uint8_t* dst, int size) {
  // Shrinking: the box filter, an average over each output pixel's area. Growing: stb's
  // default (Catmull-Rom), which a box would make blocky.
  const stbir_filter filter = size <= side ? STBIR_FILTER_BOX : STBIR_FILTER_DEFAULT;
  return stbir_resize_uint8_generic(src, side, side, stride, dst, size, size, size * channels, channels,
                                    STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP, filter,
                                    STBIR_COLORSPACE_LINEAR, nullptr) != 0;
}

ImageColour parse_image_colour(const std::string& name) {
  if (name == "auto") return ImageColour::Auto;
  if (name == "grey" || name == "gray") return ImageColour::Grey;
  if (name == "rgb") return ImageColour::Rgb;
  throw DataError("image_channels: '" + name + "' is not one of auto, grey, rgb");
}

bool looks_like_image_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (it->is_regular_file(fec) && has_image_extension(it->path())) return true;
  }
  return false;
}

std::string default_image_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "ganscope" / "images").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "ganscope" / "images").string();
  return "";
}

ImageFolder read_image_folder(const std::string& dir, const ImageFolderOptions& o) {
  if (o.size < 4 || o.size > 1024)
    throw DataError("image_size " + std::to_string(o.size) + " is outside 4..1024");
  const std::vector<Entry> files = list_images(dir);
  if (files.empty()) throw_data_error(dir, "holds no image files (PNG, JPEG, BMP, GIF, TGA, PNM)");
  const std::string cache =
      o.cache_dir.empty() ? "" : (fs::path(o.cache_dir) / (cache_key(dir, files, o) + ".bin")).string();
  ImageFolder f;
  if (!cache.empty() && read_cache(cache, o, &f)) return f;
  f = ImageFolder();

  const std::size_t per_image = std::size_t(3) * o.size * o.size;
  const std::string refusal = memory_refusal(dir + " (" + std::to_string(files.size()) + " images)",
                                             double(files.size()) * double(per_image));
  if (!refusal.empty()) throw DataError(refusal);
  std::vector<std::uint8_t> rgb(files.size() * per_image);
  std::vector<std::string> classes;  // per kept image
  bool colour = false;
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  double last_report = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::uint8_t* slot = rgb.data() + std::size_t(f.count) * per_image;
    const std::string why = decode_one(files[i], o.size, slot);
    if (why.empty()) {
      colour = colour || has_colour(slot, per_image / 3);
      classes.push_back(class_of(files[i].relative));
      ++f.count;
    } else {
      if (int(f.skipped_names.size()) < kSkippedNamesKept) f.skipped_names.push_back(files[i].relative + ": " + why);
      ++f.skipped;
    }
    if (o.progress && (seconds() - last_report > 0.25 || i + 1 == files.size())) {
      o.progress(int(i + 1), int(files.size()), seconds());
      last_report = seconds();  // after the call: a slow observer (a window's frame) is not called at every image
    }
  }
  if (f.count == 0)
    throw_data_error(dir, "none of its " + std::to_string(files.size()) + " image files is usable (" +
                              f.skipped_names.front() + ")");
  f.size = o.size;
  f.channels = o.colour == ImageColour::Rgb ? 3 : o.colour == ImageColour::Grey ? 1 : (colour ? 3 : 1);
  rgb.resize(std::size_t(f.count) * per_image);
  to_layout(rgb, f.count, o.size, f.channels);
  f.pixels = std::move(rgb);
  std::set<std::string> names(classes.begin(), classes.end());
  if (names.size() >= 2 && names.size() <= 256) {
    f.class_names.assign(names.begin(), names.end());
    std::map<std::string, int> index;
    for (std::size_t k = 0; k < f.class_names.size(); ++k) index[f.class_names[k]] = int(k);
    for (auto& name : f.class_names)
      if (name.empty()) name = "(top folder)";
    for (const std::string& c : classes) f.labels.push_back(std::uint8_t(index[c]));
  }
  if (!cache.empty()) write_cache(cache, f);
  return f;
}

}  // namespace ganscope::data
