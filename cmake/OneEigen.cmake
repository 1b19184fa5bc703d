# One Eigen for the whole program.
#
# Debian's ITK 5.2 is built without ITK_USE_SYSTEM_EIGEN: its headers include their bundled
# Eigen 3.3.9 as "itkeigen/Eigen/<Module>" (itk_eigen.h's ITK_EIGEN macro), still in namespace
# Eigen, while tmsnav uses Debian's Eigen 3.4. A translation unit that includes an ITK header
# (itkSymmetricEigenAnalysis.h, reached through itkImage.h) then mixes modules of both
# versions, and inline Eigen functions of the same name but different code meet at link
# time: an ODR violation that ASan caught as a stack-buffer-overflow in niftiWorld (-O3 hid
# it).
#
# itk_eigen.h reads ITK_USE_SYSTEM_EIGEN itself: defined, ITK_EIGEN(x) is "Eigen/x", which the
# include path resolves to Debian's Eigen (there is no Eigen/ beside ITK's headers). So every
# ITK header is compiled against the one Eigen tmsnav uses. ITK's libraries export no Eigen
# symbol (nm -D), so nothing compiled against 3.3.9 is linked in.
# tests/unit/test_one_eigen.cpp checks it. (A folder of forwarding headers does not work:
# itk_eigen.h's quoted include finds ITK's copy beside itself before any -I folder.)
function(tmsnav_one_eigen)
  foreach(dir ${ITK_INCLUDE_DIRS})
    if(EXISTS "${dir}/itk_eigen.h")
      file(STRINGS "${dir}/itk_eigen.h" defined REGEX "^#define ITK_USE_SYSTEM_EIGEN")
      if(NOT defined)
        add_compile_definitions(ITK_USE_SYSTEM_EIGEN)
      endif()
      return()
    endif()
  endforeach()
endfunction()
tmsnav_one_eigen()
