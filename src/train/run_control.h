// RUN/control.json: steering a run that trains elsewhere (issue 14, "Watch and steer a headless
// run"). Whoever steers (a script, or a window watching the folder) writes the whole file
// atomically (io/atomic_file.h); `ganscope train` looks at it between steps (a stat a few times
// a second; it reads it only when its time or size changed) and acts on what is new:
//   {"seq": 4, "settings": {"lr_d": 1e-4, "objective": "hinge"}, "paused": false, "save": 1}
// - seq grows by one with every change the steerer makes; settings are applied when it grows,
//   as the window's Controls apply them (marks in the history), and acknowledged in
//   metrics.csv's `change` column on the next row, and on stdout;
// - settings: any of the settings that change live (train/config.h, hyper_keys), read as a
//   config file's are: a bad one is refused with the config reader's message, and training
//   goes on as it was;
// - paused: while true, train stops stepping (and still stops on a signal);
// - save: when it grows, train saves its checkpoint and frames at once;
// - refresh: seconds (0: off); while set, train also saves its checkpoint and frames this
//   often, so that a window watching the folder (gui --watch) follows G within seconds
//   rather than at each --autosave-every. A watching window asks for it while it is open;
// - alive: a count that a watching window moves up every kAliveSeconds while it is open. A
//   refresh given with a count lasts while the count moves: kRefreshLeaseSeconds without a
//   new one (a window killed, with no time to send refresh 0) and train goes back to its own
//   pace. A refresh without a count (a script's) lasts until it is changed.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ganscope::train {

struct ControlOrders {
  std::int64_t seq = 0;
  std::string settings = "{}";  // a JSON object of hyper_keys()
  bool paused = false;
  std::int64_t save = 0;
  double refresh = 0;
  std::int64_t alive = 0;
};

// The shortest refresh a steerer may ask for: a dcgan checkpoint (45 MB) takes about
// 0.1 s to write, so saving every 5 s costs train under 2%.
constexpr double kMinRefreshSeconds = 5;
constexpr double kAliveSeconds = 60;
constexpr double kRefreshLeaseSeconds = 180;

// The refresh in force on train's side (its own clock: a synced folder may carry another
// machine's file times): the orders' refresh, until a counted one lapses.
class RefreshLease {
 public:
  using Clock = std::chrono::steady_clock;
  // The orders as read at `now`: a new refresh or a new count renews the lease.
  void update(const ControlOrders& orders, Clock::time_point now);
  // Seconds between saves (0: none asked, or the lease lapsed).
  double seconds(Clock::time_point now) const;
  // Whether a counted refresh has gone kRefreshLeaseSeconds without a new count.
  bool lapsed(Clock::time_point now) const;

 private:
  double refresh_ = 0;
  std::int64_t alive_ = 0;
  Clock::time_point renewed_{};
};

// The file's text as orders; throws std::runtime_error naming source for text that is not
// (not JSON, an unknown key, a value of the wrong type, more than 64 KB).
ControlOrders parse_control(const std::string& text, const std::string& source);
std::string control_json(const ControlOrders& orders);

// Steers through one control file (the window's side): each call changes the orders and
// writes the whole file atomically. It goes on from the orders the file holds (a window
// reopened, or another steerer before it), so that seq and save keep growing.
class ControlSender {
 public:
  explicit ControlSender(std::string path);
  // New settings (a JSON object of hyper_keys(); "{}" sends nothing): seq grows.
  void send_settings(const std::string& settings);
  void set_paused(bool paused);
  void ask_save();
  void set_refresh(double seconds);
  // alive grows by one (a watching window, every kAliveSeconds).
  void keep_alive();
  const ControlOrders& orders() const { return orders_; }
  const std::string& path() const { return path_; }

 private:
  void write();  // throws io::WriteError
  void catch_up(bool first);
  std::string path_;
  ControlOrders orders_;
};

// Watches one control file.
class ControlFile {
 public:
  explicit ControlFile(std::string path) : path_(std::move(path)) {}
  // Whether the file changed since the last call that said so (its time or size; a file that
  // appears counts); then `text` holds it. A missing file is no change.
  bool changed(std::string& text);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::int64_t mtime_ns_ = -1, size_ = -1;
};

}  // namespace ganscope::train
