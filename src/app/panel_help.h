// What each panel shows, for the "(?)" in its title bar: a learner's first question about it.
#pragma once

namespace ganscope::app::panel_help {

inline constexpr const char* kControls =
    "The run: its step counter and speed, pause and reset, stepping through one step by its "
    "halves (D's update, then G's), slow motion, the pace, and the settings you can change while "
    "it trains. A change applies at the next step, keeps Adam's moments, and is marked on the "
    "plots. Below: image quality, checkpoints and recent runs, and the model.";

inline constexpr const char* kLoss =
    "The game over time. D's loss is -log D(x) - log(1 - D(G(z))); G's is the loss chosen in "
    "Controls. D(x) and D(G(z)) are D's mean outputs on a real and a fake batch: at the game's "
    "equilibrium both are 0.5. The gradient norms show how hard each network is pushed: G's "
    "falling towards 0 while D(G(z)) nears 0 means G's gradient has vanished. Dashed lines mark "
    "where a setting changed (hover one). The losses do not tell sample quality: use the "
    "samples and the quality measures for that. For a critic (WGAN, hinge, least squares), "
    "D(x) and D(G(z)) are raw scores, and a Critic plot shows the Wasserstein estimate "
    "E[D(x)] - E[D(G(z))] and the penalty term when the game has them.";

inline constexpr const char* kSamples =
    "G's images for 64 latent vectors fixed for the whole run, so each cell shows one z as G "
    "learns. The bar under a cell is D's score for it (D(G(z)), 1 = looks real). Hover to "
    "enlarge; left click makes a cell endpoint A of the latent explorer, right click endpoint B.";

inline constexpr const char* kPlane =
    "The whole game on the plane. The colour is D(x): where D believes data lives (teal) or "
    "not (orange); the white line is D = 0.5 (for a critic, its raw value centred midway "
    "between its means on real and fake, the white line there). Green dots are real data, red "
    "dots G's points for fixed latents, arrows where G's loss pushes each of them (-dL_G/dx), "
    "the mesh the image of a latent grid under G, circles the data's modes (3 std). Wheel: "
    "zoom; drag: pan; Paint adds data points.";

inline constexpr const char* kQuality =
    "How good G's points are, measured on 2,500 of them at every snapshot. Modes captured: "
    "modes with at least one high-quality sample nearest them (a collapse shows as a falling "
    "count). High quality: the share of samples within 3 std of a mode. Reverse KL: how unevenly "
    "the samples spread over the modes (0 = evenly). KL and JS: between 2D histograms of real "
    "and generated points (JS is at most log 2; lower is better).";

inline constexpr const char* kHistogram =
    "What D thinks: histograms of D(x) on the latest real batch (green) and D(G(z)) on the "
    "latest fake batch (red), with their means dashed. When D wins, red piles at 0 and green at "
    "1; when G fools it, both gather at 0.5. A critic's raw values (WGAN, hinge, least "
    "squares) are shown over their own span: there the gap between the means is what counts.";

inline constexpr const char* kExplorer =
    "Walk through G's latent space: from endpoint A to B (picked in the samples, or random) by "
    "slerp (along the sphere where G's inputs lie) or lerp, with t; the sliders move the current "
    "point off the path, one latent dimension each. G runs here on a copy of its weights, so "
    "exploring never disturbs training.";

inline constexpr const char* kLesson =
    "A lesson: a run set up to make one idea of GAN training happen, and a script that steers "
    "it (changing a setting, slowing down, pausing) at given steps. Each note says what to "
    "watch, and the panel it talks about is framed. Replay starts over from step 0; Let me play "
    "stops the script and leaves the run to you; Close brings back the latent explorer.";

}  // namespace ganscope::app::panel_help
