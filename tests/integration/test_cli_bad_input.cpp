// Hostile and broken input: one "error: ..." line on stderr, exit 2, nothing on stdout,
// never a crash or a hang. (How fast a refusal is belongs to bench/, not to a test.)
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "tests/support/nifti_writer.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
// Bounds a hang only: a refusal still running then is killed and fails (exit 124).
constexpr int kHangBoundS = 120;

void expectRefused(const std::vector<std::string>& args, const std::string& must_mention = "") {
  const auto r = runTmsnav(args, kHangBoundS);
  std::string joined;
  for (const auto& a : args) joined += a + " ";
  EXPECT_EQ(r.exit_code, 2) << joined << "\nstderr: " << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << joined << "\nstderr: " << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  if (!must_mention.empty()) EXPECT_NE(r.err.find(must_mention), std::string::npos) << r.err;
}

// A NIfTI-1 header that promises 4096^3 float voxels (256 GiB) with no data behind it.
std::string hugeNiftiHeader() {
  std::string h(352, '\0');
  auto put32 = [&](size_t at, int32_t v) { std::memcpy(&h[at], &v, 4); };
  auto put16 = [&](size_t at, int16_t v) { std::memcpy(&h[at], &v, 2); };
  auto putf = [&](size_t at, float v) { std::memcpy(&h[at], &v, 4); };
  put32(0, 348);
  put16(40, 3);
  for (int d = 1; d <= 3; ++d) put16(40 + 2 * d, 4096);
  put16(70, 16);  // float32
  put16(72, 32);
  for (int d = 0; d <= 3; ++d) putf(76 + 4 * d, 1.0f);
  putf(108, 352.0f);
  std::memcpy(&h[344], "n+1\0", 4);
  return h;
}
}  // namespace

TEST(BadInput, CorruptAndHostileVolumes) {
  const std::string d = freshTempDir("hostile");
  writeFile(d + "/empty.nii.gz", "");
  std::string noise(4096, '\0');
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 2654435761u) >> 13);
  writeFile(d + "/random.nii.gz", noise);
  writeFile(d + "/picture.nii", std::string("\x89PNG\r\n\x1a\n", 8) + noise);
  writeFile(d + "/truncated.nii.gz", readFile(ch2()).substr(0, 200000));
  writeFile(d + "/huge.nii", hugeNiftiHeader());
  std::filesystem::create_directories(d + "/folder");
  writeFile(d + "/folder/notes.txt", "not an image");

  expectRefused({"info", d + "/does-not-exist.nii.gz"}, "no such file");
  expectRefused({"info", d + "/empty.nii.gz"}, "empty");
  expectRefused({"info", d + "/random.nii.gz", "--json"});
  expectRefused({"info", d + "/picture.nii"});
  expectRefused({"info", d + "/truncated.nii.gz", "--json"});
  expectRefused({"info", d + "/huge.nii"}, "voxels");
  expectRefused({"info", d + "/folder"});
  expectRefused({"segment", d + "/truncated.nii.gz", "--out", d + "/seg"});
}

// Valid files that are not a human head: segmenting them must refuse, not plan on noise.
TEST(BadInput, VolumesThatAreNotAHeadAreRefusedBySegment) {
  const std::string d = freshTempDir("nothead");
  constexpr int kN = 96;
  NiftiSpec spec;
  spec.dims = {kN, kN, kN, 1};
  spec.sform_code = 1;
  std::vector<std::uint8_t> noise(kN * kN * kN), inverted(kN * kN * kN);
  std::uint32_t state = 12345;
  for (auto& v : noise)
    v = static_cast<std::uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
  for (int k = 0; k < kN; ++k)  // bright everywhere but a dark ball: an inverted contrast
    for (int j = 0; j < kN; ++j)
      for (int i = 0; i < kN; ++i) {
        const int r2 =
            (i - kN / 2) * (i - kN / 2) + (j - kN / 2) * (j - kN / 2) + (k - kN / 2) * (k - kN / 2);
        inverted[(k * kN + j) * kN + i] = r2 < 30 * 30 ? 20 : 200;
      }
  writeNifti(d + "/noise.nii", spec, noise);
  writeNifti(d + "/inverted.nii", spec, inverted);
  NiftiSpec giant = spec;  // the ball as a head-sized object, but with 10 mm voxels
  giant.sform.topLeftCorner<3, 3>() *= 10.0;
  std::vector<std::uint8_t> ball(inverted.size());
  for (size_t i = 0; i < ball.size(); ++i) ball[i] = inverted[i] == 20 ? 200 : 10;
  writeNifti(d + "/giant.nii", giant, ball);
  expectRefused({"segment", d + "/noise.nii", "--out", d + "/o1"}, "fills");
  expectRefused({"segment", d + "/inverted.nii", "--out", d + "/o2"}, "fills");
  expectRefused({"segment", d + "/giant.nii", "--out", d + "/o3"}, "voxel size");
  expectRefused({"plan", d + "/noise.nii", "--target", "ras:0,0,0", "--out", d + "/p.json"},
                "fills");
}

TEST(BadInput, DicomHeaderPromisingBillionsOfPixelsIsRefusedBeforeDecoding) {
  // The explicit-little-endian slice with Rows and Columns patched to 65535.
  std::string bytes = readFile(testData("dicom/transfer_syntaxes/1.dcm"));
  for (const std::string tag : {std::string("\x28\x00\x10\x00US\x02\x00", 8),
                                std::string("\x28\x00\x11\x00US\x02\x00", 8)}) {
    const size_t at = bytes.find(tag);
    ASSERT_NE(at, std::string::npos);
    bytes[at + 8] = '\xff';
    bytes[at + 9] = '\xff';
  }
  // Not a mosaic any more, so the size check (not the mosaic refusal) is what refuses it.
  bytes.replace(bytes.find("MOSAIC"), 6, "OTHER ");
  const std::string d = freshTempDir("hostile-dicom");
  writeFile(d + "/huge.dcm", bytes);
  expectRefused({"info", d + "/huge.dcm", "--json"});
  std::string noise(4096, 'x');
  writeFile(d + "/noise.dcm", std::string(128, '\0') + "DICM" + noise);
  expectRefused({"info", d + "/noise.dcm"});
}

// Found by `scripts/fuzz dicom_scan` (issue 28): one bit flipped in the real XA30 enhanced
// file (the VR of (0028,1051) at byte 184,500, "DS" -> "D\xd3") put GDCM out of step with the
// file until it stopped the process on an assertion (SIGABRT, exit 134), in the folder scan
// and in `info FILE` alike. tmsnav's walk over the elements (imaging/dicom_lengths.h) refuses it.
TEST(BadInput, DicomWithOneFlippedBitIsRefusedNotAborted) {
  constexpr size_t kFlippedAt = 184500;
  std::string bytes = readFile(testData("dicom/siemens_xa30_enhanced_t1/t1_tfl.dcm"));
  const size_t at = bytes.find(std::string("\x28\x00\x51\x10"
                                           "DS",
                                           6),
                               kFlippedAt - 500);
  ASSERT_EQ(at, kFlippedAt);
  bytes[at + 5] = '\xd3';
  const std::string d = freshTempDir("flipped-dicom");
  std::filesystem::create_directories(d + "/xa");
  writeFile(d + "/xa/t1_tfl.dcm", bytes);
  expectRefused({"info", d + "/xa"}, "no valid VR");
  expectRefused({"info", d + "/xa/t1_tfl.dcm", "--json"}, "no valid VR");
}

// Found by `scripts/fuzz dicom_scan` (issue 28): Samples per Pixel 17 in a slice's header
// stopped GDCM on its assertion (spp <= 4) while it scanned the folder: exit 134.
TEST(BadInput, DicomWithImpossibleSamplesPerPixelIsRefusedNotAborted) {
  std::string bytes = readFile(testData("dicom/transfer_syntaxes/1.dcm"));  // explicit VR LE
  const size_t at = bytes.find(std::string("\x28\x00\x02\x00US\x02\x00", 8));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 8] = 17;
  const std::string d = freshTempDir("spp-dicom");
  std::filesystem::create_directories(d + "/spp");
  writeFile(d + "/spp/slice.dcm", bytes);
  expectRefused({"info", d + "/spp"}, "Samples per Pixel");
  expectRefused({"info", d + "/spp/slice.dcm"}, "Samples per Pixel");
}

// Found by `scripts/fuzz dicom_scan` (issue 28): the real Philips enhanced header with
// 55,628 bytes erased from byte 39,874 ends inside an undefined-length item, and GDCM's
// DataSet::ReadNested asserts that it stopped at the item's end: exit 134.
TEST(BadInput, DicomEndingInsideASequenceIsRefusedNotAborted) {
  constexpr size_t kErasedFrom = 39874, kErased = 55628;  // the fuzzer's mutation
  std::string bytes = readFile(testData("dicom/philips_enhanced_multivolume/IM_0027_fMAP.dcm"));
  bytes.resize(bytes.rfind(std::string("\xe0\x7f\x10\x00", 4)));  // the header (the seed)
  bytes.erase(kErasedFrom, kErased);
  const std::string d = freshTempDir("cut-dicom");
  std::filesystem::create_directories(d + "/cut");
  writeFile(d + "/cut/IM_0027_fMAP.dcm", bytes);
  expectRefused({"info", d + "/cut"}, "ends inside a sequence");
  expectRefused({"info", d + "/cut/IM_0027_fMAP.dcm"}, "ends inside a sequence");
}

// Found by `scripts/fuzz dicom_scan` (issue 28): a data set without the Part 10 header (GDCM
// reads those too) followed by 7 bytes, less than an element: GDCM asserts "Should not
// happen" on the half element: exit 134. Made here from a real slice's data set.
TEST(BadInput, DicomEndingInTheMiddleOfAnElementIsRefusedNotAborted) {
  const std::string slice = readFile(testData("dicom/ge_gantry_tilt/11.dcm"));
  const size_t from =
      slice.find(std::string("\x08\x00\x05\x00"
                             "CS",
                             6));                                     // after group 0002
  const size_t to = slice.rfind(std::string("\xe0\x7f\x10\x00", 4));  // before the pixels
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  const std::string d = freshTempDir("half-element-dicom");
  std::filesystem::create_directories(d + "/raw");
  writeFile(d + "/raw/slice.dcm", slice.substr(from, to - from) + std::string("\x28\x00\x04\x00"
                                                                              "CS\x0c",
                                                                              7));
  expectRefused({"info", d + "/raw"}, "in the middle of an element");
}

// Found by `scripts/fuzz dicom_scan` (issue 28): files of 4 to 7 bytes ((0008,007a) alone;
// "SS" as a VR read big endian; groups 0839 and 102d) and an 11-byte one of an odd group made
// GDCM assert while ITK scanned the folder (exit 134). Files the walk does not take for
// DICOM are now never shown to GDCM: such a folder holds no DICOM series, and beside real
// slices they are left out and the series loads.
TEST(BadInput, DicomFolderWithFilesThatAreNotDicomNeverAborts) {
  const std::string d = freshTempDir("tag-only-dicom");
  std::filesystem::create_directories(d + "/tag");
  for (const std::string& bytes :
       {std::string("\x08\x00\x7a\x00", 4), std::string("SSzNSS\0", 7),
        std::string("\x39\x08\x10\x00\x3a", 5), std::string("\x2d\x10\x10\x00", 4),
        std::string("\xff\x3f\x3f\xfe\x3f\x3f\x3f\x3f\x3f\x3f\x00", 11)}) {
    writeFile(d + "/tag/x", bytes);
    expectRefused({"info", d + "/tag"}, "no DICOM image series");
    expectRefused({"info", d + "/tag/x"});
  }
  // Beside a real series: the series loads, the stray files (a README, the 4-byte tag) are
  // left out.
  std::filesystem::create_directories(d + "/series");
  for (const auto& f : std::filesystem::directory_iterator(testData("dicom/siemens_t1_sag_hfs")))
    std::filesystem::copy_file(f.path(), d + "/series/" + f.path().filename().string());
  writeFile(d + "/series/README", "readme\n");
  writeFile(d + "/series/x", std::string("\x08\x00\x7a\x00", 4));
  const auto r = runTmsnav({"info", d + "/series", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // And 8 bytes: a group 0002 element of undefined length, no VR ("0 && ..." in GDCM's
  // file meta reader).
  writeFile(d + "/tag/x", std::string("\x02\x00\x00\xff\xff\xff\xff\xff", 8));
  expectRefused({"info", d + "/tag"}, "without VRs");
  writeFile(d + "/tag/x", std::string("\x02\x00\x00\x00\x00\x00\x00\x00", 8));
  expectRefused({"info", d + "/tag"}, "without VRs");
}

// Found by `scripts/fuzz dicom_scan` (finding 13): a Part 10 file whose file meta group
// length (0002,0000) runs past the end of the file: GDCM read on and asserted (exit 134).
TEST(BadInput, DicomWhoseFileMetaGroupRunsPastTheFileIsRefusedNotAborted) {
  const std::string bytes(
      "\x00\xff\xff\xff\xff\xff\xff\xff\xff\x00\xf0\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x44\x49\x43\x4d\x02\x00\x00\x00\x55\x4c\x04\x00\xc4\x00\x00"
      "\x00"
      "\x02\x00\x01\x00\x4f\x42\x00\x00\x02\x00\x00\x00\x00\x01\x02\x00\x02\x00\x55\x49\x1a\x00\x30"
      "\x2e"
      "\x32\x2e\x38\x34\x30\x2e\x31\x30\x30\x30\x38\x2e\x35\x2e\x31\x2e\x34\x2e\x31\x2e\x31\x2e\x34"
      "\x00"
      "\x02\x00\x03\x00\x55\x49\x32\x00\x31\x2e\x32\x2e\x32\x37\x36\x2e\x30\x2e\x37\x32\x33\x30\x30"
      "\x31"
      "\x30\x2e\x33\x2e\x31\x2e\x34\x2e\x30\x2e\x32\x33\x36\x34\x35\x2e\x31\x36\x32\x38\x35\x32\x34"
      "\x36"
      "\x35\x31\x2e\x36\x36\x39\x30\x32\x38\x00\x02\x00\x10\x00\x55\x49\x16\x00\x31\x2e\x32\x2e\x38"
      "\x34"
      "\x3b\x30\x31\x33\x19\x10\x4c\x4f\x06\x00\x41\x31\x2f\x46\x53\x20",
      280);
  const std::string d = freshTempDir("meta-past-end");
  std::filesystem::create_directories(d + "/m");
  writeFile(d + "/m/x", bytes);
  expectRefused({"info", d + "/m"}, "group length (0002,0000) runs past the end");
  expectRefused({"info", d + "/m/x"}, "group length (0002,0000) runs past the end");
}

TEST(BadInput, UsageErrorsAndBadArguments) {
  const std::string d = freshTempDir("usage");
  expectRefused({"info"});
  expectRefused({"frobnicate"});
  expectRefused({"info", ch2(), "--no-such-flag"});
  expectRefused({"plan", ch2(), "--target", "ras:1,2", "--out", d + "/p.json"}, "ras:1,2");
  expectRefused({"plan", ch2(), "--target", "ras:nan,2,3", "--out", d + "/p.json"});
  expectRefused({"plan", ch2(), "--target", "mars:1,2,3", "--out", d + "/p.json"});
  writeFile(d + "/broken.json", "{\"targets\": [");
  expectRefused({"simulate", "--plan", d + "/broken.json", "--out", d + "/s.jsonl"});
  writeFile(
      d + "/shear.json",
      R"({"mri_path":"x","targets":[{"name":"t","method":"ras","target_ras_mm":[0,0,0],)"
      R"("entry_ras_mm":[0,0,80],"coil_to_mri_ras":[[1,0.5,0,0],[0,1,0,0],[0,0,1,80],[0,0,0,1]]}]})");
  expectRefused({"simulate", "--plan", d + "/shear.json", "--out", d + "/s.jsonl"}, "orthonormal");
  expectRefused(
      {"simulate", "--plan", d + "/shear.json", "--seconds", "-1", "--out", d + "/s.jsonl"});
  expectRefused(
      {"render", "--plan", d + "/shear.json", "--screenshot", d + "/x.png", "--size", "10x10"});
  EXPECT_FALSE(std::filesystem::exists(d + "/p.json"));
  EXPECT_FALSE(std::filesystem::exists(d + "/s.jsonl"));
}

// Issue 28: a misspelt command is refused as one (with the list of commands), not taken as
// the app's MRI; a first word that names an MRI still opens the app (here: fails to load it
// as a missing file, which is the MRI path, not the command path).
TEST(BadInput, MisspeltCommandIsNamedWithTheCommandList) {
  expectRefused({"segmnt", "x"}, "unknown command 'segmnt'");
  expectRefused({"segmnt", "x"}, "did you mean 'segment'?");
  expectRefused({"segmnt"}, "unknown command 'segmnt'");
  expectRefused({"frobnicate"}, "unknown command 'frobnicate'");
  const auto r = runTmsnav({"sgement", "x", "--out", "y"}, kHangBoundS);
  for (const char* command : {"info", "segment", "plan", "track", "register", "report", "import"})
    EXPECT_NE(r.err.find(std::string(" ") + command), std::string::npos)
        << command << ": " << r.err;
  // Words that can only be an MRI are not called commands, whatever else goes wrong.
  for (const std::string mri : {"missing.nii.gz", "scans/missing", "MISSING.NRRD"}) {
    const auto m = runTmsnav({mri, "extra"}, kHangBoundS);
    EXPECT_EQ(m.exit_code, 2) << mri << ": " << m.err;
    EXPECT_EQ(m.err.find("unknown command"), std::string::npos) << mri << ": " << m.err;
  }
}

// Every subcommand's --help exits 0 and the ones that used to lie do not (segment wrote
// only a head mask and a scalp mesh once; it now writes every mask and mesh it names).
TEST(BadInput, HelpLinesMatchWhatCommandsDo) {
  const auto top = runTmsnav({"--help"}, kHangBoundS);
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(top.out.find("head mask and scalp mesh"), std::string::npos) << top.out;
  const auto seg = runTmsnav({"segment", "--help"}, kHangBoundS);
  ASSERT_EQ(seg.exit_code, 0) << seg.err;
  for (const char* output : {"brain", "intracranial", "tissue", "cortex", "inner-skull"})
    EXPECT_NE(seg.out.find(output), std::string::npos) << output << " missing from: " << seg.out;
}
