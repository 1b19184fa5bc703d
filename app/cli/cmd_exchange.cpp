// `tmsnav import FILE` and `tmsnav export`: targets and pulses to and from Brainsight,
// Localite, 3D Slicer and CSV (issue 15). The formats live in io/; this file reads the
// command line and prints.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/version.h"
#include "core/coords.h"
#include "imaging/atlas.h"
#include "imaging/head_crop.h"
#include "imaging/head_model.h"
#include "imaging/head_segmenter.h"
#include "imaging/mni_registration.h"
#include "imaging/registration_quality.h"
#include "io/exchange_placement.h"
#include "io/exchange_sources.h"
#include "io/json_util.h"
#include "io/plan_file.h"

namespace tmsnav {

namespace {
nlohmann::json optional(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// Where the output's coordinates are, in words.
std::string coordinatesText(const Exchange& e) {
  const std::string axes = ", tmsnav coil axes (z into the head, y toward the handle)";
  if (e.space == kMniRas) return "MNI RAS mm (not on the patient)" + axes;
  if (e.space == kScannerRas)
    return "the image's NIfTI scanner (qform) world, read as the MRI's world RAS mm" + axes;
  return "world RAS mm" + axes;
}

std::string spaceName(const Exchange& e) {
  if (e.space == kMniRas) return "MNI";
  if (e.space == kScannerRas) return "scanner";
  return "world";
}

void addOrigin(nlohmann::json& j, const std::string& file, const std::string& file_time) {
  if (!file.empty()) j["file"] = file;
  if (!file_time.empty()) j["file_time"] = file_time;
}

nlohmann::json importJson(const Exchange& e, const std::vector<std::string>& paths,
                          const std::vector<std::string>& placement) {
  std::set<std::string> coils;
  for (const auto& p : e.pulses)
    if (!p.coil.empty()) coils.insert(p.coil);
  for (const auto& t : e.targets)
    if (!t.coil.empty()) coils.insert(t.coil);
  nlohmann::json j = {
      {"file", paths.size() == 1 ? nlohmann::json(paths.front()) : nlohmann::json(paths)},
      {"format", e.format},
      {"space", spaceName(e)},
      {"coordinates", coordinatesText(e)},
      {"placement", placement},
      {"largest_rotation_correction", e.largest_rotation_correction},
      {"pointer_samples", e.pointer_samples},
      {"placeholders_skipped", e.placeholders_skipped},
      {"coils", coils},
      {"targets", nlohmann::json::array()},
      {"pulses", nlohmann::json::array()},
      {"warnings", e.warnings}};
  for (const auto& t : e.targets) {
    nlohmann::json jt = {{"name", t.name},
                         {"coil_to_mri_ras", jsonMat(rasFromCoilPose(t.coil_to_mri))}};
    if (t.cortex_lps) jt["cortex_ras_mm"] = jsonVec(rasFromLps(*t.cortex_lps));
    if (!t.coil.empty()) jt["coil"] = t.coil;  // ANT: the coil it was planned for
    addOrigin(jt, t.file, t.file_time);
    j["targets"].push_back(jt);
  }
  for (const auto& p : e.pulses) {
    nlohmann::json jp = {
        {"name", p.name},
        {"session", p.session},
        {"coil", p.coil},
        {"coil_to_mri_ras",
         p.coil_to_mri ? jsonMat(rasFromCoilPose(*p.coil_to_mri)) : nlohmann::json()},
        {"t_s", optional(p.t_s)},
        {"intensity_pct_mso", optional(p.intensity_pct_mso)},
        {"didt_a_per_us", optional(p.didt_a_per_us)},
        {"mep_uv", optional(p.mep_uv)}};
    if (!p.target.empty()) jp["target"] = p.target;
    addOrigin(jp, p.file, p.file_time);
    j["pulses"].push_back(jp);
  }
  return j;
}

// The patient's MNI registration as plan makes it (head mask, registration to Colin27,
// checked against the head), without the brain model plan also builds.
Result<MniRegistration> mniRegistrationOf(const std::string& mri) {
  auto v = loadHeadVolume(mri);
  if (!v) return Error{v.error()};
  const Volume volume = croppedVolume(*v, headCrop(v->image));
  auto templates = loadMniTemplates(kTemplateDir);
  if (!templates) return Error{templates.error()};
  auto template_head = templateHeadMask(templates->t1);
  if (!template_head) return Error{template_head.error()};
  auto head = segmentHead(volume, {}, {});
  if (!head) return Error{head.error()};
  RegistrationOptions options;
  options.template_head = *template_head;
  auto reg = registerToMni(volume, templates->t1, options, {});
  if (!reg) return Error{reg.error()};
  if (auto q = assessRegistration(*reg, head->mask, *template_head); !q) return Error{q.error()};
  return reg;
}

// NIfTI:Scanner and MNI poses onto the patient, when --mri or --plan says who it is.
Result<std::vector<std::string>> placeOnPatient(Exchange& e, const ImportArgs& a) {
  std::vector<std::string> notes;
  if (!a.mri.empty() && !a.plan.empty()) return Error{"give --mri or --plan, not both"};
  if (e.space == kScannerRas && !a.mri.empty()) {
    if (!looksLikeNifti(a.mri))
      return Error{
          "these coordinates are a NIfTI file's qform world: give that NIfTI file as "
          "--mri (not " +
          a.mri + ")"};
    auto h = checkNiftiFile(a.mri);
    if (!h) return Error{h.error()};
    auto same = checkAssociatedImage(e, *h);
    if (!same) return Error{a.mri + ": " + same.error()};
    if (!same->empty()) notes.push_back(*same);
    auto note = placeScannerOnMri(e, *h);
    if (!note) return Error{note.error()};
    notes.push_back(*note);
  }
  if (e.space == kMniRas && (!a.mri.empty() || !a.plan.empty())) {
    std::optional<MniRegistration> registration;
    if (!a.plan.empty()) {
      auto plan = readPlan(a.plan);
      if (!plan) return Error{plan.error()};
      if (!plan->registration) return Error{a.plan + " holds no MNI registration"};
      if (plan->registration->unusable)
        return Error{a.plan +
                     ": its MNI registration was refused: " + *plan->registration->unusable};
      registration = *plan->registration;
    } else {
      auto r = mniRegistrationOf(a.mri);
      if (!r) return Error{a.mri + ": " + r.error()};
      registration = std::move(*r);
    }
    auto note = placeMniOnSubject(e, *registration);
    if (!note) return Error{note.error()};
    notes.push_back(*note + (a.plan.empty() ? " of " + a.mri : " of " + a.plan));
  }
  return notes;
}

// Several files or folders read as one list, each item keeping its file.
Result<Exchange> importAll(const std::vector<std::string>& paths) {
  Exchange all;
  for (const auto& path : paths) {
    auto e = importExchange(path);
    if (!e) return Error{e.error()};
    if (paths.size() == 1) return e;
    if (all.format.empty()) all.format = e->format, all.space = e->space;
    if (e->space != all.space)
      return Error{path + " is in " + e->space + ", " + paths.front() + " in " + all.space};
    for (auto& t : e->targets) {
      if (t.file.empty()) t.file = path;
      all.targets.push_back(std::move(t));
    }
    for (auto& p : e->pulses) {
      if (p.file.empty()) p.file = path;
      all.pulses.push_back(std::move(p));
    }
    for (auto& w : e->warnings) all.warnings.push_back(path + ": " + w);
    all.largest_rotation_correction =
        std::max(all.largest_rotation_correction, e->largest_rotation_correction);
    all.pointer_samples += e->pointer_samples;
    all.placeholders_skipped += e->placeholders_skipped;
  }
  return all;
}

Result<Exchange> exportSource(const ExportArgs& a) {
  if (a.plan.empty() == a.sessions.empty()) return Error{"give either --plan or session journals"};
  if (!a.plan.empty()) {
    auto plan = readPlan(a.plan);
    if (!plan) return Error{plan.error()};
    Exchange e = exchangeFromPlan(*plan);
    // ANT names the image by its qform: the plan's MRI's, when it is a readable NIfTI.
    if (looksLikeNifti(plan->mri_path))
      if (auto h = checkNiftiFile(plan->mri_path)) e.associated_image = associatedImageOf(*h);
    return e;
  }
  auto journals = readSessionJournals(a.sessions);
  if (!journals) return Error{journals.error()};
  return exchangeFromJournals(*journals);
}
}  // namespace

int runImport(const ImportArgs& a) {
  auto e = importAll(a.files);
  if (!e) return fail(kExitBadInput, e.error());
  auto placement = placeOnPatient(*e, a);
  if (!placement) return fail(kExitBadInput, placement.error());
  if (a.json) {
    printJson(importJson(*e, a.files, *placement));
    return kExitOk;
  }
  size_t untracked = 0;
  for (const auto& p : e->pulses) untracked += !p.coil_to_mri;
  std::cout << (a.files.size() == 1 ? a.files.front() : std::to_string(a.files.size()) + " files")
            << ": " << e->format << ", " << e->targets.size() << " targets, " << e->pulses.size()
            << " pulses (" << untracked << " not tracked)\n"
            << "coordinates: " << coordinatesText(*e) << "\n";
  if (e->largest_rotation_correction > 0)
    std::printf("rotations made orthonormal: largest element correction %.2e\n",
                e->largest_rotation_correction);
  std::map<std::string, size_t> by_coil;
  for (const auto& p : e->pulses)
    if (!p.coil.empty()) ++by_coil[p.coil];
  for (const auto& [coil, n] : by_coil) std::cout << "coil " << coil << ": " << n << " pulses\n";
  for (const auto& n : *placement) std::cout << n << "\n";
  for (const auto& w : e->warnings) std::cout << "warning: " << w << "\n";
  return kExitOk;
}

int runExport(const ExportArgs& a) {
  auto format = parseExchangeFormat(a.format);
  if (!format) return fail(kExitBadInput, format.error());
  auto e = exportSource(a);
  if (!e) return fail(kExitBadInput, e.error());
  e->created_by = std::string("tmsnav ") + versionString() + " (" + sourceRevision() + ")";
  if (*format == ExchangeFormat::Ant && e->targets.empty())
    return fail(kExitBadInput, "no targets to write as ANT Neuro TargetMarkers");
  if (*format == ExchangeFormat::LocaliteTriggers && e->pulses.empty())
    return fail(kExitBadInput, "no pulses to write as Localite TriggerMarkers");
  if (auto w = exportExchange(*e, *format, a.out); !w) return fail(kExitFailure, w.error());
  if (a.json) {
    printJson({{"out", a.out},
               {"format", a.format},
               {"targets", e->targets.size()},
               {"pulses", e->pulses.size()}});
  } else {
    std::cout << e->targets.size() << " targets, " << e->pulses.size() << " pulses -> " << a.out
              << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
