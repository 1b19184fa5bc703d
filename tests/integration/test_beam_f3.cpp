// Beam F3's distances against the Beam F3 calculator's own worked example.
#include <gtest/gtest.h>

#include "imaging/ten_twenty.h"

using namespace tmsnav;

TEST(BeamF3, CalculatorExampleGivesItsPublishedFirstNumber) {
  // A clinician's demonstration (cloudneuro.com, "Finding DLPFC using the Beam Method"):
  // tragus-tragus 36 cm, nasion-inion 38 cm, circumference 60 cm give X = 6.95 cm.
  constexpr double kRoundingMm = 0.5;  // the calculator prints 0.01 cm
  const BeamF3Distances d = beamF3Distances(360.0, 380.0, 600.0);
  EXPECT_NEAR(d.along_circumference_mm, 69.5, kRoundingMm);
  // Y: from the vertex to F3, about a quarter of the nasion-inion arc for a head this size.
  EXPECT_GT(d.from_vertex_mm, 80.0);
  EXPECT_LT(d.from_vertex_mm, 110.0);
  // Both scale with the head.
  const BeamF3Distances big = beamF3Distances(396.0, 418.0, 660.0);
  EXPECT_NEAR(big.along_circumference_mm, 1.1 * d.along_circumference_mm, 1e-6);
  EXPECT_NEAR(big.from_vertex_mm, 1.1 * d.from_vertex_mm, 1e-6);
}
