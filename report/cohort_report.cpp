#include "report/cohort_report.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/coords.h"
#include "imaging/registration_quality.h"
#include "io/json_util.h"
#include "io/plan_file.h"

namespace tmsnav {

namespace fs = std::filesystem;

namespace {
constexpr const char* kPlanSuffix = "_plan.json";
constexpr const char* kFailureFormat = "tmsnav-failure-1";
constexpr const char* kPlanFormat = "tmsnav-plan-1";
constexpr int kMaxDepth = 4;  // sub-XX/ses-YY/anat/<file>

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Every <id>_plan.json below the folder, by relative path (a fixed order).
std::vector<std::string> recordFiles(const fs::path& root) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it.depth() >= kMaxDepth) it.disable_recursion_pending();
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && endsWith(name, kPlanSuffix))
      files.push_back(fs::relative(it->path(), root, ec).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A failure record where the plan belongs: the workflow's outcome for a refused subject.
Result<CohortSubject> readFailure(const nlohmann::json& j, const fs::path& path, CohortSubject s) {
  auto text = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  s.failed_step = text("step");
  s.error = text("error");
  if (s.error.empty()) return Error{path.string() + ": a failure record needs its error"};
  return s;
}

Result<CohortSubject> readPlanned(const nlohmann::json& j, const fs::path& path, CohortSubject s) {
  s.planned = true;
  std::optional<Eigen::Matrix4d> subject_to_mni_ras;
  if (auto reg = j.find("mni_registration"); reg != j.end() && reg->is_object()) {
    if (reg->contains("head_dice") && (*reg)["head_dice"].is_number())
      s.head_dice = (*reg)["head_dice"].get<double>();
    for (const auto& w : reg->value("warnings", nlohmann::json::array()))
      if (w.is_string()) s.warnings.push_back(w.get<std::string>());
    auto m = parseMat(reg->value("subject_to_mni_ras", nlohmann::json()), "subject_to_mni_ras");
    if (!m) return Error{path.string() + ": " + m.error()};
    subject_to_mni_ras = *m;
  }
  s.registration_flagged = s.head_dice && *s.head_dice < kMinRegisteredHeadDice;
  for (const auto& jt : j.value("targets", nlohmann::json::array())) {
    auto t = parseTarget(jt);
    if (!t) return Error{path.string() + ": " + t.error()};
    CohortTarget c{t->name,           t->method, t->target_lps,        t->entry_lps,
                   t->target_mni_lps, {},        t->scalp_to_cortex_mm};
    if (subject_to_mni_ras)
      c.entry_mni_lps =
          lpsFromRas((*subject_to_mni_ras * rasFromLps(t->entry_lps).homogeneous()).head<3>());
    s.targets.push_back(std::move(c));
  }
  if (s.targets.empty()) return Error{path.string() + " has no targets"};
  return s;
}

std::vector<MethodSummary> methodSummaries(const std::vector<CohortSubject>& subjects) {
  std::vector<MethodSummary> out;
  std::map<std::string, size_t> index;
  std::vector<std::vector<const CohortTarget*>> members;  // by method
  for (const auto& s : subjects)
    for (const auto& t : s.targets) {
      auto [it, fresh] = index.try_emplace(t.name, out.size());
      if (fresh) out.push_back({t.name, t.method}), members.emplace_back();
      members[it->second].push_back(&t);
    }
  for (size_t m = 0; m < out.size(); ++m) {
    std::vector<Eigen::Vector3d> mni;
    for (const CohortTarget* t : members[m]) {
      if (t->target_mni_lps) mni.push_back(*t->target_mni_lps);
      if (t->scalp_to_cortex_mm) out[m].depth_mm.push_back(*t->scalp_to_cortex_mm);
    }
    out[m].subjects = members[m].size();
    if (mni.empty()) continue;
    Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
    for (const auto& p : mni) centroid += p / double(mni.size());
    for (const auto& p : mni) out[m].mni_distance_to_centroid_mm.push_back((p - centroid).norm());
    out[m].mni_centroid_lps = centroid;
  }
  return out;
}

std::vector<PairSummary> pairSummaries(const std::vector<MethodSummary>& methods,
                                       const std::vector<CohortSubject>& subjects) {
  std::vector<PairSummary> out;
  auto entryOf = [](const CohortSubject& s, const std::string& name) -> const CohortTarget* {
    for (const auto& t : s.targets)
      if (t.name == name) return &t;
    return nullptr;
  };
  for (size_t a = 0; a < methods.size(); ++a)
    for (size_t b = a + 1; b < methods.size(); ++b) {
      std::vector<double> d;
      for (const auto& s : subjects) {
        const CohortTarget *ta = entryOf(s, methods[a].name), *tb = entryOf(s, methods[b].name);
        if (ta && tb) d.push_back((ta->entry_lps - tb->entry_lps).norm());
      }
      out.push_back({methods[a].name, methods[b].name, std::move(d)});
    }
  return out;
}
}  // namespace

Spread spreadOf(std::vector<double> v) {
  Spread s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  s.min = v.front();
  s.max = v.back();
  return s;
}

Result<CohortReport> readCohort(const std::string& derivatives_dir) {
  const fs::path root(derivatives_dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Error{derivatives_dir + " is not a folder"};
  CohortReport r;
  for (const auto& file : recordFiles(root)) {
    const std::string name = fs::path(file).filename().string();
    CohortSubject s;
    s.id = name.substr(0, name.size() - std::string(kPlanSuffix).size());
    s.file = file;
    auto j = readJsonObject((root / file).string());
    if (!j) return Error{j.error()};
    const std::string format = j->value("format", "");
    if (format != kFailureFormat && format != kPlanFormat)
      return Error{(root / file).string() + " is neither a plan nor a failure record"};
    auto read = format == kFailureFormat ? readFailure(*j, root / file, s)
                                         : readPlanned(*j, root / file, s);
    if (!read) return Error{read.error()};
    r.subjects.push_back(std::move(*read));
  }
  if (r.subjects.empty()) return Error{"no *_plan.json under " + derivatives_dir};
  for (const auto& s : r.subjects) {
    if (!s.planned) r.refused.push_back(s.id);
    if (s.registration_flagged) r.flagged.push_back(s.id);
  }
  r.methods = methodSummaries(r.subjects);
  r.pairs = pairSummaries(r.methods, r.subjects);
  return r;
}

}  // namespace tmsnav
