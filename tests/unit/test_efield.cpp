// The E-field model (efield/) against physics and published figures: the sphere formula's
// properties, the published single-dipole value, the Magstim 70 mm figure-8 on an 85 mm
// sphere against two independent models, the dipole sets' convergence, the sphere fit and
// the handle-angle sweep.
#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "efield/angle_sweep.h"
#include "efield/coil_field.h"
#include "efield/sphere_field.h"
#include "efield/sphere_fit.h"

using namespace tmsnav::efield;

namespace {
constexpr double kExactRel = 1e-12;  // floating-point agreement of equal formulas
// r0 = (0,0,0.300) m, m = (1,0,0) m^2, dI/dt = 1e6 A/s at r = (0,0,0.085) m (issue 29).
constexpr double kPublishedEy = -0.30647;  // V/m
constexpr double kPublishedTolVPerM = 5e-6;
// The 70 mm figure-8 tangent to an 85 mm sphere, 15 mm deep on its axis: two independent
// models give 1.501 and 1.544 V/m per A/us; this model must be within 5 % of both.
constexpr double kModelA = 1.501, kModelB = 1.544;  // V/m per A/us
constexpr double kFigure8Tol = 0.05;
constexpr double kSphereRadiusMm = 85.0;
constexpr double kAlongHandle = 0.999;  // |E . y| / |E| at the centre
// Lifting the coil 4 mm lowers the field at 15 mm depth by about 15 %.
constexpr double kLiftMm = 4.0, kLiftDrop = 0.15, kLiftTol = 0.05;
constexpr double kRefinementTol = 0.01;  // reference vs a finer set
constexpr double kLiveTol = 0.02;        // live set vs reference
// Exact for the continuous winding; the dipole grid is symmetric to about 1e-7.
constexpr double kHalfTurnTol = 1e-5;

WindingGeometry figure8() {
  WindingGeometry w;
  w.turns = 9;
  w.inner_loop_radius_mm = 26.5;
  w.outer_loop_radius_mm = 43.5;
  w.height_mm = 7.0;
  w.casing_below_mm = 3.0;
  w.wings = {{Eigen::Vector2d(-44, 0), 1.0}, {Eigen::Vector2d(44, 0), -1.0}};
  return w;
}

// The coil's face touching the top of a sphere centred at the origin, +z into the head,
// lifted by lift_mm, handle turned by angle_deg about the coil axis.
Eigen::Isometry3d onTop(double lift_mm = 0.0, double angle_deg = 0.0) {
  Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
  pose.linear() = (Eigen::AngleAxisd(std::numbers::pi, Eigen::Vector3d::UnitX()) *
                   Eigen::AngleAxisd(angle_deg * std::numbers::pi / 180, Eigen::Vector3d::UnitZ()))
                      .toRotationMatrix();
  pose.translation() = Eigen::Vector3d(0, 0, kSphereRadiusMm + lift_mm);
  return pose;
}

Eigen::Vector3d onAxis(double depth_mm) {
  return {0, 0, kSphereRadiusMm - depth_mm};
}

Eigen::Vector3d figure8Field(const DipoleResolution& res, double depth_mm, double lift_mm = 0.0) {
  const auto coil =
      placeCoil(windingDipoles(figure8(), res), onTop(lift_mm), Eigen::Vector3d::Zero());
  return fieldAt(coil, onAxis(depth_mm), 1.0);
}
}  // namespace

TEST(SphereField, RadialDipoleGivesThePrimaryField) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int i = 0; i < 50; ++i) {
    const Eigen::Vector3d dir = Eigen::Vector3d(u(rng), u(rng), u(rng)).normalized();
    const Eigen::Vector3d r0 = (0.09 + 0.02 * std::abs(u(rng))) * dir;
    const Eigen::Vector3d m = 2.5 * u(rng) * dir;  // radial, either sign
    const Eigen::Vector3d r = 0.07 * Eigen::Vector3d(u(rng), u(rng), u(rng)) / std::sqrt(3.0);
    const Eigen::Vector3d e = dipoleFieldPerAps(r, r0, m), p = primaryFieldPerAps(r, r0, m);
    EXPECT_LE((e - p).norm(), kExactRel * p.norm() + 1e-30) << i;
  }
}

TEST(SphereField, HasNoRadialComponent) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int i = 0; i < 200; ++i) {
    const Eigen::Vector3d r0 = 0.1 * Eigen::Vector3d(u(rng), u(rng), u(rng)).normalized();
    const Eigen::Vector3d m(u(rng), u(rng), u(rng));
    const Eigen::Vector3d r = 0.08 * Eigen::Vector3d(u(rng), u(rng), u(rng)) / std::sqrt(3.0);
    const Eigen::Vector3d e = dipoleFieldPerAps(r, r0, m);
    EXPECT_LE(std::abs(e.dot(r)), 1e-10 * e.norm() * r.norm() + 1e-30) << i;
  }
}

TEST(SphereField, OppositeDipolesAtOnePointCancel) {
  const Eigen::Vector3d r0(0.01, -0.02, 0.095), m(0.3, -0.7, 1.1), r(0.0, 0.01, 0.07);
  const Eigen::Vector3d sum = dipoleFieldPerAps(r, r0, m) + dipoleFieldPerAps(r, r0, -m);
  EXPECT_LE(sum.norm(), kExactRel * dipoleFieldPerAps(r, r0, m).norm());
}

TEST(SphereField, ReproducesThePublishedDipoleValue) {
  const Eigen::Vector3d e =
      dipoleFieldPerAps({0, 0, 0.085}, {0, 0, 0.300}, {1, 0, 0}) * 1e6;  // dI/dt 1e6 A/s
  EXPECT_NEAR(e.x(), 0.0, kPublishedTolVPerM);
  EXPECT_NEAR(e.y(), kPublishedEy, kPublishedTolVPerM);
  EXPECT_NEAR(e.z(), 0.0, kPublishedTolVPerM);
}

TEST(Figure8, FifteenMmDeepMatchesTwoIndependentModels) {
  const Eigen::Vector3d e = figure8Field(kReferenceResolution, 15.0);
  EXPECT_NEAR(e.norm(), kModelA, kFigure8Tol * kModelA);
  EXPECT_NEAR(e.norm(), kModelB, kFigure8Tol * kModelB);
  // Along the handle axis: the coil's y is the world's -y here.
  const Eigen::Vector3d y_coil = onTop().linear().col(1);
  EXPECT_GE(std::abs(e.normalized().dot(y_coil)), kAlongHandle);
  // The documented convention (assets/coils/figure8_70mm.json): away from the handle while
  // dI/dt > 0.
  EXPECT_LT(e.dot(y_coil), 0.0);
}

TEST(Figure8, DeeperIsWeaker) {
  double previous = std::numeric_limits<double>::infinity();
  for (double depth : {10.0, 15.0, 20.0, 25.0}) {
    const double e = figure8Field(kReferenceResolution, depth).norm();
    EXPECT_LT(e, previous) << depth << " mm";
    previous = e;
  }
}

TEST(Figure8, LiftingFourMmLowersTheFieldByAboutFifteenPercent) {
  const double drop = 1.0 - figure8Field(kReferenceResolution, 15.0, kLiftMm).norm() /
                                figure8Field(kReferenceResolution, 15.0).norm();
  EXPECT_NEAR(drop, kLiftDrop, kLiftTol);
}

TEST(Figure8, ReferenceChangesBelowOnePercentWhenRefined) {
  for (double depth : {10.0, 15.0, 20.0, 25.0}) {
    const double ref = figure8Field(kReferenceResolution, depth).norm();
    const double finer = figure8Field({0.5, 8}, depth).norm();
    EXPECT_LT(std::abs(ref / finer - 1.0), kRefinementTol) << depth << " mm";
  }
}

TEST(Figure8, LiveSetStaysWithinTwoPercentOfTheReference) {
  const auto ref =
      placeCoil(windingDipoles(figure8(), kReferenceResolution), onTop(), Eigen::Vector3d::Zero());
  const auto live =
      placeCoil(windingDipoles(figure8(), kLiveResolution), onTop(), Eigen::Vector3d::Zero());
  EXPECT_LT(windingDipoles(figure8(), kLiveResolution).size(), 1000u);
  // Points 10-30 mm deep within 30 mm of the axis, where the field is over half its peak.
  for (double depth = 10; depth <= 30; depth += 5)
    for (double x = -30; x <= 30; x += 10)
      for (double y = -30; y <= 30; y += 10) {
        const double rr = kSphereRadiusMm - depth;
        const Eigen::Vector3d p(x, y, std::sqrt(rr * rr - x * x - y * y));
        const Eigen::Vector3d er = fieldAt(ref, p, 1.0), el = fieldAt(live, p, 1.0);
        if (er.norm() < 0.5 * fieldAt(ref, onAxis(depth), 1.0).norm()) continue;
        EXPECT_LT((el - er).norm() / er.norm(), kLiveTol) << p.transpose();
      }
}

TEST(Figure8, EveryLoopAreaIsCarriedAtAnyResolution) {
  // Total |moment| per wing per ampere: sum over loops of pi R^2.
  double expected = 0;
  for (int k = 0; k < 9; ++k)
    expected += std::numbers::pi * std::pow((26.5 + 17.0 * k / 8) * 1e-3, 2);
  for (const auto& res : {kLiveResolution, kReferenceResolution}) {
    const auto d = windingDipoles(figure8(), res);
    double plus = 0;
    for (const auto& m : d.moments_m2) plus += std::max(0.0, m.z());
    EXPECT_NEAR(plus, expected, 1e-9 * expected);
  }
}

TEST(Stimulator, DidtIsLinearInIntensity) {
  EXPECT_DOUBLE_EQ(didtAtIntensity(114.73, 100.0), 114.73);
  EXPECT_DOUBLE_EQ(didtAtIntensity(114.73, 50.0), 114.73 / 2);
}

TEST(SphereFit, RecoversAKnownSphereFromANoisyPatch) {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 0.5);
  const Eigen::Vector3d centre(3, -20, 12);
  const double radius = 78;
  std::vector<Eigen::Vector3d> pts;
  for (int i = 0; i < 2000; ++i) {  // a cap 40 mm across
    const double th = 0.5 * std::acos(1 - std::uniform_real_distribution<double>(0, 1)(rng) * 0.25);
    const double ph = std::uniform_real_distribution<double>(0, 2 * std::numbers::pi)(rng);
    const Eigen::Vector3d dir(std::sin(th) * std::cos(ph), std::sin(th) * std::sin(ph),
                              std::cos(th));
    pts.push_back(centre + (radius + noise(rng)) * dir);
  }
  const auto s = fitSphere(pts);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->radius_mm, radius, 2.0);
  EXPECT_LT((s->centre_mm - centre).norm(), 2.0);
  EXPECT_NEAR(s->rms_mm, 0.5, 0.1);
}

TEST(SphereFit, RefusesAFlatSet) {
  std::vector<Eigen::Vector3d> pts;
  for (int i = 0; i < 100; ++i) pts.emplace_back(i % 10, i / 10, 0.0);
  EXPECT_FALSE(fitSphere(pts));
}

TEST(AngleSweep, FindsTheMaximumBetweenSteps) {
  const double truth = 37.3;
  const auto s =
      sweepAngle([&](double a) { return std::cos((a - truth) * std::numbers::pi / 180); });
  EXPECT_NEAR(s.best_angle_deg, truth, 0.05);
  EXPECT_EQ(s.curve.size(), 72u);
  const auto lifted =
      sweepAngle([&](double a) { return 2.0 + std::cos(a * std::numbers::pi / 180); });
  EXPECT_NEAR(curveSpreadPct(lifted), 100.0 * 2.0 / 3.0, 1e-9);  // from 3 down to 1
  // Half a turn around 100 degrees: wraps past 180, finds the maximum inside the window.
  const auto half = sweepAngle(
      [&](double a) { return std::cos((a - 170.0) * std::numbers::pi / 180); }, 10.0, 190.0);
  EXPECT_EQ(half.curve.size(), 36u);
  EXPECT_NEAR(half.best_angle_deg, 170.0, 0.05);
}

TEST(AngleSweep, TheHandleTurnedHalfATurnGivesTheSameFieldStrengthReversed) {
  const auto dipoles = windingDipoles(figure8(), kLiveResolution);
  const Eigen::Vector3d target(12, -7, kSphereRadiusMm - 18);
  for (double a : {0.0, 33.0, 90.0}) {
    const auto e1 =
        fieldAt(placeCoil(dipoles, onTop(0.0, a), Eigen::Vector3d::Zero()), target, 1.0);
    const auto e2 =
        fieldAt(placeCoil(dipoles, onTop(0.0, a + 180), Eigen::Vector3d::Zero()), target, 1.0);
    EXPECT_LT((e1 + e2).norm(), kHalfTurnTol * e1.norm()) << a;
  }
}

// Acting on the answer: turning the coil to the sweep's best angle gives the target more
// field than any other step of the sweep, and turning away from it loses field.
TEST(AngleSweep, TurningTheHandleToTheBestAngleMaximisesTheTargetField) {
  const auto dipoles = windingDipoles(figure8(), kLiveResolution);
  const Eigen::Vector3d target(12, -7, kSphereRadiusMm - 18);  // off the axis
  auto value = [&](double a) {
    return fieldAt(placeCoil(dipoles, onTop(0.0, a), Eigen::Vector3d::Zero()), target, 1.0).norm();
  };
  const auto s = sweepAngle(value);
  for (const auto& [a, v] : s.curve) EXPECT_LE(v, s.best_value + 1e-12) << a;
  double previous = s.best_value;
  for (double off : {2.0, 5.0, 10.0, 20.0}) {  // the error grows, the field shrinks
    const double v = value(s.best_angle_deg + off);
    EXPECT_LT(v, previous) << off;
    previous = v;
  }
}

// The coil's field (coil_field's kernel, factored for speed) is the sphere formula summed
// over the dipoles: the same numbers to floating-point agreement, anywhere in the head.
TEST(CoilField, EqualsTheSphereFormulaSummedOverTheDipoles) {
  const auto coil = windingDipoles(figure8(), kLiveResolution);
  const Eigen::Vector3d centre(3.0, -2.0, 1.0);
  const auto placed = placeCoil(coil, onTop(2.0, 30.0), centre);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-60.0, 60.0);
  for (int k = 0; k < 50; ++k) {
    const Eigen::Vector3d p(u(rng), u(rng), 0.5 * u(rng) + 20.0);
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    for (size_t i = 0; i < placed.r0_m.size(); ++i)
      sum += dipoleFieldPerAps((p - centre) * 1e-3, placed.r0_m[i], placed.m_m2[i]);
    sum *= 100.0 * 1e6;  // 100 A/us
    const Eigen::Vector3d e = fieldAt(placed, p, 100.0);
    EXPECT_LE((e - sum).norm(), 1e-10 * sum.norm()) << p.transpose();
  }
}
