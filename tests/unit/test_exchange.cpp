// Issue 15: targets and pulses through Brainsight, Localite, Slicer and CSV files and back,
// coil axes included, and hand-written files in each format's documented layout
// (../shared/INTEROP.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/coords.h"
#include "io/exchange.h"

using namespace tmsnav;

namespace {
// The issue's round-trip tolerances.
constexpr double kRoundTripMm = 0.01;
constexpr double kRoundTripDeg = 0.01;
constexpr double kTimeTolS = 0.001;  // Brainsight writes milliseconds

Transform<frame::Coil, frame::Mri> pose(double x, double y, double z, double angle_deg,
                                        const Eigen::Vector3d& axis) {
  Eigen::Isometry3d m = Eigen::Isometry3d::Identity();
  m.linear() = Eigen::AngleAxisd(radFromDeg(angle_deg), axis.normalized()).toRotationMatrix();
  m.translation() = Eigen::Vector3d(x, y, z);
  return Transform<frame::Coil, frame::Mri>(m);
}

void expectSamePose(const Transform<frame::Coil, frame::Mri>& a,
                    const Transform<frame::Coil, frame::Mri>& b, const std::string& what) {
  EXPECT_LT((a.iso().translation() - b.iso().translation()).norm(), kRoundTripMm) << what;
  const Eigen::AngleAxisd diff(a.iso().linear().transpose() * b.iso().linear());
  EXPECT_LT(degFromRad(std::abs(diff.angle())), kRoundTripDeg) << what;
}

Exchange sample() {
  Exchange e;
  e.created_by = "tmsnav test";
  e.start_unix_s = 1796072798.25;
  e.targets = {{"DLPFC, left", pose(-53.2, 56.7, 34.6, 37.0, {0.3, -0.5, 0.8}),
                Eigen::Vector3d(38, -44, 26)},
               {"M1 (handle turned)", pose(37.1, 21.4, 71.9, 180.0, {0, 0, 1}), std::nullopt}};
  ExchangePulse tracked{
      "pulse 1", pose(-54.1, 56.6, 38.9, 12.0, {1, 1, 0}), 4.25, 55.0, 120.0, 850.0, "day 1"};
  ExchangePulse untracked{"pulse 2", std::nullopt, 4.35, 55.0, std::nullopt, std::nullopt, "day 1"};
  ExchangePulse turned{
      "pulse 3", pose(-53.9, 56.2, 38.1, 179.0, {0, 0, 1}), 4.45, 60.0, 118.0, 910.0, "day 1"};
  e.pulses = {tracked, untracked, turned};
  return e;
}

std::string temp(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("tmsnav-exchange-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string write(const std::string& name, const std::string& text) {
  const std::string path = temp(name);
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(Exchange, EveryFormatRoundTripsTargetsAndPulsesWithTheirCoilAxes) {
  const Exchange e = sample();
  struct Case {
    ExchangeFormat format;
    const char* file;
    bool targets, pulses, cortex, relative_time;
  };
  for (const Case& c :
       {Case{ExchangeFormat::Brainsight, "a.txt", true, true, false, true},
        Case{ExchangeFormat::LocaliteInstruments, "i.xml", true, false, false, false},
        Case{ExchangeFormat::LocaliteTriggers, "t.xml", false, true, false, false},
        Case{ExchangeFormat::Slicer, "s.mrk.json", true, false, true, false},
        Case{ExchangeFormat::Csv, "c.csv", true, true, true, false}}) {
    const std::string path = temp(c.file);
    ASSERT_TRUE(exportExchange(e, c.format, path).ok()) << c.file;
    auto back = importExchange(path);
    ASSERT_TRUE(back.ok()) << c.file << ": " << back.error();
    if (c.targets) {
      ASSERT_EQ(back->targets.size(), e.targets.size()) << c.file;
      for (size_t i = 0; i < e.targets.size(); ++i) {
        EXPECT_EQ(back->targets[i].name, e.targets[i].name) << c.file;
        expectSamePose(back->targets[i].coil_to_mri, e.targets[i].coil_to_mri, c.file);
        if (c.cortex)
          EXPECT_EQ(back->targets[i].cortex_lps.has_value(), e.targets[i].cortex_lps.has_value());
      }
    }
    if (!c.pulses) continue;
    ASSERT_EQ(back->pulses.size(), e.pulses.size()) << c.file;
    for (size_t i = 0; i < e.pulses.size(); ++i) {
      const auto& a = e.pulses[i];
      const auto& b = back->pulses[i];
      ASSERT_EQ(b.coil_to_mri.has_value(), a.coil_to_mri.has_value()) << c.file << " pulse " << i;
      if (a.coil_to_mri) expectSamePose(*b.coil_to_mri, *a.coil_to_mri, c.file);
      ASSERT_TRUE(b.t_s.has_value()) << c.file;
      const double expected_t = c.relative_time ? *a.t_s - *e.pulses[0].t_s : *a.t_s;
      EXPECT_NEAR(*b.t_s, expected_t, kTimeTolS) << c.file;
      EXPECT_EQ(b.intensity_pct_mso, a.intensity_pct_mso) << c.file;
      EXPECT_EQ(b.mep_uv, a.mep_uv) << c.file;
    }
  }
}

TEST(Exchange, CoilAxesFollowEachProductsConvention) {
  Exchange e;
  e.targets = {{"t", pose(1, 2, 3, 0.0, {0, 0, 1}), std::nullopt}};  // tmsnav axes = RAS axes
  // RAS identity in LPS inside: the pose's rotation is diag(-1, -1, 1) in LPS.
  e.targets[0].coil_to_mri = Transform<frame::Coil, frame::Mri>(
      Eigen::Isometry3d(lpsMatrixFromRas(Eigen::Matrix4d::Identity())));
  const std::string bs = temp("axes.txt"), loc = temp("axes.xml");
  ASSERT_TRUE(exportExchange(e, ExchangeFormat::Brainsight, bs).ok());
  ASSERT_TRUE(exportExchange(e, ExchangeFormat::LocaliteInstruments, loc).ok());
  std::stringstream bs_text, loc_text;
  bs_text << std::ifstream(bs).rdbuf();
  loc_text << std::ifstream(loc).rdbuf();
  // Brainsight: x and z flipped (m0n0 = -1, m2n2 = -1); its y along the handle too.
  EXPECT_NE(bs_text.str().find("t\t0.000000\t0.000000\t0.000000\t-1.000000\t0.000000\t0.000000\t"
                               "0.000000\t1.000000\t0.000000\t0.000000\t0.000000\t-1.000000"),
            std::string::npos)
      << bs_text.str();
  // Localite: x = tmsnav z (column 0 = (0,0,1)), y = -tmsnav y, z = tmsnav x.
  for (const char* cell : {"data00=\"0.000000\"", "data20=\"1.000000\"", "data11=\"-1.000000\"",
                           "data02=\"1.000000\""})
    EXPECT_NE(loc_text.str().find(cell), std::string::npos) << cell;
}

// Files laid out as the products document them, not as tmsnav writes them.
TEST(Exchange, ReadsFilesInEachProductsDocumentedLayout) {
  // Brainsight v7: one "Stim. Power", columns in another order, a (null) sample, sections
  // tmsnav does not read.
  const std::string brainsight = write(
      "v7.txt",
      "# Version: 7\n# Coordinate system: NIfTI:Aligned\n# Created by: Brainsight 2.0\n"
      "# Units: millimetres, degrees, milliseconds, and microvolts\n"
      "# Target Name\tm0n0\tm0n1\tm0n2\tm1n0\tm1n1\tm1n2\tm2n0\tm2n1\tm2n2\tLoc. X\tLoc. Y\tLoc. "
      "Z\n"
      "F3\t-1\t0\t0\t0\t1\t0\t0\t0\t-1\t-40.5\t50.25\t30\n"
      "# Sample Name\tSession Name\tIndex\tAssoc. Target\tLoc. X\tLoc. Y\tLoc. Z\tm0n0\tm0n1\tm0n2"
      "\tm1n0\tm1n1\tm1n2\tm2n0\tm2n1\tm2n2\tStim. Power\tDate\tTime\tEMG Peak-to-peak 1\n"
      "Sample 1\tSession 1\t1\tF3\t-40\t50\t31\t-1\t0\t0\t0\t1\t0\t0\t0\t-1\t62\t2024-03-01\t"
      "10:00:00.000\t512.5\n"
      "Sample 2\tSession 1\t2\tF3\t(null)\t(null)\t(null)\t(null)\t(null)\t(null)\t(null)\t(null)"
      "\t(null)\t(null)\t(null)\t(null)\t62\t2024-03-01\t10:00:01.500\t(null)\n"
      "# Planned Landmark Name\tLoc. X\tLoc. Y\tLoc. Z\nNasion\t0\t80\t-40\n");
  auto b = importExchange(brainsight);
  ASSERT_TRUE(b.ok()) << b.error();
  ASSERT_EQ(b->targets.size(), 1u);
  const Eigen::Matrix4d t = rasFromCoilPose(b->targets[0].coil_to_mri);
  EXPECT_TRUE(t.block(0, 0, 3, 3).isIdentity(1e-9))
      << "Brainsight's flipped axes are tmsnav's identity";
  EXPECT_TRUE(t.col(3).head(3).isApprox(Eigen::Vector3d(-40.5, 50.25, 30)));
  ASSERT_EQ(b->pulses.size(), 2u);
  EXPECT_EQ(b->pulses[0].intensity_pct_mso, 62.0);
  EXPECT_EQ(b->pulses[0].mep_uv, 512.5);
  EXPECT_FALSE(b->pulses[1].coil_to_mri.has_value());
  EXPECT_NEAR(*b->pulses[1].t_s, 1.5, kTimeTolS);

  // Brainsight's own voxel space cannot be placed without the image: refused, with why.
  auto own = importExchange(write("own.txt",
                                  "# Version: 14\n# Coordinate system: Brainsight\n"
                                  "# Target Name\tLoc. X\tLoc. Y\tLoc. Z\nF3\t1\t2\t3\n"));
  ASSERT_FALSE(own.ok());
  EXPECT_NE(own.error().find("NIfTI:Aligned"), std::string::npos) << own.error();

  // Localite, older LPS file: rows 0 and 1 negated; an untracked trigger stays untracked.
  auto loc = importExchange(write(
      "lps.xml",
      R"(<?xml version="1.0"?><TriggerMarkerList coordinateSpace="LPS" startTime="10:00:00.00">)"
      R"(<TriggerMarker recordingTime="1500" set="true" description=""><ResponseValues>)"
      R"(<Value key="valueA" response="95"/><Value key="amplitudeA" response="60"/>)"
      R"(<Value key="response" response="NaN"/></ResponseValues><Matrix4D data00="0" data01="0")"
      R"( data02="-1" data03="40" data10="0" data11="1" data12="0" data13="-50" data20="1" data21="0")"
      R"( data22="0" data23="30" data30="0" data31="0" data32="0" data33="1"/></TriggerMarker>)"
      R"(<TriggerMarker recordingTime="2500" set="false"><Matrix4D data00="1" data01="0" data02="0")"
      R"( data03="0" data10="0" data11="1" data12="0" data13="0" data20="0" data21="0" data22="1")"
      R"( data23="0" data30="0" data31="0" data32="0" data33="1"/></TriggerMarker></TriggerMarkerList>)"));
  ASSERT_TRUE(loc.ok()) << loc.error();
  ASSERT_EQ(loc->pulses.size(), 2u);
  const Eigen::Matrix4d p = rasFromCoilPose(*loc->pulses[0].coil_to_mri);
  EXPECT_TRUE(p.col(3).head(3).isApprox(Eigen::Vector3d(-40, 50, 30)));
  EXPECT_TRUE(p.block(0, 0, 3, 3).isIdentity(1e-9)) << p;  // RAS diag(1,1,1) via P
  EXPECT_EQ(loc->pulses[0].didt_a_per_us, 95.0);
  EXPECT_FALSE(loc->pulses[0].mep_uv.has_value());
  EXPECT_NEAR(*loc->pulses[0].t_s, 1.5, kTimeTolS);
  EXPECT_FALSE(loc->pulses[1].coil_to_mri.has_value());

  // Slicer markups in LPS without orientation: position x and y negated.
  auto slicer = importExchange(write(
      "lps.mrk.json",
      R"({"@schema":"https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/)"
      R"(Markups/Resources/Schema/markups-schema-v1.0.3.json#","markups":[{"type":"Fiducial",)"
      R"("controlPoints":[{"id":"1","label":"F3","position":[40,-50,30]}]}]})"));
  ASSERT_TRUE(slicer.ok()) << slicer.error();
  EXPECT_TRUE(rasFromCoilPose(slicer->targets[0].coil_to_mri)
                  .col(3)
                  .head(3)
                  .isApprox(Eigen::Vector3d(-40, 50, 30)));
}

TEST(Exchange, RefusesWhatItCannotPlace) {
  const std::string deep = [] {
    std::string s = "<InstrumentMarkerList>";
    for (int i = 0; i < 5000; ++i) s += "<a>";
    for (int i = 0; i < 5000; ++i) s += "</a>";
    return s + "</InstrumentMarkerList>";
  }();
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"broken.xml", "<InstrumentMarkerList><InstrumentMarker>"},
           {"deep.xml", deep},
           {"other.xml", "<Patient/>"},
           {"shear.csv",
            "kind,name,x_ras_mm,y_ras_mm,z_ras_mm,r00,r01,r02,r10,r11,r12,r20,r21,r22\n"
            "target,t,0,0,0,1,0.5,0,0,1,0,0,0,1\n"},
           {"nan.csv",
            "kind,name,x_ras_mm,y_ras_mm,z_ras_mm,r00,r01,r02,r10,r11,r12,r20,r21,r22\n"
            "target,t,nan,0,0,1,0,0,0,1,0,0,0,1\n"},
           {"noschema.mrk.json", R"({"markups":[]})"},
           {"empty.txt", ""},
           {"random.bin", "\x01\x02\x03 not a list"}}) {
    auto r = importExchange(write(name, text));
    EXPECT_FALSE(r.ok()) << name;
    if (!r.ok()) EXPECT_EQ(r.error().find('\n'), std::string::npos) << "one line: " << r.error();
  }
}
