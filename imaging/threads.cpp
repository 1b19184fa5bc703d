#include "imaging/threads.h"

#include <algorithm>

#include <itkMultiThreaderBase.h>

namespace tmsnav {

// ITK only: VTK's threaded filters here (flying edges) give the same output with any number
// of threads, and VTK 9.1's vtkSMPTools.h does not compile as C++20.
void limitThreads(int n) {
  n = std::max(1, n);
  itk::MultiThreaderBase::SetGlobalMaximumNumberOfThreads(n);
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(n);
}

}  // namespace tmsnav
