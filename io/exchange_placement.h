#pragma once
// Imported poses carried onto the patient's MRI when the file's coordinates are not the
// MRI's world: Brainsight's NIfTI:Scanner (the image's qform world) checked against the
// MRI's header, and MNI poses (a Localite session on an MNI template) carried through the
// patient's MNI registration, as plan carries `mni:` targets.
#include <string>

#include "imaging/mni_registration.h"
#include "imaging/nifti_header.h"
#include "io/exchange.h"

namespace tmsnav {

// Scanner (qform) coordinates onto the MRI's world (the sform when set: nibabel's choice).
// When the two agree within kQformSformAgreementMm nothing moves; otherwise every pose is
// placed through the qform (world = W * Q^-1 * scanner), refused when that is not rigid.
// Returns what was done, for the output.
constexpr double kQformSformAgreementMm = 0.1;
Result<std::string> placeScannerOnMri(Exchange& e, const NiftiHeader& mri);

// ANT's associated image against the MRI: both qforms put the MRI's corners within
// kSameImageMm of each other, or the file was made on another image (refused).
constexpr double kSameImageMm = 0.5;
Result<std::string> checkAssociatedImage(const Exchange& e, const NiftiHeader& mri);
// The MRI's qform as ANT writes it, for an export.
AssociatedImage associatedImageOf(const NiftiHeader& mri);

// MNI poses onto the subject: positions through registration.toSubject (the map `mni:`
// targets take), each coil's axes through the map's linear part, made a rotation again (the
// affine scales the head; a coil stays rigid). Refused when the registration is unusable.
Result<std::string> placeMniOnSubject(Exchange& e, const MniRegistration& registration);

}  // namespace tmsnav
