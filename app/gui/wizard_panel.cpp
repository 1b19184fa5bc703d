#include "app/gui/wizard_panel.h"

#include <imgui.h>

namespace tmsnav {

namespace {
const ImVec4 kProblem(1.0f, 0.45f, 0.35f, 1.0f);
const ImVec4 kWarning(1.0f, 0.8f, 0.3f, 1.0f);
const ImVec4 kFigure(0.55f, 0.85f, 1.0f, 1.0f);

// 1 Pivot > 2 Coil > ...: the current step bracketed, the finished ones ticked.
void stepLine(const RegistrationWizard& w) {
  const WizardStep steps[] = {WizardStep::Pivot, WizardStep::Coil, WizardStep::Landmarks,
                              WizardStep::Sweep, WizardStep::Checkpoint};
  for (size_t i = 0; i < std::size(steps); ++i) {
    if (i) ImGui::SameLine(0, 4);
    const bool current = steps[i] == w.step();
    const bool done = static_cast<int>(steps[i]) < static_cast<int>(w.step());
    if (current)
      ImGui::TextColored(kFigure, "[%zu %s]", i + 1, toString(steps[i]));
    else if (done)
      ImGui::TextDisabled("%zu %s ok", i + 1, toString(steps[i]));
    else
      ImGui::TextDisabled("%zu %s", i + 1, toString(steps[i]));
  }
}

void stepButtons(const RegistrationWizard& w, std::vector<UiCommand>& out) {
  const bool collecting = w.phase() == WizardPhase::Collecting;
  const bool review = w.phase() == WizardPhase::Review;
  ImGui::BeginDisabled(!review);
  if (ImGui::Button("Accept")) out.push_back(CmdWizard{WizardCommand::Accept});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Keep this step's result and go on");
  ImGui::SameLine();
  ImGui::BeginDisabled(w.phase() == WizardPhase::Solving);
  if (ImGui::Button("Redo")) out.push_back(CmdWizard{WizardCommand::Redo});
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!collecting);
  if (ImGui::Button("Skip")) out.push_back(CmdWizard{WizardCommand::Skip});
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Pivot: use the saved pointer calibration. Coil: keep the coil calibration in use. "
        "Sweep: landmarks only. Landmarks and checkpoint cannot be skipped.");
  ImGui::SameLine();
  const bool finishable = w.step() == WizardStep::Pivot || w.step() == WizardStep::Sweep;
  ImGui::BeginDisabled(!finishable);
  if (ImGui::Button("Finish now")) out.push_back(CmdWizard{WizardCommand::FinishNow});
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) out.push_back(CmdWizard{WizardCommand::Cancel});
}

void wizardBody(const RegistrationWizard& w, const Fonts& fonts, std::vector<UiCommand>& out) {
  stepLine(w);
  ImGui::PushTextWrapPos(0.0f);
  if (fonts.big) ImGui::PushFont(fonts.big);
  ImGui::SetWindowFontScale(fonts.big ? 0.45f : 1.4f);  // large enough to read from the head
  ImGui::TextUnformatted(w.instruction().c_str());
  ImGui::SetWindowFontScale(1.0f);
  if (fonts.big) ImGui::PopFont();
  if (!w.pointerProblem().empty() && w.phase() == WizardPhase::Collecting)
    ImGui::TextColored(kWarning, "%s", w.pointerProblem().c_str());
  if (!w.problem().empty()) ImGui::TextColored(kProblem, "%s", w.problem().c_str());
  if (w.step() == WizardStep::Done)
    for (const auto& line : w.summary()) ImGui::BulletText("%s", line.c_str());
  else if (!w.figure().empty())
    ImGui::TextColored(kFigure, "%s", w.figure().c_str());
  for (const auto& advice : w.sweepAdvice()) ImGui::BulletText("%s", advice.c_str());
  ImGui::PopTextWrapPos();
  if (w.step() != WizardStep::Done) stepButtons(w, out);
}
}  // namespace

void wizardSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  const RegistrationSession& reg = model.registration();
  if (!reg.wizardActive()) {
    ImGui::BeginDisabled(!model.tracking() || !model.target() ||
                         reg.status() == RegistrationStatus::Running);
    if (ImGui::Button("Registration wizard")) out.push_back(CmdStartWizard{});
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(
          "Pivot, coil, landmarks, scalp sweep, checkpoint with the tracked pointer. Start "
          "tracking first; the simulated source has a technician who follows the prompts.");
  }
  ImGui::BeginDisabled(!reg.current());
  ImGui::InputText("##save_registration", ui.save_registration_path,
                   sizeof ui.save_registration_path);
  ImGui::SameLine();
  if (ImGui::Button("Save")) out.push_back(CmdSaveRegistration{ui.save_registration_path});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("registration.json for the next session (checked against this MRI)");
}

void drawWizardWindow(const AppModel& model, const Fonts& fonts, const ImVec2& at, float width,
                      std::vector<UiCommand>& out) {
  const RegistrationSession& reg = model.registration();
  const RegistrationWizard* w = reg.wizard();
  if (!reg.wizardActive() && !(w && w->step() == WizardStep::Done)) return;
  ImGui::SetNextWindowPos(at, ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.9f);
  bool open = true;
  ImGui::Begin("Registration wizard", w && w->step() == WizardStep::Done ? &open : nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  if (w)
    wizardBody(*w, fonts, out);
  else
    ImGui::TextUnformatted("Preparing the scalp for the wizard...");
  ImGui::End();
  if (!open) out.push_back(CmdWizard{WizardCommand::Cancel});  // closes the finished wizard
}

}  // namespace tmsnav
