// Session::branch and the states it goes back to (session.h, "Branch from here").
#include "train/session.h"
#include "train/image_quality.h"
#include "train/trainer.h"

namespace ganscope::train {

// A full state every StateStore::kStateEvery steps: a copy of the divergence guard's state of
// the step when it took one (every 100 steps), else one serialize(false) (dcgan: about 15 MB).
void Session::keep_state() {
  if (trainer_->diverged() || trainer_->half_done() != StepKind::Both || !states_.due(trainer_->steps())) return;
  states_.add(trainer_->steps(), trainer_->good_step() == trainer_->steps() ? trainer_->good_state()
                                                                           : trainer_->serialize(false));
}

void Session::branch_now(std::int64_t step) {
  const KeptState* kept = states_.at_or_before(step);
  if (!kept) {
    notice_ = "nothing to branch from at step " + std::to_string(step) + ": full states are kept every " +
              std::to_string(StateStore::kStateEvery) + " steps, the first at step " +
              std::to_string(StateStore::kStateEvery);
    return;
  }
  const std::int64_t from = kept->step;
  const std::shared_ptr<const std::string> bytes = kept->bytes;  // forget_after below drops it
  Hyper wanted;
  {
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    wanted = hyper_;
  }
  auto abandoned = std::make_shared<Snapshot::AbandonedBranch>();
  abandoned->from_step = from;
  {
    std::lock_guard<std::mutex> lock(run_mutex_);
    for (const MetricRow& r : trainer_->history().rows())
      if (r.step > from) abandoned->rows.push_back(r);
    try {
      trainer_->deserialize(*bytes, "the state kept at step " + std::to_string(from));
    } catch (const std::exception& e) {
      notice_ = std::string("cannot branch: ") + e.what();
      return;
    }
    trainer_->history().mark(from, "branched from step " + std::to_string(from));
    ++run_id_;
  }
  // The settings set now, the new branch's: marked where it starts.
  try {
    trainer_->set_hyper(wanted, true);
  } catch (const std::exception& e) {
    notice_ = std::string("branched, but a setting was refused: ") + e.what();
  }
  sync_hyper_from_trainer();
  sync_layers();
  states_.forget_after(from);
  frames_.forget_after(from);
  fcd_->forget_after(from);
  nearest_.reset();
  was_diverged_ = false;
  abandoned_ = std::move(abandoned);
  step_ = trainer_->steps();
  if (notice_.rfind("branched, but", 0) != 0)
    notice_ = "branched from step " + std::to_string(from) + ": the branch left is drawn faded on the loss curves";
}

}  // namespace ganscope::train
