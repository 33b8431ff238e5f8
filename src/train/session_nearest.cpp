// Session::find_nearest on the trainer thread: the memorisation check between steps.
#include <chrono>

#include "data/nearest_images.h"
#include "train/session.h"

namespace ganscope::train {

void Session::find_nearest(int sample) {
  Command c{CommandKind::FindNearest};
  c.sample = sample;
  push(std::move(c));
}

// The query is the sample as last published, the image the user clicked. One scan of the
// training set, between two steps: its time is in the answer.
void Session::find_nearest_now(int sample) {
  const std::shared_ptr<const Snapshot> shown = snapshot();
  auto answer = std::make_shared<NearestImages>();
  answer->sample = sample;
  answer->step = shown->step;
  const auto* images = dynamic_cast<const data::ImageDataset*>(trainer_->dataset());
  const std::size_t dim = std::size_t(shown->image_bytes());
  if (!shown->images || !images) {
    answer->status = "nearest training images are for image data";
  } else if (sample < 0 || sample >= shown->grid_count ||
             shown->grid_pixels.size() < std::size_t(sample + 1) * dim ||
             std::size_t(images->dim()) != dim) {
    answer->status = "no grid sample " + std::to_string(sample);
  } else {
    const std::uint8_t* query = shown->grid_pixels.data() + std::size_t(sample) * dim;
    answer->query.assign(query, query + dim);
    const auto t0 = std::chrono::steady_clock::now();
    const auto nearest = data::nearest_images(*images, query, kNearestCount);
    answer->milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    answer->searched = images->size();
    for (const data::NearbyImage& n : nearest) {
      answer->indices.push_back(n.index);
      answer->distances.push_back(n.distance);
      const std::uint8_t* image = images->pixels() + std::size_t(n.index) * dim;
      answer->pixels.insert(answer->pixels.end(), image, image + dim);
    }
  }
  nearest_ = std::move(answer);
}

}  // namespace ganscope::train
