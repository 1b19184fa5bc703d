#include "app/gui/wizard_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

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

// The coil from above with its handle toward the viewer (as in the technician's view):
// the wings, the handle, each mark a numbered dot, the one to touch now ringed; then the
// marks' names, the one to touch now highlighted.
void coilDrawing(const RegistrationWizard& w) {
  const auto& marks = w.coilMarks();
  if (marks.empty() || w.step() != WizardStep::Coil) return;
  const std::optional<size_t> now = w.coilMarkNow();
  float wing_mm = 40.0f;  // the wings' centres: the marks farthest to the sides
  for (const auto& m : marks) wing_mm = std::max(wing_mm, std::abs(static_cast<float>(m.p.p.x())));
  const float width = std::min(ImGui::GetContentRegionAvail().x, 420.0f);
  const float mm = width / (4.2f * wing_mm);  // px per mm
  const float height = 2.6f * wing_mm * mm;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 c(o.x + width / 2, o.y + 0.95f * wing_mm * mm);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 line = IM_COL32(200, 200, 210, 255), hot = IM_COL32(255, 200, 60, 255);
  const float wing_r = 0.85f * wing_mm * mm;
  dl->AddCircle(ImVec2(c.x - wing_mm * mm, c.y), wing_r, line, 48, 2.0f);
  dl->AddCircle(ImVec2(c.x + wing_mm * mm, c.y), wing_r, line, 48, 2.0f);
  dl->AddRect(ImVec2(c.x - 0.2f * wing_mm * mm, c.y + wing_r),
              ImVec2(c.x + 0.2f * wing_mm * mm, o.y + height), line, 4.0f, 0, 2.0f);
  dl->AddText(ImVec2(c.x + 0.25f * wing_mm * mm, o.y + height - ImGui::GetFontSize()), line,
              "handle");
  for (size_t i = 0; i < marks.size(); ++i) {
    // Coil +x is the viewer's right and +y the handle, down the screen (seen from above).
    const ImVec2 p(c.x + static_cast<float>(marks[i].p.p.x()) * mm,
                   c.y + static_cast<float>(marks[i].p.p.y()) * mm);
    const bool current = now && *now == i;
    dl->AddCircleFilled(p, current ? 9.0f : 6.0f, current ? hot : line, 20);
    if (current) dl->AddCircle(p, 16.0f, hot, 24, 3.0f);
    const std::string n = std::to_string(i + 1);
    dl->AddText(ImVec2(p.x + 10, p.y - ImGui::GetFontSize() - 2), current ? hot : line, n.c_str());
  }
  ImGui::Dummy(ImVec2(width, height + 4));
  for (size_t i = 0; i < marks.size(); ++i) {
    const std::string name = std::to_string(i + 1) + "  " + coilMarkName(marks[i].name);
    if (now && *now == i)
      ImGui::TextColored(kWarning, "%s  <- touch this one", name.c_str());
    else if (!now || i < *now)
      ImGui::TextDisabled("%s%s", name.c_str(), now ? "  (done)" : "");
    else
      ImGui::TextUnformatted(name.c_str());
  }
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
  coilDrawing(w);
  // Wrapped, not clipped: the docked window is as narrow as the 3-D view beside the aim.
  auto bullet = [](const std::string& line) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", line.c_str());
  };
  if (w.step() == WizardStep::Done)
    for (const auto& line : w.summary()) bullet(line);
  else if (!w.figure().empty())
    ImGui::TextColored(kFigure, "%s", w.figure().c_str());
  for (const auto& advice : w.sweepAdvice()) bullet(advice);
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
  ImGui::SetNextWindowBgAlpha(1.0f);  // never see-through: nothing shows through its words
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
