#include "report/cohort_files.h"

#include <sstream>

#include "core/coords.h"
#include "imaging/registration_quality.h"
#include "io/json_util.h"
#include "report/html_text.h"

namespace tmsnav {

namespace {
nlohmann::json spreadJson(const std::vector<double>& values) {
  const Spread s = spreadOf(values);
  if (s.n == 0) return nullptr;
  return {{"n", s.n}, {"median", s.median}, {"min", s.min}, {"max", s.max}};
}

nlohmann::json pointJson(const std::optional<Eigen::Vector3d>& p_lps) {
  return p_lps ? jsonVec(rasFromLps(*p_lps)) : nlohmann::json();
}

nlohmann::json subjectJson(const CohortSubject& s) {
  nlohmann::json j = {{"id", s.id}, {"file", s.file}, {"planned", s.planned}};
  if (!s.planned) {
    j["failed_step"] = s.failed_step;
    j["error"] = s.error;
    return j;
  }
  j["head_dice"] = s.head_dice ? nlohmann::json(*s.head_dice) : nlohmann::json();
  j["registration_flagged"] = s.registration_flagged;
  j["warnings"] = s.warnings;
  j["targets"] = nlohmann::json::array();
  for (const auto& t : s.targets)
    j["targets"].push_back(
        {{"name", t.name},
         {"method", t.method},
         {"target_ras_mm", jsonVec(rasFromLps(t.target_lps))},
         {"entry_ras_mm", jsonVec(rasFromLps(t.entry_lps))},
         {"target_mni_mm", pointJson(t.target_mni_lps)},
         {"entry_mni_mm", pointJson(t.entry_mni_lps)},
         {"scalp_to_cortex_mm",
          t.scalp_to_cortex_mm ? nlohmann::json(*t.scalp_to_cortex_mm) : nlohmann::json()}});
  return j;
}

std::string spreadCells(const std::vector<double>& values) {
  const Spread s = spreadOf(values);
  if (s.n == 0) return "<td colspan=3>&ndash;</td>";
  return "<td>" + fixed(s.median, 1) + "</td><td>" + fixed(s.min, 1) + "</td><td>" +
         fixed(s.max, 1) + "</td>";
}
}  // namespace

nlohmann::json groupJson(const CohortReport& r, const std::string& software) {
  nlohmann::json j = {{"format", kCohortFormat},
                      {"software", software},
                      {"flag_below_head_dice", kMinRegisteredHeadDice},
                      {"subjects", nlohmann::json::array()},
                      {"methods", nlohmann::json::array()},
                      {"pairs", nlohmann::json::array()},
                      {"flagged", r.flagged},
                      {"refused", r.refused}};
  for (const auto& s : r.subjects) j["subjects"].push_back(subjectJson(s));
  for (const auto& m : r.methods)
    j["methods"].push_back(
        {{"name", m.name},
         {"method", m.method},
         {"subjects", m.subjects},
         {"mni_centroid_mm", pointJson(m.mni_centroid_lps)},
         {"mni_distance_to_centroid_mm", spreadJson(m.mni_distance_to_centroid_mm)},
         {"scalp_to_cortex_mm", spreadJson(m.depth_mm)}});
  for (const auto& p : r.pairs)
    j["pairs"].push_back(
        {{"a", p.a}, {"b", p.b}, {"entry_distance_mm", spreadJson(p.entry_distance_mm)}});
  return j;
}

std::string groupHtml(const CohortReport& r, const std::vector<ReportPlot>& plots,
                      const std::vector<std::string>& colours) {
  std::ostringstream o;
  o << htmlHead("tmsnav cohort report");
  o << "<h1>Cohort report</h1>\n<p>" << r.subjects.size() << " subjects, " << r.refused.size()
    << " refused, " << r.flagged.size() << " flagged (MNI registration head Dice below "
    << fixed(kMinRegisteredHeadDice) << "). Positions in world RAS mm. Every figure is also in "
    << "<a href=group.json>group.json</a>.</p>\n";
  o << "<h2>Subjects</h2>\n<table><tr><th>subject</th><th>colour</th><th>status</th><th>head "
       "Dice</th><th>warnings or error</th></tr>\n";
  for (size_t i = 0; i < r.subjects.size(); ++i) {
    const auto& s = r.subjects[i];
    const std::string colour = i < colours.size() ? colours[i] : "#000000";
    std::string notes;
    for (const auto& w : s.warnings) notes += (notes.empty() ? "" : "; ") + w;
    o << "<tr><td>" << html(s.id) << "</td><td style=\"background:" << html(colour)
      << "\"></td><td>"
      << (s.planned ? (s.registration_flagged ? "<b>planned, flagged</b>" : "planned")
                    : "<b>refused at " + html(s.failed_step) + "</b>")
      << "</td><td>" << fixed(s.head_dice) << "</td><td style=\"text-align:left\">"
      << html(s.planned ? notes : s.error) << "</td></tr>\n";
  }
  o << "</table>\n<h2>Methods</h2>\n<table><tr><th rowspan=2>target</th><th "
       "rowspan=2>subjects</th><th rowspan=2>MNI centroid</th><th colspan=3>MNI distance to "
       "centroid (mm)</th><th colspan=3>scalp to cortex (mm)</th></tr>\n<tr>";
  for (int k = 0; k < 2; ++k) o << "<th>median</th><th>min</th><th>max</th>";
  o << "</tr>\n";
  for (const auto& m : r.methods) {
    std::string centroid = "&ndash;";
    if (m.mni_centroid_lps) {
      const Eigen::Vector3d p = rasFromLps(*m.mni_centroid_lps);
      centroid = "(" + fixed(p.x(), 1) + ", " + fixed(p.y(), 1) + ", " + fixed(p.z(), 1) + ")";
    }
    o << "<tr><td>" << html(m.name) << "</td><td>" << m.subjects << "</td><td>" << centroid
      << "</td>" << spreadCells(m.mni_distance_to_centroid_mm) << spreadCells(m.depth_mm)
      << "</tr>\n";
  }
  o << "</table>\n<h2>Distances between methods' scalp entries (mm, per subject)</h2>\n<table>"
       "<tr><th>methods</th><th>subjects</th><th>median</th><th>min</th><th>max</th></tr>\n";
  for (const auto& p : r.pairs)
    o << "<tr><td>" << html(p.a) << " &harr; " << html(p.b) << "</td><td>"
      << p.entry_distance_mm.size() << "</td>" << spreadCells(p.entry_distance_mm) << "</tr>\n";
  o << "</table>\n<h2>Plots</h2>\n";
  o << plotFigures(plots);
  o << "</body></html>\n";
  return o.str();
}

}  // namespace tmsnav
