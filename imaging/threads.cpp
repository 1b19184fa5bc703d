#include "imaging/threads.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include <itkMultiThreaderBase.h>

namespace tmsnav {

// ITK's threads, and VTK's through the environment variable VTK 9.1 reads when its SMP layer
// first starts (its vtkSMPTools.h does not compile as C++20). VTK's threaded locators sort
// cells in parallel; with more than one thread a ray through an edge shared by two
// triangles could take either, and the cohort test saw 10-20 entries differ in the 14th
// digit between two --threads 1 runs (2026-12-07, under load).
void limitThreads(int n) {
  n = std::max(1, n);
  itk::MultiThreaderBase::SetGlobalMaximumNumberOfThreads(n);
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(n);
  setenv("VTK_SMP_MAX_THREADS", std::to_string(n).c_str(), 1);
}

}  // namespace tmsnav
