// Debian's ITK 5.2 generated its compiler detection for gcc only ("Unsupported compiler"
// under clang). The fuzz targets only need ITK's headers to parse: this file is
// force-included first (-include) and reads ITK's detection while presenting clang as the
// gcc 12 ITK was built with; ITK's later includes of it stop at its include guard.
#pragma once
#pragma push_macro("__clang__")
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#undef __clang__
#undef __GNUC__
#undef __GNUC_MINOR__
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#include </usr/include/ITK-5.2/itk_compiler_detection.h>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#pragma pop_macro("__clang__")
