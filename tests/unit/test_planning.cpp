// Planning without a patient scan: target specs parsed into types, resolved on a sphere
// "scalp" with a known MNI affine, and the target list's rules. Milliseconds, no ITK
// segmentation.
#include <gtest/gtest.h>

#include <vtkNew.h>
#include <vtkSphereSource.h>

#include "core/coords.h"
#include "planning/plan_builder.h"
#include "planning/planning_context.h"
#include "planning/target_list.h"
#include "planning/target_spec.h"

namespace tmsnav {
namespace {

constexpr double kExactMm = 1e-9;
constexpr double kHeadRadiusMm = 90.0;
constexpr double kOnSphereMm = 0.5;   // a 200x200 tessellation is within this of the sphere
constexpr double kTenTwentyMm = 5.0;  // arc measurements on the tessellated sphere

vtkSmartPointer<vtkPolyData> sphere(double radius_mm = kHeadRadiusMm) {
  vtkNew<vtkSphereSource> s;
  s->SetRadius(radius_mm);
  s->SetThetaResolution(200);
  s->SetPhiResolution(200);
  s->Update();
  return s->GetOutput();
}

// A head on the sphere, LPS: nose toward -y (anterior), left ear toward +x.
std::map<std::string, Eigen::Vector3d> sphereLandmarks() {
  return {{"nasion", {0, -kHeadRadiusMm, 0}},
          {"inion", {0, kHeadRadiusMm, 0}},
          {"lpa", {kHeadRadiusMm, 0, 0}},
          {"rpa", {-kHeadRadiusMm, 0, 0}}};
}

// MNI -> subject: a 5 degree turn about z and a shift, so MNI and subject differ.
MniRegistration knownRegistration() {
  MniRegistration r;
  Eigen::Affine3d a =
      Eigen::Translation3d(3, -4, 5) * Eigen::AngleAxisd(0.087, Eigen::Vector3d::UnitZ());
  r.mni_to_subject = a.matrix();
  r.subject_to_mni = a.inverse().matrix();
  return r;
}

template <class T>
const T& as(const TargetSpec& s) {
  EXPECT_TRUE(std::holds_alternative<T>(s.source)) << s.name;
  return std::get<T>(s.source);
}

class Planning : public ::testing::Test {
 protected:
  vtkSmartPointer<vtkPolyData> scalp_ = sphere();
  PlanSurfaces surfaces_{scalp_, nullptr};
  MniRegistration registration_ = knownRegistration();
  AtlasCache atlases_;
  PlanningContext with_mni_{surfaces_.scalp, &registration_, sphereLandmarks(), atlases_,
                            "/nonexistent-templates"};
  PlanningContext without_mni_{surfaces_.scalp, nullptr, {}, atlases_, "/nonexistent-templates"};
};

TEST(TargetSpecText, RasIsASubjectPointInLps) {
  auto s = parseTargetSpec("ras:-38,44,26");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->name, "ras:-38,44,26");
  EXPECT_LT((as<target::SubjectPoint>(*s).p.p - Eigen::Vector3d(38, -44, 26)).norm(), kExactMm);
  EXPECT_EQ(methodName(*s), "ras");
  EXPECT_FALSE(isScalpRule(*s));
}

TEST(TargetSpecText, ScalpIsAPositionWhoseTargetIsTheCortexBeneath) {
  auto s = parseTargetSpec("scalp:-30,40,70");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_TRUE(as<target::SubjectPoint>(*s).on_scalp);
  EXPECT_LT((as<target::SubjectPoint>(*s).p.p - Eigen::Vector3d(30, -40, 70)).norm(), kExactMm);
  EXPECT_EQ(methodName(*s), "scalp");
  EXPECT_TRUE(isScalpRule(*s));
  EXPECT_FALSE(parseTargetSpec("scalp:1,2").ok());
}

TEST(TargetSpecText, MniIsAnMniPoint) {
  auto s = parseTargetSpec("mni:-38,44,26");
  ASSERT_TRUE(s.ok());
  EXPECT_LT((as<target::MniPoint>(*s).p.p - lpsFromRas({-38, 44, 26})).norm(), kExactMm);
  EXPECT_EQ(methodName(*s), "mni");
}

TEST(TargetSpecText, DistanceRulesKeepTheirHotspotAndDistance) {
  auto five = parseTargetSpec("5cm-rule:-40,-10,60");
  auto five_half = parseTargetSpec("5.5cm-rule:-40,-10,60");
  ASSERT_TRUE(five.ok() && five_half.ok());
  EXPECT_EQ(as<target::ScalpRule>(*five).distance_mm, 50.0);
  EXPECT_EQ(as<target::ScalpRule>(*five_half).distance_mm, 55.0);
  EXPECT_EQ(methodName(*five), "5cm-rule");
  EXPECT_EQ(methodName(*five_half), "5.5cm-rule");
  EXPECT_TRUE(isScalpRule(*five));
}

TEST(TargetSpecText, TenTwentyNamesAreChecked) {
  auto f3 = parseTargetSpec("10-20:F3");
  ASSERT_TRUE(f3.ok());
  EXPECT_EQ(as<target::TenTwenty>(*f3).position, "F3");
  EXPECT_TRUE(isScalpRule(*f3));
  auto bad = parseTargetSpec("10-20:Q9");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("F3"), std::string::npos) << bad.error();
}

TEST(TargetSpecText, AtlasAndBeamF3) {
  auto atlas = parseTargetSpec("atlas:AAL:Frontal_Mid_L");
  ASSERT_TRUE(atlas.ok());
  EXPECT_EQ(as<target::AtlasRegion>(*atlas).region, "AAL:Frontal_Mid_L");
  EXPECT_FALSE(isScalpRule(*atlas));
  auto beam = parseTargetSpec("beam-f3");
  auto adjusted = parseTargetSpec("beam-f3-adjusted");
  ASSERT_TRUE(beam.ok() && adjusted.ok());
  EXPECT_FALSE(as<target::BeamF3>(*beam).adjusted);
  EXPECT_TRUE(as<target::BeamF3>(*adjusted).adjusted);
  EXPECT_EQ(methodName(*adjusted), "beam-f3-adjusted");
}

TEST(TargetSpecText, MalformedSpecsSayWhatIsExpected) {
  for (const char* text : {"ras:1,2", "ras:1,2,x", "mni:1,2,3,4", "ras:nan,1,2",
                           "ras:", "atlas:", "bogus", "10-20:", "beam-f4", ""}) {
    auto s = parseTargetSpec(text);
    EXPECT_FALSE(s.ok()) << text;
    if (!s.ok()) EXPECT_FALSE(s.error().empty()) << text;
  }
}

TEST_F(Planning, SubjectPointPassesThrough) {
  const TargetSpec spec = *parseTargetSpec("ras:10,20,30");
  auto r = with_mni_.resolve(spec);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->kind, ResolvedTarget::Kind::SubjectPoint);
  EXPECT_LT((r->p.p - lpsFromRas({10, 20, 30})).norm(), kExactMm);
  EXPECT_FALSE(r->p_mni.has_value());
}

TEST_F(Planning, MniPointNeedsTheRegistration) {
  auto r = without_mni_.resolve(*parseTargetSpec("mni:-38,44,26"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("MNI registration"), std::string::npos) << r.error();
}

TEST_F(Planning, MniPointGoesThroughTheRegistrationAndKeepsTheGivenPoint) {
  const Eigen::Vector3d p_mni = lpsFromRas({-38, 44, 26});
  auto r = with_mni_.resolve(*parseTargetSpec("mni:-38,44,26"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->kind, ResolvedTarget::Kind::MniPoint);
  EXPECT_LT((r->p.p - registration_.toSubject(p_mni)).norm(), kExactMm);
  ASSERT_TRUE(r->p_mni.has_value());
  EXPECT_LT((r->p_mni->p - p_mni).norm(), kExactMm);
}

TEST_F(Planning, ScalpRulesNeedTheLandmarks) {
  auto r = without_mni_.resolve(*parseTargetSpec("10-20:Cz"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("landmarks"), std::string::npos) << r.error();
}

TEST_F(Planning, TenTwentyCzIsTheTopOfTheHead) {
  auto r = with_mni_.resolve(*parseTargetSpec("10-20:Cz"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->kind, ResolvedTarget::Kind::ScalpPosition);
  EXPECT_LT((r->p.p - Eigen::Vector3d(0, 0, kHeadRadiusMm)).norm(), kTenTwentyMm)
      << r->p.p.transpose();
  EXPECT_FALSE(with_mni_.tenTwenty().empty());
}

TEST_F(Planning, ResolvingTwiceGivesTheSamePoint) {
  const TargetSpec spec = *parseTargetSpec("5cm-rule:-40,0,80");
  auto a = with_mni_.resolve(spec);
  auto b = with_mni_.resolve(spec);
  ASSERT_TRUE(a.ok() && b.ok()) << (a.ok() ? b.error() : a.error());
  EXPECT_LT((a->p.p - b->p.p).norm(), kExactMm) << "resolve must not move the spec";
  EXPECT_LT(std::abs(a->p.p.norm() - kHeadRadiusMm), kOnSphereMm);
}

TEST_F(Planning, AtlasWithoutItsTemplatesIsAnError) {
  auto r = with_mni_.resolve(*parseTargetSpec("atlas:BA9"));
  EXPECT_FALSE(r.ok());
}

TEST_F(Planning, PlannedSubjectPointEntersAtTheNearestScalpPoint) {
  const TargetSpec spec = *parseTargetSpec("ras:-30,40,20");  // inside the sphere
  auto r = with_mni_.resolve(spec);
  ASSERT_TRUE(r.ok());
  auto t = planTarget(surfaces_, *r, PlanOptions{}, &registration_);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->name, "ras:-30,40,20");
  EXPECT_EQ(t->method, "ras");
  const Eigen::Vector3d along = r->p.p.normalized() * kHeadRadiusMm;
  EXPECT_LT((t->entry_lps - along).norm(), 1.0);
  ASSERT_TRUE(t->target_mni_lps.has_value());
  EXPECT_LT((*t->target_mni_lps - registration_.toMni(t->target_lps)).norm(), kExactMm);
}

// A click on the scalp that asks for the cortex (scalp:X,Y,Z): the coil enters at the scalp
// position and the target is the cortex beneath it along the coil's axis, here a cortex
// sphere 15 mm inside the scalp sphere, so the target is 15 mm in and on the cortex.
TEST_F(Planning, ScalpPositionTargetsTheCortexBeneathIt) {
  constexpr double kCortexRadiusMm = 75.0;
  auto cortex = sphere(kCortexRadiusMm);
  PlanSurfaces with_cortex{scalp_, cortex};
  const Eigen::Vector3d on_scalp_ras = Eigen::Vector3d(-30, 40, 70).normalized() * kHeadRadiusMm;
  char text[96];
  std::snprintf(text, sizeof text, "scalp:%.3f,%.3f,%.3f", on_scalp_ras.x(), on_scalp_ras.y(),
                on_scalp_ras.z());
  auto r = without_mni_.resolve(*parseTargetSpec(text));
  ASSERT_TRUE(r.ok()) << r.error();
  auto t = planTarget(with_cortex, *r, PlanOptions{});
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->method, "scalp");
  EXPECT_LT((t->entry_lps - lpsFromRas(on_scalp_ras)).norm(), kOnSphereMm);
  EXPECT_NEAR(t->target_lps.norm(), kCortexRadiusMm, kOnSphereMm);
  EXPECT_NEAR((t->target_lps - t->entry_lps).norm(), kHeadRadiusMm - kCortexRadiusMm,
              2 * kOnSphereMm);
  // Straight in: the target lies on the line from the centre through the scalp position.
  EXPECT_LT((t->target_lps.normalized() - t->entry_lps.normalized()).norm() * kHeadRadiusMm,
            2 * kOnSphereMm);
  // The same position as ras: stays on the scalp (the point itself is the target).
  auto same = without_mni_.resolve(*parseTargetSpec(std::string("ras:") + (text + 6)));
  ASSERT_TRUE(same.ok());
  auto on_scalp = planTarget(with_cortex, *same, PlanOptions{});
  ASSERT_TRUE(on_scalp.ok()) << on_scalp.error();
  EXPECT_NEAR(on_scalp->target_lps.norm(), kHeadRadiusMm, kOnSphereMm);
}

TEST_F(Planning, PlannedMniPointKeepsTheExactMniCoordinate) {
  auto r = with_mni_.resolve(*parseTargetSpec("mni:-30,40,20"));
  ASSERT_TRUE(r.ok());
  auto t = planTarget(surfaces_, *r, PlanOptions{}, &registration_);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_LT((*t->target_mni_lps - lpsFromRas({-30, 40, 20})).norm(), kExactMm);
}

TEST_F(Planning, LandmarksAreMovedOntoTheScalpAndUnknownOnesRefused) {
  EXPECT_FALSE(with_mni_.setLandmark("vertex", Eigen::Vector3d::Zero()).ok());
  ASSERT_TRUE(with_mni_.setLandmark("nasion", {0, -120, 10}).ok());
  EXPECT_LT(std::abs(with_mni_.landmarks().at("nasion").norm() - kHeadRadiusMm), kOnSphereMm);
}

// Issue 26: the landmarks a user places are an independent check of the MNI registration.
// A nasion placed where the registration put the inion (a registration turned front to
// back) refuses MNI targets with the reason; one placed a few mm off does not.
TEST_F(Planning, HandPlacedLandmarksThatContradictTheRegistrationRefuseMniTargets) {
  constexpr double kSmallCorrectionMm = 8.0;
  const auto mni = *parseTargetSpec("mni:-30,40,20");
  ASSERT_TRUE(with_mni_.setLandmark("nasion", {kSmallCorrectionMm, -kHeadRadiusMm, 0}).ok());
  EXPECT_TRUE(with_mni_.resolve(mni).ok());
  ASSERT_TRUE(with_mni_.setLandmark("nasion", {0, kHeadRadiusMm, 0}).ok());
  auto refused = with_mni_.resolve(mni);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("nasion you placed"), std::string::npos) << refused.error();
}

PlannedTarget named(const std::string& name, double x) {
  PlannedTarget t;
  t.name = name;
  t.entry_lps = {x, 0, 0};
  return t;
}

TEST(TargetList, PutActivatesAndReplacesBySameName) {
  TargetList list;
  EXPECT_EQ(list.active(), nullptr);
  list.put(named("a", 1));
  list.put(named("b", 2));
  EXPECT_EQ(list.active()->name, "b");
  list.put(named("a", 3));
  ASSERT_EQ(list.all().size(), 2u);
  EXPECT_EQ(list.active()->name, "a");
  EXPECT_EQ(list.active()->entry_lps.x(), 3);
}

TEST(TargetList, SelectAndRemoveOutOfRangeAreRefused) {
  TargetList list;
  EXPECT_FALSE(list.select(0).ok());
  EXPECT_FALSE(list.remove(0).ok());
  list.put(named("a", 1));
  EXPECT_FALSE(list.select(1).ok());
  EXPECT_TRUE(list.select(0).ok());
}

TEST(TargetList, RemovingBeforeTheActiveKeepsTheActiveTarget) {
  TargetList list;
  for (const char* n : {"a", "b", "c"}) list.put(named(n, 0));
  ASSERT_TRUE(list.select(2).ok());
  ASSERT_TRUE(list.remove(0).ok());
  EXPECT_EQ(list.active()->name, "c");
}

TEST(TargetList, RemovingTheLastActiveMovesToThePrevious) {
  TargetList list;
  for (const char* n : {"a", "b"}) list.put(named(n, 0));
  ASSERT_TRUE(list.remove(1).ok());
  EXPECT_EQ(list.active()->name, "a");
  ASSERT_TRUE(list.remove(0).ok());
  EXPECT_EQ(list.active(), nullptr);
}

TEST(TargetList, PatchesFollowTheirTarget) {
  TargetList list;
  list.put(named("atlas:BA9", 0));
  list.setPatch("atlas:BA9", {1, 0, 1});
  list.put(named("ras:1,2,3", 0));
  EXPECT_EQ(list.activePatch(), nullptr);
  ASSERT_TRUE(list.select(0).ok());
  ASSERT_NE(list.activePatch(), nullptr);
  EXPECT_EQ(list.activePatch()->size(), 3u);
  ASSERT_TRUE(list.remove(0).ok());
  list.put(named("atlas:BA9", 0));
  EXPECT_EQ(list.activePatch(), nullptr) << "a removed target's patch is gone with it";
}

}  // namespace
}  // namespace tmsnav
