// The classifier Frechet distance of an image run (metrics/frechet.h, image_classifier.h):
// a classifier trained on the data folder's training split, and the statistics of its
// features on the test split, against which generated images are scored. Building one takes
// a few seconds (the classifier's training); each measurement then takes tens of ms.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "metrics/frechet.h"
#include "metrics/image_classifier.h"
#include "metrics/precision_recall.h"
#include "nn/tensor.h"
#include "train/snapshot.h"

namespace ganscope::data {
class ImageDataset;
}

namespace ganscope::train {

class Trainer;
struct Config;

class ImageQualityMeter {
 public:
  // Reads dir's training and test splits with their labels and trains the classifier.
  // Throws data::DataError when either split or its labels are missing.
  explicit ImageQualityMeter(const std::string& dir);
  ~ImageQualityMeter();

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int train_count() const;
  int test_count() const;
  double classifier_accuracy() const { return accuracy_; }  // on the test split

  // The distance of images given as columns in [-1, 1] (rows() * cols() each).
  double distance(const nn::MatF& images);
  // Everything ImageQualityStats holds, of such images: the distance with its bootstrap band
  // (kBandResamples resamples), precision and recall, and the spread over classes.
  static constexpr int kBandResamples = 50;
  ImageQualityStats measure(const nn::MatF& images);
  // Of n of G's samples (a fixed seed, so measurements differ only because G does).
  ImageQualityStats measure(Trainer& trainer, int n);
  // Of the first n training images: the floor a perfect generator would reach.
  double floor(int n);
  // Improved precision and recall (metrics/precision_recall.h, k = 3) of the first
  // kPrecisionRecallImages of these images against as many test images, on the same features.
  static constexpr int kPrecisionRecallImages = 2000;
  metrics::PrecisionRecall precision_recall(const nn::MatF& images);
  metrics::PrecisionRecall precision_recall_of_features(const nn::MatF& features);
  int precision_recall_reference_count() const { return int(test_features_.cols()); }
  // For a conditional G (train/conditioning.h) over the classifier's own classes: per class c,
  // the share of n_per_class samples asked for as c that the classifier labels c.
  std::vector<double> class_accuracy(Trainer& trainer, int n_per_class, std::uint64_t seed);
  // The same share on the real test images, per class: what a perfect conditional G would get.
  const std::vector<double>& real_class_accuracy() const { return real_class_accuracy_; }

 private:
  int rows_ = 0, cols_ = 0;
  std::unique_ptr<data::ImageDataset> train_, test_;
  std::unique_ptr<metrics::ImageClassifier> classifier_;
  metrics::GaussianStats test_stats_;
  nn::MatF test_features_;  // of the first kPrecisionRecallImages test images
  double accuracy_ = 0;
  std::vector<double> real_class_accuracy_;
};

// The trainer thread's record of an image run's distance: builds the meter on the first
// measurement and keeps (step, distance) points until the run changes.
class ImageQualityTracker {
 public:
  static constexpr int kSamples = 2000;
  explicit ImageQualityTracker(std::string folder) : folder_(std::move(folder)) {}

  // Measures G now, returns whether it could. Before the first measurement builds the meter
  // (seconds of classifier training), `building` is called so the UI can say so. A meter that
  // cannot be built (no labels, other data) leaves its reason in status() and is not tried
  // again.
  bool measure(Trainer& trainer, const std::function<void()>& building);
  // Whether a measurement is due when measuring every `every` steps (0: never).
  bool due(std::int64_t step, std::int64_t every) const;
  // Drops the points after `step` (a rollback), or all of them (reset, load: step < 0).
  void forget_after(std::int64_t step);
  // The points a run's history holds (a checkpoint's: rows with has_image_quality).
  void assign(std::vector<FcdPoint> points);

  const std::vector<FcdPoint>& points() const { return points_; }
  // "Collapse suspected" for images: the classes G's images spread over, at these points.
  CoverageSign coverage() const { return watch_.sign(); }
  const std::string& status() const { return status_; }

 private:
  std::string folder_;
  std::unique_ptr<ImageQualityMeter> meter_;
  bool failed_ = false;
  std::vector<FcdPoint> points_;
  CoverageWatch watch_;  // of points_' classes
  void rewatch();
  std::string status_;
};

// The measurements a run's history holds (its rows with has_image_quality), in order.
std::vector<FcdPoint> image_quality_points(const std::vector<MetricRow>& rows);

// The folder an image config trains on: its "data", or Debian's Fashion-MNIST by default.
std::string image_data_folder(const Config& cfg);

}  // namespace ganscope::train
