#include "imaging/brain_segmenter.h"

#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
ImageF::Pointer binaryAsFloat(const ImageF* image) {
  auto out = ImageF::New();
  out->CopyInformation(image);
  out->SetRegions(image->GetLargestPossibleRegion());
  out->Allocate();
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* in = image->GetBufferPointer();
  float* o = out->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) o[i] = in[i] > 0.0f ? 1.0f : 0.0f;
  return out;
}

MaskImage::Pointer thresholded(const ImageF* image, float level) {
  auto mask = newMaskLike(image);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* in = image->GetBufferPointer();
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = in[i] >= level ? 1 : 0;
  return mask;
}
}  // namespace

Result<BrainMaskResult> segmentBrain(const Volume& subject, const MniRegistration& registration,
                                     const Volume& template_brain, const MaskImage* head_mask,
                                     const BrainSegmenterOptions& options,
                                     const Progress& progress) {
  try {
    BrainMaskResult r;
    progress(0.0, "brain: template prior");
    // Carried on a coarse grid first: resampling the 1 mm template straight onto a fine
    // subject grid costs seconds, and the prior is smooth at this scale anyway.
    auto grid = blockAveraged(subject.image, options.grid_mm);  // only its geometry is used
    auto prior =
        resampledOnto(binaryAsFloat(template_brain.image), grid, registration.subject_to_mni);
    if (progress.cancelled()) return Error{"cancelled"};
    progress(0.4, "brain: mask");
    r.mask = thresholded(resampledOnto(prior, subject.image), 0.5f);
    if (head_mask) {
      unsigned char* m = r.mask->GetBufferPointer();
      const unsigned char* h = head_mask->GetBufferPointer();
      const size_t n = r.mask->GetLargestPossibleRegion().GetNumberOfPixels();
      for (size_t i = 0; i < n; ++i) m[i] = m[i] && h[i];
    }
    if (progress.cancelled()) return Error{"cancelled"};
    progress(0.6, "brain: closing");
    closeMask(r.mask, options.closing_radius_mm);
    fillHoles(r.mask);
    if (keepLargestComponent(r.mask) == 0) return Error{"no brain found inside the head"};
    r.volume_ml = maskVolumeMl(r.mask);
    progress(1.0, "brain mask");
    return r;
  } catch (const itk::ExceptionObject& e) {
    return Error{"brain segmentation failed: " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
