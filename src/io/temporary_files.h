// Temporary files of atomic writes (io/atomic_file.h): their names, and their removal when a
// signal stops the process mid-write.
//
// A temporary is ".NAME.PID.COUNTER.tmp" in the final file's folder: hidden (a leading dot),
// unique per writer (two processes, or two threads, writing one file never share a temporary),
// and no longer than the final name allows: when NAME is long, its middle is shortened so that
// the temporary fits in NAME_MAX (255) bytes whenever the final name does.
#pragma once

#include <string>

namespace ganscope::io {

std::string temporary_path_for(const std::string& path);

// The paths of temporaries being written, in a fixed table of char buffers that a signal
// handler can read. register_temporary returns a slot for release_temporary, or -1 when the
// path is too long or the table is full (the write goes on; only a signal would leave that
// temporary behind).
int register_temporary(const std::string& path);
void release_temporary(int slot);

// Unlinks every registered temporary. Async-signal-safe: handlers of a command's own may call it.
void remove_registered_temporaries() noexcept;

// SIGINT, SIGTERM and SIGHUP (unless ignored, as under nohup) remove the registered
// temporaries, then end the process by the same signal, as if no handler were installed.
// SIGXFSZ is ignored, so that exceeding a file-size limit is a write error, not a death.
void remove_temporaries_on_signals();

}  // namespace ganscope::io
