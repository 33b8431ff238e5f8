// Controls panel, Hyperparameters: the tricks. Spectral normalisation and packing change what D
// is, so switching either builds a new D (the line under them says so, and the change mark
// on the plots); G's average has a decay and a view switch for the samples and the explorer.
#include <cstdio>

#include "app/controls_panel.h"
#include "app/palette.h"
#include "app/widgets.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// The EMA's decays to pick from; a config may hold any other, shown as it is.
constexpr float kEmaChoices[] = {0.0f, 0.99f, 0.999f, 0.9999f};

std::string ema_text(float beta) {
  if (beta == 0) return "off";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5g (~%.0f steps)", double(beta), 1.0 / (1.0 - double(beta)));
  return buf;
}

}  // namespace

bool ControlsPanel::draw_tricks(train::Session& session, const train::Snapshot& snapshot) {
  bool changed = false;
  const char* sn_tip = "Spectral normalisation (Miyato et al. 2018): every Linear and Conv2d of D "
                       "divided by its largest singular value, which keeps D 1-Lipschitz per layer. "
                       "Switching builds a new D";
  row_label("Spec. norm", sn_tip);
  changed |= ImGui::Checkbox("##spectral_norm", &edited_.spectral_norm);
  item_tooltip(sn_tip);
  const char* pack_tip = "PacGAN packing (Lin et al. 2018): D judges m samples at once, real with "
                         "real and fake with fake, so a G that makes few kinds of sample is caught. "
                         "Must divide the batch; switching builds a new D";
  row_label("Packing", pack_tip);
  for (int m : {1, 2, 4}) {
    if (m > 1) ImGui::SameLine();
    char label[16];
    std::snprintf(label, sizeof label, "%d##pack%d", m, m);
    if (ImGui::RadioButton(label, edited_.packing == m) && edited_.packing != m) {
      edited_.packing = m;
      changed = true;
    }
    item_tooltip(pack_tip);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
  ImGui::TextWrapped("Either switch builds a new D: fresh weights, Adam restarts; G is kept.");
  ImGui::PopStyleColor();

  const char* ema_tip = "An average of G's weights over its last steps, ema = beta ema + (1 - beta) "
                        "G after each G step; it often makes better samples than G. Off: 0";
  row_label("EMA of G", ema_tip);
  if (ImGui::BeginCombo("##ema_beta", ema_text(edited_.ema_beta).c_str())) {
    for (float beta : kEmaChoices)
      if (ImGui::Selectable(ema_text(beta).c_str(), beta == edited_.ema_beta) &&
          beta != edited_.ema_beta) {
        edited_.ema_beta = beta;
        changed = true;
      }
    ImGui::EndCombo();
  }
  item_tooltip(ema_tip);
  ImGui::BeginDisabled(!snapshot.has_ema);
  if (ImGui::Checkbox("Show EMA generator", &show_ema_)) session.set_show_ema(show_ema_);
  ImGui::EndDisabled();
  item_tooltip(snapshot.has_ema
                   ? "The samples, the plane's points, quality and the latent explorer from G's "
                     "average instead of G (training is unchanged)"
                   : "Turn the EMA of G on first");
  return changed;
}

}  // namespace ganscope::app
