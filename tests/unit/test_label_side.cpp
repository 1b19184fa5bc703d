// Which point labels face the viewer (render/label_side.h): a head-sized sphere seen from
// its left, in LPS (+x the patient's left).
#include <gtest/gtest.h>

#include "render/label_side.h"

namespace tmsnav {
namespace {

constexpr double kHeadRadiusMm = 90.0;
const Eigen::Vector3d kCentre(0, 0, 0);
const Eigen::Vector3d kCameraOnTheLeft(520, 0, 0);

TEST(LabelSide, PointsBehindTheHeadAreNotLabelledAndTheRimStillIs) {
  const Eigen::Vector3d left_dlpfc(50, -60, 40), right_dlpfc(-50, -60, 40);
  EXPECT_TRUE(labelFacesCamera(left_dlpfc, kCentre, kCameraOnTheLeft));
  EXPECT_FALSE(labelFacesCamera(right_dlpfc, kCentre, kCameraOnTheLeft));
  // The nasion, at the front of the midline, is on the rim seen from the left: labelled.
  EXPECT_TRUE(labelFacesCamera({0, -kHeadRadiusMm, 0}, kCentre, kCameraOnTheLeft));
  EXPECT_FALSE(labelFacesCamera({-kHeadRadiusMm, 0, 0}, kCentre, kCameraOnTheLeft));  // rpa
  EXPECT_TRUE(labelFacesCamera({kHeadRadiusMm, 0, 0}, kCentre, kCameraOnTheLeft));    // lpa
  // A point at the centre has no side: labelled rather than lost.
  EXPECT_TRUE(labelFacesCamera(kCentre, kCentre, kCameraOnTheLeft));
}

}  // namespace
}  // namespace tmsnav
