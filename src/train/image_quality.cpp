#include "train/image_quality.h"

#include <cmath>
#include <stdexcept>

#include "data/dataset.h"
#include "data/idx.h"
#include "train/config.h"
#include "train/trainer.h"

namespace ganscope::train {

namespace {
constexpr std::uint64_t kClassifierSeed = 1;
constexpr std::uint64_t kSampleSeed = 12345;  // the same latents at every measurement
constexpr std::uint64_t kBandSeed = 777;      // the same resamples at every measurement

// exp(H) of the labels' histogram: the number of equally used classes with the same entropy.
float effective_classes(const std::vector<int>& labels) {
  std::vector<double> count(metrics::ImageClassifier::kClasses, 0.0);
  for (const int c : labels) count[std::size_t(c)] += 1;
  double h = 0;
  for (const double k : count)
    if (k > 0) h -= k / double(labels.size()) * std::log(k / double(labels.size()));
  return float(std::exp(h));
}
}  // namespace

ImageQualityMeter::ImageQualityMeter(const std::string& dir) {
  data::IdxFolder train = data::read_idx_folder(dir);
  data::IdxFolder test = data::read_idx_folder(dir, /*test_split=*/true);
  if (train.labels.empty() || test.labels.empty())
    throw data::DataError(dir + ": the Frechet distance's classifier needs the labels "
                          "(train-labels-idx1-ubyte and t10k-labels-idx1-ubyte)");
  if (test.images.rows != train.images.rows || test.images.cols != train.images.cols)
    throw data::DataError(dir + ": the test images are not the training images' size");
  rows_ = train.images.rows;
  cols_ = train.images.cols;
  train_ = std::make_unique<data::ImageDataset>(train.images.count, rows_, cols_,
                                                std::move(train.images.pixels), "training split");
  test_ = std::make_unique<data::ImageDataset>(test.images.count, rows_, cols_,
                                               std::move(test.images.pixels), "test split");
  classifier_ = std::make_unique<metrics::ImageClassifier>(rows_ * cols_, kClassifierSeed);
  classifier_->fit(*train_, train.labels, metrics::ImageClassifier::kEpochs);
  const nn::MatF test_images = metrics::gather_all(*test_);
  const metrics::ClassAccuracy accuracy = classifier_->accuracy_by_class(test_images, test.labels);
  accuracy_ = accuracy.overall;
  real_class_accuracy_ = accuracy.per_class;
  const nn::MatF features = classifier_->features(test_images);
  test_stats_ = metrics::gaussian_stats(features);
  test_features_ = features.leftCols(std::min<Eigen::Index>(kPrecisionRecallImages, features.cols()));
}

ImageQualityMeter::~ImageQualityMeter() = default;

int ImageQualityMeter::train_count() const { return train_->size(); }
int ImageQualityMeter::test_count() const { return test_->size(); }

double ImageQualityMeter::distance(const nn::MatF& images) {
  return metrics::frechet_distance(test_stats_,
                                   metrics::gaussian_stats(classifier_->features(images)));
}

ImageQualityStats ImageQualityMeter::measure(const nn::MatF& images) {
  const nn::MatF features = classifier_->features(images);
  ImageQualityStats q;
  q.fcd = float(metrics::frechet_distance(test_stats_, metrics::gaussian_stats(features)));
  const metrics::FrechetBand band = metrics::frechet_band(test_stats_, features, kBandResamples, kBandSeed);
  q.fcd_low = float(band.low);
  q.fcd_high = float(band.high);
  if (features.cols() > 3) {  // k = 3 neighbours
    const metrics::PrecisionRecall pr = precision_recall_of_features(features);
    q.precision = float(pr.precision);
    q.recall = float(pr.recall);
  }
  q.classes = effective_classes(classifier_->predict(images));
  return q;
}

ImageQualityStats ImageQualityMeter::measure(Trainer& trainer, int n) {
  if (trainer.output_dim() != rows_ * cols_)
    throw std::invalid_argument("the generator makes " + std::to_string(trainer.output_dim()) +
                                " values per sample, the data's images have " +
                                std::to_string(rows_ * cols_) + " pixels");
  const std::vector<float> xs = trainer.generate(n, kSampleSeed);
  return measure(Eigen::Map<const nn::MatF>(xs.data(), rows_ * cols_, n));
}

metrics::PrecisionRecall ImageQualityMeter::precision_recall(const nn::MatF& images) {
  const Eigen::Index n = std::min<Eigen::Index>(kPrecisionRecallImages, images.cols());
  return precision_recall_of_features(classifier_->features(images.leftCols(n)));
}

metrics::PrecisionRecall ImageQualityMeter::precision_recall_of_features(const nn::MatF& features) {
  const Eigen::Index n = std::min<Eigen::Index>(kPrecisionRecallImages, features.cols());
  return metrics::precision_recall(test_features_, features.leftCols(n), 3);
}

std::vector<double> ImageQualityMeter::class_accuracy(Trainer& trainer, int n_per_class,
                                                      std::uint64_t seed) {
  if (trainer.classes() != metrics::ImageClassifier::kClasses || trainer.output_dim() != rows_ * cols_)
    throw std::invalid_argument("class accuracy needs a conditional generator of the classifier's " +
                                std::to_string(metrics::ImageClassifier::kClasses) + " classes and " +
                                std::to_string(rows_) + "x" + std::to_string(cols_) + " images");
  std::vector<double> share(std::size_t(trainer.classes()), 0.0);
  for (int c = 0; c < trainer.classes(); ++c) {
    int right = 0;
    trainer.generate_each(n_per_class, seed + std::uint64_t(c), [&](const float* xs, int m) {
      for (const int label : classifier_->predict(Eigen::Map<const nn::MatF>(xs, rows_ * cols_, m)))
        right += label == c;
    }, c);
    share[std::size_t(c)] = double(right) / n_per_class;
  }
  return share;
}

double ImageQualityMeter::floor(int n) {
  return distance(metrics::gather_all(*train_, n));
}

bool ImageQualityTracker::measure(Trainer& trainer, const std::function<void()>& building) {
  if (failed_) return false;
  if (!trainer.dataset() || !trainer.dataset()->images()) {
    status_ = "the Frechet distance is for images; 2D runs have the sample quality panel";
    failed_ = true;
    return false;
  }
  if (!meter_) {
    status_ = "training the classifier for the Frechet distance (once, a few seconds)";
    building();
    try {
      meter_ = std::make_unique<ImageQualityMeter>(folder_);
      if (meter_->rows() * meter_->cols() != trainer.output_dim())
        throw std::invalid_argument("the classifier's images are not the generator's size");
    } catch (const std::exception& e) {
      meter_.reset();
      failed_ = true;
      status_ = std::string("no Frechet distance: ") + e.what();
      return false;
    }
    status_.clear();
  }
  points_.push_back({trainer.steps(), meter_->measure(trainer, kSamples)});
  watch_.add(points_.back().step, points_.back().quality.classes, 0, /*images=*/true);
  return true;
}

bool ImageQualityTracker::due(std::int64_t step, std::int64_t every) const {
  if (every <= 0 || failed_ || step == 0) return false;
  return points_.empty() ? step >= every : step - points_.back().step >= every;
}

void ImageQualityTracker::forget_after(std::int64_t step) {
  while (!points_.empty() && (step < 0 || points_.back().step > step)) points_.pop_back();
  rewatch();
}

void ImageQualityTracker::assign(std::vector<FcdPoint> points) {
  points_ = std::move(points);
  rewatch();
}

void ImageQualityTracker::rewatch() {
  watch_.forget();
  for (const FcdPoint& p : points_) watch_.add(p.step, p.quality.classes, 0, /*images=*/true);
}

std::vector<FcdPoint> image_quality_points(const std::vector<MetricRow>& rows) {
  std::vector<FcdPoint> points;
  for (const MetricRow& row : rows)
    if (row.has_image_quality) points.push_back({row.step, row.image_quality});
  return points;
}

std::string image_data_folder(const Config& cfg) {
  return cfg.data.empty() ? fashion_mnist_dir() : cfg.data;
}

}  // namespace ganscope::train
