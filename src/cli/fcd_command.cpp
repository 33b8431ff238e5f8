// ganscope fcd: the Frechet distance between generated images and real ones, on the features
// of a classifier trained first on the same data (metrics/image_classifier.h).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/cli.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "data/memory_budget.h"
#include "metrics/image_classifier.h"
#include "train/image_quality.h"

namespace ganscope::cli {

namespace {

const char* kFcdHelp =
    "usage: ganscope fcd (--run RUN | --checkpoint F | --samples FILE.idx) [--data DIR]\n"
    "                    [--n N] [--seed S] [--threads T] [--ema]\n"
    "The Frechet distance (FID's formula) between N generated images (default 5000) and the\n"
    "test split of a labelled IDX folder (default: Debian's Fashion-MNIST), on the 64 features\n"
    "of a small classifier trained on that folder's training split first (5 epochs, seeded:\n"
    "the same data gives the same classifier, so distances are comparable). Lower is closer;\n"
    "N of the training images are scored too, as the floor. Then the improved precision and\n"
    "recall (Kynkaanniemi et al. 2019, k = 3) of up to 2,000 of the images against 2,000 test\n"
    "images on the same features: how many look real, and how much of the data they cover.\n"
    "A conditional model (preset cgan, cdcgan) of the data's 10 classes also gets N/10\n"
    "samples of each class, and the share the classifier labels as asked, per class.\n"
    "--ema: G's average of weights (ema_beta) instead of G itself.\n"
    "Last line: \"fcd: <x>\".\n";

// Generated or read images as columns in [-1, 1], and their side lengths.
struct Samples {
  nn::MatF x;
  int rows = 0, cols = 0;
  SavedGenerator saved;  // when they come from a saved generator
};

// Refuses images of another size than the data folder's before anything costly: generating,
// reading the samples' pixels, or the classifier's seconds of training.
void check_size(int rows, int cols, const std::string& dir) {
  const data::IdxShape real = data::read_idx_image_shape(data::find_idx_images(dir));
  if (rows != real.rows || cols != real.cols)
    throw UsageError("the samples are " + std::to_string(rows) + "x" + std::to_string(cols) +
                     " images and " + dir + " holds " + std::to_string(real.rows) + "x" +
                     std::to_string(real.cols));
}

// n samples as floats, and their features: refused before allocating when they cannot fit.
void check_memory(const Args& a, int n, int rows, int cols) {
  const double bytes = double(n) * (double(rows) * cols + metrics::ImageClassifier::kFeatures) * 4;
  const std::string refusal =
      data::memory_refusal("--n " + a.text("n", "5000"), bytes, "the samples");
  if (!refusal.empty()) throw UsageError(refusal);
}

Samples from_saved_generator(const Args& a, int n, std::uint64_t seed, const std::string& dir) {
  SavedGenerator saved = load_saved_generator(a);
  if (a.has("ema")) {
    if (!saved.trainer->has_ema())
      throw UsageError("--ema: this run keeps no average of G (its ema_beta is 0)");
    saved.trainer->set_use_ema(true);
  }
  if (!saved.makes_images())
    throw UsageError("this model makes 2D points, not images: its quality is measured by "
                     "modes and divergences (train writes them to metrics.csv)");
  check_size(saved.rows, saved.cols, dir);
  check_memory(a, n, saved.rows, saved.cols);
  const std::vector<float> xs = saved.trainer->generate(n, seed);
  Samples s{Eigen::Map<const nn::MatF>(xs.data(), saved.trainer->output_dim(), n), saved.rows,
            saved.cols, {}};
  s.saved = std::move(saved);
  return s;
}

// The first n images of an IDX3 file, scaled as the trainer scales data.
Samples from_idx(const Args& a, const std::string& path, int n, const std::string& dir) {
  const data::IdxShape shape = data::read_idx_image_shape(path);
  if (shape.count < 2)
    throw data::DataError(path + ": a distance between distributions needs at least 2 images");
  check_size(shape.rows, shape.cols, dir);
  check_memory(a, std::min(n, shape.count), shape.rows, shape.cols);
  data::IdxImages images = data::read_idx_images(path);
  const int rows = images.rows, cols = images.cols;
  data::ImageDataset set(images.count, rows, cols, std::move(images.pixels), path);
  return {metrics::gather_all(set, n), rows, cols, {}};
}

// A conditional G: how often the classifier sees the class that was asked for, per class.
void print_class_accuracy(train::ImageQualityMeter& meter, train::Trainer& trainer, int per_class,
                          std::uint64_t seed) {
  const std::vector<double> share = meter.class_accuracy(trainer, per_class, seed);
  const std::vector<std::string>& names = trainer.class_names();
  std::size_t lowest = 0;
  std::printf("class accuracy (%d samples asked for per class, the share the classifier labels "
              "so; on the real test images):\n", per_class);
  for (std::size_t c = 0; c < share.size(); ++c) {
    std::printf("  %-12s %.3f  (%.3f)\n", c < names.size() ? names[c].c_str() : std::to_string(c).c_str(),
                share[c], meter.real_class_accuracy()[c]);
    if (share[c] < share[lowest]) lowest = c;
  }
  std::printf("lowest class accuracy: %.3f\n", share[lowest]);
}

}  // namespace

int fcd_command(int argc, char** argv) {
  return guarded("fcd", [&] {
    Args a;
    a.option("run").option("checkpoint").option("samples").option("data").option("n");
    a.option("seed").option("threads").option("ema", false).option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kFcdHelp;
      return 0;
    }
    if (int(a.has("run")) + int(a.has("checkpoint")) + int(a.has("samples")) != 1)
      throw UsageError("give one of --run RUN, --checkpoint F or --samples FILE.idx");
    const int n = int(a.integer("n", 5000, 2, 1000000));
    const std::uint64_t seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    set_threads(int(a.integer("threads", cores, 1, 1024)));
    const std::string dir = a.has("data") ? a.required("data") : train::fashion_mnist_dir();
    // The samples' header, the data's header, then the samples: a missing or broken file, or
    // images of another size than the data's, fail before the classifier's seconds of training.
    Samples fake = a.has("samples") ? from_idx(a, a.required("samples"), n, dir)
                                    : from_saved_generator(a, n, seed, dir);
    train::ImageQualityMeter meter(dir);
    std::printf("classifier: MLP %d-%d-%d-%d, %d epochs on %d training images, %.1f%% right on "
                "the %d test images\n",
                meter.rows() * meter.cols(), metrics::ImageClassifier::kHidden,
                metrics::ImageClassifier::kFeatures, metrics::ImageClassifier::kClasses,
                metrics::ImageClassifier::kEpochs, meter.train_count(),
                100 * meter.classifier_accuracy(), meter.test_count());
    const int count = std::min(int(fake.x.cols()), meter.train_count());
    std::printf("floor: %d training images score %.3f\n", count, meter.floor(count));
    std::printf("samples: %d\n", int(fake.x.cols()));
    // Precision and recall need more than k = 3 samples; fcd takes 2 or more.
    if (fake.x.cols() > 3) {
      const metrics::PrecisionRecall pr = meter.precision_recall(fake.x);
      std::printf("precision: %.3f recall: %.3f (k = 3; %d samples against %d test images, on "
                  "the same features)\n",
                  pr.precision, pr.recall,
                  int(std::min<Eigen::Index>(fake.x.cols(), meter.kPrecisionRecallImages)),
                  meter.precision_recall_reference_count());
    }
    if (fake.saved.trainer && fake.saved.trainer->classes() == metrics::ImageClassifier::kClasses)
      print_class_accuracy(meter, *fake.saved.trainer, std::max(1, n / 10), seed);
    std::printf("fcd: %.3f\n", meter.distance(fake.x));
    return 0;
  });
}

}  // namespace ganscope::cli
