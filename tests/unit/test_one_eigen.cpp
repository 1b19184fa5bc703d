// One Eigen in the whole program (cmake/OneEigen.cmake). ITK's own header comes first here on
// purpose: without the redirect it would bring ITK's bundled Eigen 3.3.9 into this
// translation unit, and the rest of tmsnav Debian's 3.4, an ODR violation ASan caught in
// niftiWorld.
#include <itkSymmetricEigenAnalysis.h>

#include <Eigen/Core>
#include <gtest/gtest.h>

namespace {

// The Eigen every other translation unit of tmsnav compiles against (libeigen3-dev).
constexpr int kDebianEigenWorld = 3;
constexpr int kDebianEigenMajor = 4;

TEST(OneEigen, ItkHeadersCompileAgainstDebiansEigenNotTheirBundledCopy) {
  EXPECT_EQ(EIGEN_WORLD_VERSION, kDebianEigenWorld);
  EXPECT_EQ(EIGEN_MAJOR_VERSION, kDebianEigenMajor)
      << "an ITK header brought its bundled Eigen 3." << EIGEN_MAJOR_VERSION << "."
      << EIGEN_MINOR_VERSION << " (itkeigen) into a translation unit";
}

TEST(OneEigen, ItksEigenAnalysisStillSolvesThroughDebiansEigen) {
  // A symmetric matrix with known eigenvalues 1, 2, 3: ITK's code path that uses Eigen.
  itk::SymmetricEigenAnalysis<itk::Matrix<double, 3, 3>, itk::FixedArray<double, 3>> analysis(3);
  itk::Matrix<double, 3, 3> m;
  m.Fill(0.0);
  m(0, 0) = 2.0;
  m(1, 1) = 3.0;
  m(2, 2) = 1.0;
  itk::FixedArray<double, 3> eigenvalues;
  analysis.SetOrderEigenValues(true);
  analysis.SetUseEigenLibraryOn();
  analysis.ComputeEigenValues(m, eigenvalues);
  constexpr double kEigenvalueTolerance = 1e-12;
  EXPECT_NEAR(eigenvalues[0], 1.0, kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues[1], 2.0, kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues[2], 3.0, kEigenvalueTolerance);
}

}  // namespace
