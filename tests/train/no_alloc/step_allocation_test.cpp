// Issue 3: "the steady-state step allocates nothing". This executable replaces malloc and its
// relatives with counting wrappers around glibc's own (__libc_malloc and friends), so every
// heap allocation in the process is seen: Eigen temporaries, std::vector, OpenMP, OpenBLAS.
// It is built only without sanitizers, which interpose malloc themselves.
//
// One exception, counted apart: OpenBLAS's small-matrix SGEMM kernels (0.3.21, the SkylakeX
// family that Zen 4 gets) malloc a packing buffer of a few KB inside some calls and free it
// before returning. That is inside the library we call; glibc serves such blocks from its
// free lists, without a page fault, and there is no option to turn it off.
//
// Not part of the steady state: every 100 steps the divergence guard serialises the whole
// trainer as the state to roll back to (a copy of every weight and Adam moment, which
// allocates). The measured windows lie between two such copies.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <execinfo.h>
#include <link.h>
#include <unistd.h>

#include "data/dataset.h"
#include "nn/threads.h"
#include "train/trainer.h"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
std::atomic<int> reported{0};
std::atomic<long> openblas_allocations{0};

// The address range of libopenblas's loaded segments, found before counting starts.
std::uintptr_t openblas_lo = 0, openblas_hi = 0;

int find_openblas(dl_phdr_info* info, std::size_t, void*) {
  if (!info->dlpi_name || !std::strstr(info->dlpi_name, "libopenblas")) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    const std::uintptr_t lo = info->dlpi_addr + ph.p_vaddr, hi = lo + ph.p_memsz;
    if (openblas_lo == 0 || lo < openblas_lo) openblas_lo = lo;
    if (hi > openblas_hi) openblas_hi = hi;
  }
  return 1;
}

// A place for a debugger's breakpoint: every allocation in a counted window passes here.
__attribute__((noinline)) void allocation_in_window() { asm volatile(""); }

void count(void* caller) {
  if (!counting.load(std::memory_order_relaxed)) return;
  const auto at = reinterpret_cast<std::uintptr_t>(caller);
  if (at >= openblas_lo && at < openblas_hi) {
    openblas_allocations.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  allocation_in_window();
  allocations.fetch_add(1, std::memory_order_relaxed);
  // Print where the first one came from (backtrace_symbols_fd does not allocate; the first
  // backtrace() call may, so the flag is set before it and nothing recurses).
  if (reported.fetch_add(1) < 6) {
    void* frames[32];
    int n = backtrace(frames, 32);
    backtrace_symbols_fd(frames, n, STDERR_FILENO);
  }
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_malloc(n);
}
void* calloc(std::size_t k, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_calloc(k, n);
}
void* realloc(void* p, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_realloc(p, n);
}
void* memalign(std::size_t a, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_memalign(a, n);
}
void* aligned_alloc(std::size_t a, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_memalign(a, n);
}
int posix_memalign(void** out, std::size_t a, std::size_t n) {
  count(__builtin_return_address(0));
  void* p = __libc_memalign(a, n);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}

namespace ganscope {
namespace {

// Steps `warmup` times (every buffer reaches its size, both of D's batch widths are seen),
// then counts the allocations of `measured` more steps (steps warmup+1 .. warmup+measured,
// which must stay below 100, the next good-state copy).
long allocations_in_steps(train::Trainer& t, int warmup, int measured) {
  for (int i = 0; i < warmup; ++i) t.step();
  dl_iterate_phdr(find_openblas, nullptr);
  void* frames[4];
  backtrace(frames, 4);  // the first call loads libgcc_s, which allocates
  allocations = 0;
  openblas_allocations = 0;
  reported = 0;
  counting = true;
  for (int i = 0; i < measured; ++i) t.step();
  counting = false;
  std::printf("%ld allocations inside OpenBLAS's small-matrix kernels (not counted)\n",
              openblas_allocations.load());
  return allocations.load();
}

TEST(StepAllocation, CountingSeesAnAllocation) {
  allocations = 0;
  counting = true;
  reported = 100;  // no backtrace for this one
  std::vector<float>* v = new std::vector<float>(1000);
  counting = false;
  delete v;
  EXPECT_GE(allocations.load(), 2);  // the vector object and its storage
}

TEST(StepAllocation, DcganSteadyStateStepAllocatesNothing) {
  nn::set_compute_threads(1);
  train::Trainer t(train::load_preset("dcgan"), data::random_images(256, 28, 28, 1));
  EXPECT_EQ(allocations_in_steps(t, 5, 20), 0);
}

TEST(StepAllocation, MlpSteadyStateStepAllocatesNothing) {
  nn::set_compute_threads(1);
  train::Trainer t(train::load_preset("mlp"), data::random_images(256, 28, 28, 1));
  EXPECT_EQ(allocations_in_steps(t, 5, 90), 0);
}

// A projection D with AC-GAN's class loss: the head's labels and class-logit gradient are
// copied into buffers of the batch's size, the class logits into one of the trainer's.
TEST(StepAllocation, CganSteadyStateStepAllocatesNothing) {
  nn::set_compute_threads(1);
  train::Trainer t(train::load_preset("cgan"), data::random_images(256, 28, 28, 1, 1, 10));
  ASSERT_GT(t.hyper().class_loss, 0.0f);
  EXPECT_EQ(allocations_in_steps(t, 5, 90), 0);
}

TEST(StepAllocation, RingSteadyStateStepAllocatesNothing) {
  nn::set_compute_threads(1);
  auto t = train::Trainer::open(train::load_preset("ring"));
  EXPECT_EQ(allocations_in_steps(*t, 5, 90), 0);
}

// D on held-out examples every 100 steps (train/trainer_heldout.cpp) runs in batch-wide
// chunks: the probe of step 200 (the good-state copy moved out of the way) and the steps after
// it allocate nothing. The first probe, at step 100, gathers the examples once.
TEST(StepAllocation, MlpWithAHeldOutProbeAllocatesNothing) {
  nn::set_compute_threads(1);
  train::Trainer t(train::load_preset("mlp"), data::random_images(256, 28, 28, 1),
                   data::random_images(300, 28, 28, 2));
  t.set_good_state_interval(1000);
  EXPECT_EQ(allocations_in_steps(t, 105, 120), 0);
  const auto rows = t.history().rows();
  const auto probed = std::find_if(rows.begin(), rows.end(),
                                   [](const train::MetricRow& r) { return r.step == 200; });
  ASSERT_NE(probed, rows.end());
  EXPECT_TRUE(probed->has_heldout);  // the window did hold a probe
}

// Packing copies the batches into packs and resizes D's input gradient back in place, and
// the EMA of G (on by default) updates in place: neither allocates. With spectral norm too.
TEST(StepAllocation, PackedSpectralNormRingStepAllocatesNothing) {
  nn::set_compute_threads(1);
  train::Config c = train::load_preset("ring");
  c.hyper.packing = 4;
  c.hyper.spectral_norm = true;
  auto t = train::Trainer::open(c);
  EXPECT_EQ(allocations_in_steps(*t, 5, 90), 0);
}

}  // namespace
}  // namespace ganscope
